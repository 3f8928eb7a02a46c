"""The follow-up plan of a grant: the first reassessment a new grant opens, and cancelling what is due.

Each planned follow-up has its deadline as a `cases.Deadline` (the first: FIRST_FOLLOW_UP, later ones:
FOLLOW_UP), so the inbox and supervision see it beside the case's other deadlines.
"""

from __future__ import annotations

import datetime as dt

from kompensation.cases.models import Deadline, DeadlineKind, Grant

from ..models import FollowUp, FollowUpForm, FollowUpStatus, Participant

FIRST_RULE = "BEK § 15 stk. 4: revurdering senest 1 år efter bevilling"
PLAN_RULE = "Opfølgningsplan (BEK § 15 stk. 4 og § 29)"


def follow_up_first_open(*, grant: Grant, due: dt.date) -> FollowUp:
    """A new grant's first reassessment, due no later than a year after the grant (in the caller's
    transaction: `cases.services.decision_send`). The caseworker chooses its form when planning it; until
    then it is a phone call with the person and the employer, the commonest form after the digital one."""
    deadline = Deadline.objects.create(
        case=grant.case, kind=DeadlineKind.FIRST_FOLLOW_UP, due=due, rule=FIRST_RULE
    )
    participants = [Participant.PERSON] + ([Participant.EMPLOYER] if grant.case.employer_id else [])
    return FollowUp.objects.create(
        grant=grant,
        case=grant.case,
        first=True,
        due=due,
        form=FollowUpForm.PHONE,
        participants=participants,
        deadline=deadline,
    )


def follow_ups_cancel(*, grant: Grant, at: dt.datetime) -> int:
    """The grant ended or was decided again: its planned follow-ups are no longer due (caller's
    transaction). Their deadlines are closed so they leave the inbox; the follow-ups stay as history."""
    planned = FollowUp.objects.filter(grant=grant, status=FollowUpStatus.PLANNED)
    Deadline.objects.filter(follow_up__in=planned, met_at__isnull=True).update(met_at=at)
    # Deadlines of grants decided before follow-up plans existed have no follow-up row.
    grant.case.deadlines.filter(
        kind=DeadlineKind.FIRST_FOLLOW_UP, met_at__isnull=True, follow_up__isnull=True
    ).update(met_at=at)
    return planned.update(status=FollowUpStatus.CANCELLED)
