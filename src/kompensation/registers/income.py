"""eIndkomst adapter: did this company pay wages to this person in the period?"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db.models import Sum
from django.utils.module_loading import import_string


class IncomeRegister(Protocol):
    def wages_paid(self, *, cvr: str, cpr: str, start: dt.date, end: dt.date) -> Decimal | None:
        """Total wages reported in the months touching [start, end]; None when the register cannot answer."""
        ...


class OfflineIncomeRegister:
    """Offline adapter: answers from `OfflineIncomeRecord`, filled by demo data and tests."""

    def wages_paid(self, *, cvr: str, cpr: str, start: dt.date, end: dt.date) -> Decimal | None:
        from .models import OfflineIncomeRecord

        total = OfflineIncomeRecord.objects.filter(
            cvr=cvr, cpr=cpr, month__gte=start.replace(day=1), month__lte=end
        ).aggregate(total=Sum("amount"))["total"]
        return total if total is not None else Decimal(0)


@cache
def income_register() -> IncomeRegister:
    register: IncomeRegister = import_string(settings.KOMPENSATION_INCOME_REGISTER)()
    return register
