"""Reads for inspection visits: the municipality's visits, the grants a visit may concern, the case panel.

Only the municipality's caseworkers and managers read visits. Employers never do: an unannounced visit
must not be known before it happens, and the findings are the jobcentre's own notes. The person does not
see them either (they are not on «Min sag»).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import NOTHING, is_active_user
from kompensation.cases.models import Case, Employer, Grant, GrantStatus
from kompensation.rules.followup import visit_grants_ended_since

from .models import InspectionVisit, VisitStatus


def visit_scope(user: User) -> Q:
    """The visits a user may read, the same ones `followup.read_visit` allows."""
    if is_active_user(user) and user.role in (Role.CASEWORKER, Role.MANAGER) and user.municipality_id:
        return Q(municipality_id=user.municipality_id)
    return NOTHING


def _ordered(visits: QuerySet[InspectionVisit]) -> QuerySet[InspectionVisit]:
    """Planned visits first, soonest first; then held ones, latest first; cancelled ones last."""
    rank = models.Case(
        models.When(status=VisitStatus.PLANNED, then=0),
        models.When(status=VisitStatus.HELD, then=1),
        default=2,
        output_field=models.IntegerField(),
    )
    planned_on = models.Case(models.When(status=VisitStatus.PLANNED, then=F("planned_on")))
    return visits.annotate(rank=rank, planned_key=planned_on).order_by(
        "rank",
        F("planned_key").asc(nulls_last=True),
        F("held_on").desc(nulls_last=True),
        "-planned_on",
        "-pk",
    )


def visit_list(*, user: User, announced: bool | None = None) -> QuerySet[InspectionVisit]:
    """The municipality's visits (announced, unannounced or both), planned first, each with its number of
    grants. Names no person: the list shows the company only."""
    visits = InspectionVisit.objects.filter(visit_scope(user)).select_related("employer")
    if announced is not None:
        visits = visits.filter(announced=announced)
    return _ordered(visits.annotate(grant_count=Count("grants")))


def visit_get_visible(*, user: User, pk: int) -> InspectionVisit:
    visit = (
        InspectionVisit.objects.filter(visit_scope(user))
        .select_related("employer", "created_by", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404("Tilsynsbesøget findes ikke, eller du har ikke adgang til det.")
    return visit


def visit_grants(*, visit: InspectionVisit) -> list[Grant]:
    """The grants a visit concerns, with their case, person and terms, in case order."""
    return list(
        visit.grants.select_related("case", "case__person", "case__caseworker", "decision").order_by(
            "case_id", "pk"
        )
    )


def _recent(today: dt.date) -> Q:
    """A running grant, or one whose last day (the decided end, or the day it ended early, whichever
    came first) lies within the last year."""
    since = visit_grants_ended_since(today)
    ended_on_recent = Q(ended_on__isnull=True) | Q(ended_on__gte=since)
    end_date_recent = Q(decision__end_date__isnull=True) | Q(decision__end_date__gte=since)
    has_ended = Q(ended_on__isnull=False) | Q(decision__end_date__isnull=False)
    return Q(status=GrantStatus.ACTIVE) | (ended_on_recent & end_date_recent & has_ended)


def visit_grants_eligible(
    *, municipality_id: int | None, employer: Employer, today: dt.date
) -> QuerySet[Grant]:
    """The municipality's grants at ``employer`` a visit may concern: running, or ended within a year."""
    if municipality_id is None:
        return Grant.objects.none()
    return (
        Grant.objects.filter(case__municipality_id=municipality_id, case__employer=employer)
        .filter(_recent(today))
        .select_related("case", "case__person", "decision")
        .order_by("case__person__first_name", "case__person__last_name", "pk")
    )


@dataclass(frozen=True)
class EmployerMatch:
    employer: Employer
    grants: int


_CVR_DIGITS = re.compile(r"\d{1,8}")


def visit_employers(*, user: User, q: str, today: dt.date, limit: int = 25) -> list[EmployerMatch]:
    """Companies with grants in the user's municipality a visit may concern, found by CVR (all or the
    first digits) or by name; each with its number of such grants. Two queries."""
    q = q.strip()
    if not q or not user.municipality_id:
        return []
    grants = Grant.objects.filter(case__municipality_id=user.municipality_id, case__employer__isnull=False)
    digits = q.replace(" ", "")
    if _CVR_DIGITS.fullmatch(digits):
        grants = grants.filter(case__employer__cvr__startswith=digits)
    else:
        grants = grants.filter(case__employer__name__icontains=q)
    counts = dict(
        grants.filter(_recent(today))
        .values("case__employer")
        .annotate(n=Count("pk"))
        .values_list("case__employer", "n")
    )
    employers = Employer.objects.filter(pk__in=counts).order_by("name", "cvr")[:limit]
    return [EmployerMatch(employer, counts[employer.pk]) for employer in employers]


def visit_employer(*, user: User, cvr: str, today: dt.date) -> Employer | None:
    """The company with this CVR, if it has grants in the user's municipality a visit may concern."""
    employer = Employer.objects.filter(cvr=cvr.strip()).first()
    if employer is None:
        return None
    eligible = visit_grants_eligible(municipality_id=user.municipality_id, employer=employer, today=today)
    return employer if eligible.exists() else None


def case_visits(*, case: Case, user: User) -> list[InspectionVisit]:
    """The visits linked to the case's grants, for the staff case page (caseworkers and managers)."""
    visits = InspectionVisit.objects.filter(visit_scope(user), grants__case=case).distinct()
    return list(_ordered(visits.select_related("employer")))
