"""Reads for renewals: a time-limited grant seen from its renewal, for Mine sider, the company's page and the
case page, and the lookups the renewal services share (the renewal applications, a later grant)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import has
from kompensation.cases.models import Application, ApplicationStatus, Case, Grant, GrantStatus
from kompensation.rules import followup as rules

from .models import RenewalReminder

# The person has applied once they have signed: the employer's co-signature is then asked for (and reminded
# by the co-signature reminders), so the person is not reminded to apply again.
APPLIED_STATUSES = (ApplicationStatus.AWAITING_EMPLOYER, ApplicationStatus.SUBMITTED)


def renewal_applications(grant: Grant) -> QuerySet[Application]:
    return Application.objects.filter(renews=grant).select_related("case").order_by("-created_at", "-pk")


def renewal_applied(grant: Grant) -> bool:
    return Application.objects.filter(renews=grant, status__in=APPLIED_STATUSES).exists()


def renewal_successor(grant: Grant) -> Grant | None:
    """A later running grant of the same kind for the same person (a renewal decided, a new application)."""
    return (
        Grant.objects.filter(
            case__person_id=grant.case.person_id,
            decision__grant_kind=grant.decision.grant_kind,
            decision__start_date__gt=grant.start_date,
            status=GrantStatus.ACTIVE,
        )
        .exclude(pk=grant.pk)
        .select_related("case", "decision")
        .order_by("decision__start_date", "pk")
        .first()
    )


@dataclasses.dataclass(frozen=True)
class RenewalStatus:
    """A time-limited grant seen from its renewal: its dates, what was sent, what has been applied for."""

    grant: Grant
    end_date: dt.date
    application_due: dt.date
    window_closes: dt.date
    lapsed: bool
    application: Application | None
    successor: Grant | None
    reminders: tuple[RenewalReminder, ...]

    @property
    def lapse_day(self) -> dt.date:
        return self.end_date + dt.timedelta(days=1)

    @property
    def is_draft(self) -> bool:
        return self.application is not None and self.application.status == ApplicationStatus.DRAFT

    @property
    def sent(self) -> Application | None:
        """The renewal application once the person has signed it (a draft is the person's own business)."""
        return None if self.application is None or self.is_draft else self.application

    @property
    def can_start(self) -> bool:
        """Mine sider offers «Søg om fornyelse»: nothing applied for, not renewed, not ended early."""
        return self.application is None and self.successor is None


def renewal_status(grant: Grant, today: dt.date) -> RenewalStatus:
    end = grant.end_date
    assert end is not None
    return RenewalStatus(
        grant=grant,
        end_date=end,
        application_due=rules.renewal_application_due(end),
        window_closes=rules.renewal_window_closes(end),
        lapsed=grant.status == GrantStatus.LAPSED or rules.has_lapsed(end, today),
        application=renewal_applications(grant).first(),
        successor=renewal_successor(grant),
        reminders=tuple(RenewalReminder.objects.filter(grant=grant).order_by("-weeks")),
    )


def _time_limited(q: Q) -> QuerySet[Grant]:
    """Time-limited grants that are running or have lapsed: the ones a renewal concerns."""
    return (
        Grant.objects.filter(q, decision__end_date__isnull=False)
        .filter(status__in=[GrantStatus.ACTIVE, GrantStatus.LAPSED])
        .select_related("case__person", "case__employer", "decision")
        .order_by("decision__end_date", "pk")
    )


def portal_renewals(*, user: User) -> list[RenewalStatus]:
    """The person's own time-limited grants (own CPR), or the company's (own CVR), from the first reminder
    (8 weeks before the end) until the renewal window closes (3 months after it)."""
    if user.role == Role.CITIZEN and user.cpr:
        scope = Q(case__person__cpr=user.cpr)
    elif user.role == Role.EMPLOYER and user.cvr:
        scope = Q(case__employer__cvr=user.cvr)
    else:
        return []
    today = timezone.localdate()
    return [
        renewal_status(grant, today)
        for grant in _time_limited(scope)
        if grant.end_date is not None and rules.renewal_offered(grant.end_date, today)
    ]


@dataclasses.dataclass(frozen=True)
class CaseRenewal:
    """The case page's renewal panel: the case's time-limited grant, and the grant this case renews."""

    status: RenewalStatus | None
    renews: Grant | None


def case_renewal(*, case: Case, user: User) -> CaseRenewal | None:
    if not has("followup.read_renewal", user, case):
        return None
    grant = _time_limited(Q(case=case)).order_by("-decision__start_date", "-pk").first()
    application = getattr(case, "application", None)
    renews = application.renews if application is not None else None
    if grant is None and renews is None:
        return None
    return CaseRenewal(
        status=renewal_status(grant, timezone.localdate()) if grant is not None else None, renews=renews
    )
