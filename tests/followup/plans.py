"""Granted cases for the plans-and-records tests: built through the services, like the real thing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases import services
from kompensation.cases.models import Case, Grant
from kompensation.followup.models import FollowUp
from tests import factories

CHECKS_ALL_YES = {
    code: {"answer": "yes", "note": ""}
    for code in (
        "cvr_active",
        "employed",
        "medical_current",
        "tasks_hours",
        "assistants",
        "aids_considered",
        "next_follow_up",
    )
}


def granted(caseworker: User, *, until_further_notice: bool = False, **application: Any) -> Case:
    """A case in the caseworker's municipality with a sent grant of 7 hours a week from today: time-limited
    to 31 December next year, or until further notice."""
    today = timezone.localdate()
    if until_further_notice:
        application |= {"until_further_notice": True, "period_to": None}
    case = services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(
            cpr=factories.register_person(code=caseworker.municipality.code),
            cvr=factories.register_company(),
            **application,
        ),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    services.case_record_active_step(case=case, user=caseworker, kind="workplace_visit", on=today)
    factories.investigate(case, caseworker)
    if until_further_notice:
        decision = factories.grant_draft(case, user=caseworker)
    else:
        decision = services.decision_draft(
            case=case,
            user=caseworker,
            assistant_ids=[a.pk for a in case.application.assistants.all()],
            data={
                "outcome": "grant",
                "hours_per_week": Decimal("7"),
                "start_date": today,
                "end_date": dt.date(today.year + 1, 12, 31),
                "period_type": "time_limited",
                "period_reason": "Vurderes igen",
                "rate_type": "standard",
                "reasons": "Behov for oplæsning",
            },
        )
    services.decision_send(decision=decision, user=caseworker)
    case.refresh_from_db()
    return case


def grant_of(case: Case) -> Grant:
    return case.grants.get(status="active")


def first_follow_up(case: Case) -> FollowUp:
    return grant_of(case).follow_ups.get(first=True)


def checks(**answers: tuple[str, str]) -> dict[str, dict[str, str]]:
    """All seven checks answered «ja», with the given ones replaced by (answer, note)."""
    result = {code: dict(value) for code, value in CHECKS_ALL_YES.items()}
    for code, (answer, note) in answers.items():
        result[code] = {"answer": answer, "note": note}
    return result
