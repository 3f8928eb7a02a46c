"""CVR register adapter. The offline implementation reads the local fictitious register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError


@dataclass(frozen=True)
class CvrCompany:
    cvr: str
    name: str
    address: str
    postcode: str
    city: str
    active_from: dt.date
    active_to: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


class CvrRegister(Protocol):
    def lookup(self, cvr: str) -> CvrCompany | None: ...


class OfflineCvrRegister:
    """Offline adapter: answers from `OfflineCvrRecord`, filled by demo data and tests."""

    def lookup(self, cvr: str) -> CvrCompany | None:
        from .models import OfflineCvrRecord

        record = OfflineCvrRecord.objects.filter(cvr=cvr).first()
        if record is None:
            return None
        return CvrCompany(
            cvr=record.cvr,
            name=record.name,
            address=record.address,
            postcode=record.postcode,
            city=record.city,
            active_from=record.active_from,
            active_to=record.active_to,
        )


@cache
def cvr_register() -> CvrRegister:
    register: CvrRegister = import_string(settings.KOMPENSATION_CVR_REGISTER)()
    return register


def clean_cvr(value: str) -> str:
    """The CVR number as eight digits, or ValueError with a Danish message (format and check digit)."""
    try:
        return str(stdnum_cvr.validate(value.strip()))
    except StdnumError as exc:
        raise ValueError("Indtast et gyldigt CVR-nummer med 8 cifre.") from exc
