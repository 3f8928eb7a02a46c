"""A small world for the visits tests: grants written directly (no letters), at one company or another."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kompensation.cases import services
from kompensation.cases.models import Case, CaseStatus, Decision, Grant, GrantStatus
from tests import factories


def grant(
    caseworker: Any,
    cvr: str,
    *,
    first_name: str = "Anne",
    start: dt.date = dt.date(2025, 1, 1),
    end: dt.date | None = None,
    status: str = GrantStatus.ACTIVE,
    ended_on: dt.date | None = None,
) -> Grant:
    """A decided case in the caseworker's municipality with a 7-hour grant at the company ``cvr``."""
    case = services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(
            cpr=factories.register_person(code=caseworker.municipality.code, first_name=first_name), cvr=cvr
        ),
        assistants=factories.ASSISTANT,
    )
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DECIDED)
    decision = Decision.objects.create(
        case=case,
        outcome="grant",
        hours_per_week=Decimal("7"),
        start_date=start,
        end_date=end,
        reasons="Behov for oplæsning",
        decided_by=caseworker,
        sent_at=timezone.now(),
    )
    return Grant.objects.create(decision=decision, case=case, status=status, ended_on=ended_on)
