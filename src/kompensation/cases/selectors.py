"""Reads. Every query of cases goes through `case_queryset_visible_to`, the one scoping helper."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from kompensation.accounts.models import Municipality, Role, User
from kompensation.accounts.permissions import has
from kompensation.rules import deadlines

from .models import (
    DECISION_DEADLINE_KINDS,
    Application,
    Case,
    CaseEvent,
    CaseStatus,
    CaseworkSettings,
    Deadline,
    Document,
    EventType,
)
from .permissions import application_scope, case_scope, document_scope

OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.INVESTIGATING, CaseStatus.HEARING)


def case_queryset_visible_to(user: User) -> QuerySet[Case]:
    """Staff see their municipality's cases; an employer its own CVR's; a citizen their own CPR's."""
    return Case.objects.select_related("person", "employer", "municipality", "caseworker").filter(
        case_scope(user)
    )


def case_get_visible(*, user: User, pk: int) -> Case:
    case = case_queryset_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def case_can_edit(*, user: User, case: Case) -> bool:
    return has("cases.change_case", user, case)


def application_queryset_visible_to(user: User) -> QuerySet[Application]:
    """Applications before they become cases: the citizen's own, and those sent to the employer's CVR."""
    return Application.objects.select_related("person", "employer", "case").filter(application_scope(user))


def document_queryset_visible_to(user: User) -> QuerySet[Document]:
    return Document.objects.select_related("case", "application").filter(document_scope(user))


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    deadline: str = ""  # "", "overdue", "week"
    q: str = ""
    mine: bool = True


def inbox_cases(*, user: User, filters: InboxFilters, today: dt.date) -> QuerySet[Case]:
    """Open cases with their next open deadline, overdue first, then soonest."""
    next_due = (
        Deadline.objects.filter(case=OuterRef("pk"), met_at__isnull=True).order_by("due").values("due")[:1]
    )
    next_kind = (
        Deadline.objects.filter(case=OuterRef("pk"), met_at__isnull=True).order_by("due").values("kind")[:1]
    )
    cases = case_queryset_visible_to(user).annotate(
        next_due=Subquery(next_due), next_kind=Subquery(next_kind)
    )
    if filters.mine and user.role == Role.CASEWORKER:
        cases = cases.filter(Q(caseworker=user) | Q(caseworker__isnull=True))
    if filters.status:
        cases = cases.filter(status=filters.status)
    else:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if filters.deadline == "overdue":
        cases = cases.filter(next_due__lt=today)
    elif filters.deadline == "week":
        cases = cases.filter(next_due__lte=today + dt.timedelta(days=7))
    if filters.q:
        cases = cases.filter(_search(filters.q))
    return cases.order_by("next_due", "received_on", "pk")


def _search(q: str) -> Q:
    """Search by name, by the masked CPR as shown (ddmmyy or ddmmyy-xxxx) or by CVR; never by full CPR."""
    q = q.strip()
    digits = q.replace("-", "").replace("x", "").replace("X", "").replace(" ", "")
    condition = Q(person__first_name__icontains=q) | Q(person__last_name__icontains=q)
    parts = q.split()
    if len(parts) >= 2:
        condition |= Q(person__first_name__icontains=parts[0], person__last_name__icontains=parts[-1])
    if digits.isdigit() and len(digits) == 6:
        condition |= Q(person__cpr__startswith=digits)
    if digits.isdigit() and len(digits) == 8:
        condition |= Q(employer__cvr=digits)
    condition |= Q(employer__name__icontains=q)
    return condition


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def case_first_active_step(*, case: Case) -> CaseEvent | None:
    return case.events.filter(type=EventType.ACTIVE_STEP).order_by("at").first()


def case_next_deadline(*, case: Case) -> Deadline | None:
    return case.deadlines.filter(met_at__isnull=True).order_by("due").first()


def decision_target_weeks(municipality: Municipality | int) -> int:
    """The municipality's published decision target in weeks (RSL § 3 stk. 2); 4 weeks unless it set one."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    weeks = (
        CaseworkSettings.objects.filter(municipality_id=municipality_id)
        .values_list("decision_target_weeks", flat=True)
        .first()
    )
    return weeks or deadlines.DECISION_TARGET_WEEKS


def casework_targets() -> list[tuple[Municipality, int]]:
    """Every municipality with its decision target, for the public page."""
    weeks = dict(CaseworkSettings.objects.values_list("municipality_id", "decision_target_weeks"))
    return [
        (m, weeks.get(m.pk, deadlines.DECISION_TARGET_WEEKS)) for m in Municipality.objects.order_by("name")
    ]


def decision_promised_dates(case_ids: list[int]) -> dict[int, dt.date]:
    """Per open case: the latest date the person was told to expect the decision by (target or notice)."""
    rows = (
        Deadline.objects.filter(
            case_id__in=case_ids,
            kind__in=DECISION_DEADLINE_KINDS,
            met_at__isnull=True,
            case__status__in=OPEN_STATUSES,
        )
        .values("case_id")
        .annotate(promised=Max("due"))
    )
    return {row["case_id"]: row["promised"] for row in rows}


@dataclass(frozen=True)
class DelayedDecision:
    case: Case
    promised: dt.date
    days_left: int


def cases_with_decision_delay(
    *, today: dt.date, municipality: Municipality | None = None
) -> list[DelayedDecision]:
    """Open cases whose promised decision date is near or past: the person must be told (RSL § 3 stk. 2)."""
    cases = Case.objects.filter(status__in=OPEN_STATUSES).select_related(
        "person", "caseworker", "municipality"
    )
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    promised = decision_promised_dates(list(cases.values_list("pk", flat=True)))
    flagged = [
        DelayedDecision(case, promised[case.pk], deadlines.days_remaining(promised[case.pk], today))
        for case in cases.filter(pk__in=promised)
        if deadlines.late_notice_due(promised[case.pk], today)
    ]
    return sorted(flagged, key=lambda d: (d.promised, d.case.pk))
