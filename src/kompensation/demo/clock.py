"""The stand-in clock the generator runs the services under, and small day and hour helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kompensation.rules import deadlines, pa

_REAL_NOW = timezone.now


# --- the clock ---------------------------------------------------------------------------------------


class _Clock:
    """Stands in for `django.utils.timezone.now` while the generator runs.

    The services stamp `timezone.now()` and compute deadlines from `timezone.localdate()`; with this
    clock set to the day a step happened, events, deadlines, hearings, decisions, grants and letters
    (including the date printed in the letter) are all consistent, and nothing needs back-dating by
    queryset `.update()` afterwards (CaseEvent.save() refuses updates on purpose).
    """

    def __init__(self) -> None:
        self.moment: dt.datetime | None = None

    def now(self) -> dt.datetime:
        return self.moment if self.moment is not None else _REAL_NOW()


def _next_workday(day: dt.date) -> dt.date:
    return deadlines.next_working_day(day)


def _previous_workday(day: dt.date) -> dt.date:
    while not deadlines.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _half_hours(units: int) -> Decimal:
    return Decimal(units) / 2


def _hours_text(value: Decimal) -> str:
    return pa.format_hours(value)
