"""Reads. Every query of cases goes through `case_queryset_visible_to`, the one scoping helper."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import has

from .models import Application, Case, CaseEvent, CaseStatus, Deadline, Document, EventType
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


ALL_STATUSES = "alle"


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""  # "" the open cases, ALL_STATUSES every case, or one CaseStatus
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
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status:
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


@dataclass(frozen=True)
class HiddenMatches:
    """Cases the search matches that a filter keeps off the list; `without` is that filter switched off."""

    count: int
    filter_label: str
    without: InboxFilters


def inbox_hidden_matches(*, user: User, filters: InboxFilters, today: dt.date) -> list[HiddenMatches]:
    """For a search: how many more cases match once the status filter, or the 'mine' filter, is off."""
    if not filters.q:
        return []
    shown = inbox_cases(user=user, filters=filters, today=today).count()
    hidden = []
    if filters.status != ALL_STATUSES:
        wider = replace(filters, status=ALL_STATUSES)
        label = CaseStatus(filters.status).label if filters.status else "Alle åbne"
        hidden.append(HiddenMatches(0, f"Status: {label}", wider))
    if filters.mine and user.role == Role.CASEWORKER:
        hidden.append(HiddenMatches(0, "Kun mine og ufordelte sager", replace(filters, mine=False)))
    counted = [
        replace(h, count=inbox_cases(user=user, filters=h.without, today=today).count() - shown)
        for h in hidden
    ]
    return [h for h in counted if h.count > 0]


# A case number as shown ("PA-2026-000031"), or only its running number ("31", "000031").
_CASE_NUMBER = re.compile(r"(?:(?P<scheme>[a-z]{2,8})-(?P<year>\d{4})-)?(?P<number>\d{1,9})", re.IGNORECASE)


def _case_number(q: str) -> Q | None:
    match = _CASE_NUMBER.fullmatch(q)
    if match is None:
        return None
    condition = Q(pk=int(match["number"]))
    if match["scheme"]:
        condition &= Q(scheme__iexact=match["scheme"], received_on__year=int(match["year"]))
    return condition


def _search(q: str) -> Q:
    """Search by case number, by name, by the masked CPR as shown (ddmmyy or ddmmyy-xxxx) or by CVR;
    never by full CPR."""
    q = q.strip()
    digits = q.replace("-", "").replace("x", "").replace("X", "").replace(" ", "")
    condition = Q(person__first_name__icontains=q) | Q(person__last_name__icontains=q)
    if (number := _case_number(q)) is not None:
        condition |= number
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
