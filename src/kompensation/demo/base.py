"""The generator's foundation: its state, seeded randomness and the clock it sets step by step.

The generator is built in layers, each a module of its own: base → registers (CPR, CVR, offline
register records) → users (logins) → profiles (the case mix) → paperwork (the texts and fields of each
step) → cases (`_Generator`: plan, build and run) → complaints (`_Complaints`: the complaint journeys).
One seeded `random.Random` drives them all.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

from django.utils import timezone

from kompensation.accounts.models import Municipality, User
from kompensation.payments.models import Agency
from kompensation.registers.models import OfflineCprRecord, OfflineCvrRecord

from .clock import _REAL_NOW, _Clock, _days, _previous_workday
from .records import _Company

T = TypeVar("T")


class _GeneratorBase:
    """State shared by every layer, the seeded helpers and the stand-in clock's setting."""

    def __init__(
        self, *, rng: random.Random, clock: _Clock, main: Municipality, other: Municipality, today: dt.date
    ) -> None:
        self.rng = rng
        self.clock = clock
        self.main = main
        self.other = other
        self.today = today
        self.last_day = _previous_workday(today - _days(1))
        self.tz = timezone.get_default_timezone()
        self.cursor: dt.datetime | None = None
        # Numbers already in the offline registers (tests, earlier data) are never handed out again.
        self.cprs: set[str] = set(OfflineCprRecord.objects.values_list("cpr", flat=True))
        self.cvrs: set[str] = set(OfflineCvrRecord.objects.values_list("cvr", flat=True))
        self.companies: dict[str, list[_Company]] = {}
        self.demo_employer: _Company
        self.interpreter_agency: _Company
        self.agency: Agency  # the interpreter agency as the payments registry knows it
        self.users: dict[str, User] = {}
        self.employer_users: dict[str, User] = {}
        self.citizen_count = 0

    # -- randomness helpers

    def weighted(self, weights: Mapping[T, int]) -> T:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    # -- time

    def at(self, day: dt.date) -> None:
        """Set the clock to a working-hours moment on `day`, later than the previous step that day."""
        if self.cursor is not None and timezone.localtime(self.cursor, self.tz).date() == day:
            moment = self.cursor + dt.timedelta(minutes=self.rng.randint(2, 20))
        else:
            start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=self.tz)
            moment = start + dt.timedelta(minutes=self.rng.randint(0, 5 * 60))
        # Run before working hours (CI at night), a step today must still not lie in the future.
        moment = min(moment, _REAL_NOW() if self.cursor is None else max(_REAL_NOW(), self.cursor))
        self.cursor = moment
        self.clock.moment = moment.astimezone(dt.UTC)
