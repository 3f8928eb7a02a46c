"""Supervision of follow-up for the manager's overview: was the first reassessment held on time?

BEK § 15 stk. 4 asks for one reassessment no later than a year after the grant. The focus audit found it
held in 90 % of the cases where it was due (`rules.followup.AUDIT_FIRST_REASSESSMENT_HELD_PCT`); the
overview shows the municipality's own share beside that figure. One aggregate in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from kompensation.accounts.models import User
from kompensation.cases.models import Case
from kompensation.cases.permissions import case_scope
from kompensation.rules.followup import AUDIT_FIRST_REASSESSMENT_HELD_PCT, supervision_since

from .models import FollowUp, FollowUpStatus


@dataclass(frozen=True)
class FirstReassessments:
    """The first reassessments that fell due from `since` up to (not including) today, and those held by
    their date.

    A reassessment whose grant ended (or was decided again) before it fell due is no longer due, and is left
    out; one still planned after its date counts as not held on time."""

    since: dt.date
    due: int
    on_time: int
    audit_pct: int = AUDIT_FIRST_REASSESSMENT_HELD_PCT

    @property
    def pct(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(100 * self.on_time) / self.due).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def first_reassessments_on_time(*, user: User, today: dt.date) -> FirstReassessments:
    """The manager's municipality's first reassessments of the last 12 months: one query."""
    since = supervision_since(today)
    counts = (
        FollowUp.objects.filter(case__in=Case.objects.filter(case_scope(user)), first=True)
        .filter(due__gte=since, due__lt=today)
        .exclude(status=FollowUpStatus.CANCELLED)
        .aggregate(
            fell_due=Count("pk"),
            held_on_time=Count("pk", filter=Q(status=FollowUpStatus.DONE, held_on__lte=F("due"))),
        )
    )
    return FirstReassessments(since=since, due=counts["fell_due"], on_time=counts["held_on_time"])
