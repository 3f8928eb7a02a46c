"""Reads for the manager's overview: supervision of the complaint's steps (RSL §§ 66–67).

Every count is one aggregate in SQL over the manager's scope (`case_scope`), never a loop over cases, so
the page costs the same at 60 cases and at 60,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from kompensation.accounts.models import User

from .lifecycle import COMPLAINT_DEADLINE_KINDS
from .models import Case, CaseStatus, Deadline, DeadlineKind
from .permissions import case_scope
from .selectors import DEADLINE_LABELS


@dataclass(frozen=True)
class ComplaintCounts:
    open_complaints: int  # re-assessed by the municipality now
    reassessment_overdue: int  # the 4 weeks of RSL § 66 have passed without a change or a forwarding
    at_appeals: int  # waiting for Ankestyrelsen
    remanded: int  # remanded, the new decision not yet sent
    remanded_overdue: int


def _open_deadline(kind: str, *, overdue_on: dt.date | None = None) -> Exists:
    deadlines = Deadline.objects.filter(case=OuterRef("pk"), kind=kind, met_at__isnull=True)
    if overdue_on is not None:
        deadlines = deadlines.filter(due__lt=overdue_on)
    return Exists(deadlines)


def overview_complaints(*, user: User, today: dt.date) -> ComplaintCounts:
    """The complaint figures of the manager's municipality, in one query. A step is overdue when its
    deadline is still open and its date lies before today (the deadline day itself is still in time)."""
    counts = Case.objects.filter(case_scope(user)).aggregate(
        open_complaints=Count("pk", filter=Q(status=CaseStatus.COMPLAINT)),
        reassessment_overdue=Count(
            "pk", filter=Q(_open_deadline(DeadlineKind.REASSESSMENT, overdue_on=today))
        ),
        at_appeals=Count("pk", filter=Q(status=CaseStatus.FORWARDED)),
        remanded=Count("pk", filter=Q(_open_deadline(DeadlineKind.REMAND_DECISION))),
        remanded_overdue=Count(
            "pk", filter=Q(_open_deadline(DeadlineKind.REMAND_DECISION, overdue_on=today))
        ),
    )
    return ComplaintCounts(**counts)


@dataclass(frozen=True)
class OverdueStep:
    case_pk: int
    reference: str
    caseworker: str
    step: str
    due: dt.date
    days_overdue: int


def overview_overdue_complaint_steps(*, user: User, today: dt.date, limit: int = 50) -> list[OverdueStep]:
    """The complaint steps past their deadline (re-assessment, new decision after a remand), oldest first;
    one query."""
    rows = (
        Deadline.objects.filter(
            case__in=Case.objects.filter(case_scope(user)),
            kind__in=COMPLAINT_DEADLINE_KINDS,
            met_at__isnull=True,
            due__lt=today,
        )
        .select_related("case", "case__caseworker")
        .order_by("due", "case_id", "pk")[:limit]
    )
    return [
        OverdueStep(
            case_pk=d.case_id,
            reference=d.case.reference,
            caseworker=d.case.caseworker.display_name if d.case.caseworker else "Ufordelt",
            step=DEADLINE_LABELS[DeadlineKind(d.kind)],
            due=d.due,
            days_overdue=(today - d.due).days,
        )
        for d in rows
    ]
