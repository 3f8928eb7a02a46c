"""Shared by the questionnaire tests: a stand-in clock, the parties' logins, and a full set of answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

from kompensation.accounts.models import Role
from kompensation.cases.models import Case
from kompensation.followup.models import FollowUp
from tests import factories

CPH = ZoneInfo("Europe/Copenhagen")


@contextmanager
def on_day(day: dt.date, hour: int = 10) -> Iterator[None]:
    """`timezone.now` at `hour` o'clock Danish time on `day`."""
    moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=CPH).astimezone(dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def first_follow_up(case: Case) -> FollowUp:
    return case.grants.get().follow_ups.get(first=True)


def person_user(case: Case) -> Any:
    return factories.citizen(case.person.cpr)


def employer_user(case: Case, email: str = "chef@example.dk") -> Any:
    assert case.employer is not None
    return factories.user(Role.EMPLOYER, cvr=case.employer.cvr, code=None, email=email)


PERSON_ANSWERS: dict[str, dict[str, Any]] = {
    "job": {"answer": "no"},
    "tasks": {"answer": "yes", "detail": "Jeg har fået ansvar for kundemøder."},
    "hours": {"answer": "yes", "detail": "32,5"},
    "impairment": {"answer": "yes", "detail": "Synet er blevet dårligere siden foråret."},
    "organised": {"answer": "partly", "detail": "Assistenten har svært ved at nå morgenmøderne."},
    "aid": {"answer": "maybe", "detail": "Et program, der læser skærmen op."},
    "other": {"detail": ""},
}

EMPLOYER_ANSWERS: dict[str, dict[str, Any]] = {
    "job": {"answer": "no"},
    "tasks": {"answer": "no"},
    "hours": {"answer": "no"},
    "organised": {"answer": "yes"},
    "aid": {"answer": "yes", "detail": "Skærmlæser og forstørrelsesprogram."},
    "other": {"detail": "Samarbejdet med assistenten fungerer fint."},
}
