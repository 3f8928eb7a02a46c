"""Reads of the access log: who has seen a person, for the data-protection officer and for the person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from kompensation.cases.models import Case, Employer, Person

from .models import AccessLog, Role, User


def person_in_municipality(*, user: User, cpr: str) -> Person | None:
    """The person with this CPR number, if they have a case in the user's municipality; else None.

    None both when the person is unknown and when their cases are elsewhere, so the answer never
    tells one municipality that another has a case about someone.
    """
    if user.role != Role.DATA_PROTECTION or not user.municipality_id:
        return None
    return Person.objects.filter(cpr=cpr, cases__municipality_id=user.municipality_id).distinct().first()


def access_log_about_person(*, user: User, person: Person) -> QuerySet[AccessLog]:
    """Every access-log row about `person` that belongs to the user's municipality, newest first.

    A row belongs to the municipality when it names one of the person's cases there, or names no case
    (an application before it became a case, a lookup) and was made by someone outside any other
    municipality. Rows about the person's cases in other municipalities are theirs to see.
    """
    municipality_id = user.municipality_id
    if user.role != Role.DATA_PROTECTION or not municipality_id:
        return AccessLog.objects.none()
    cases = Case.objects.filter(person=person, municipality_id=municipality_id).values("pk")
    no_case_here = Q(case_id__isnull=True) & (
        Q(user__municipality__isnull=True) | Q(user__municipality_id=municipality_id)
    )
    return (
        AccessLog.objects.filter(person_id=person.pk)
        .filter(Q(case_id__in=cases) | no_case_here)
        .select_related("user", "user__municipality")
        .order_by("-at", "-pk")
    )


def access_log_about_citizen(*, user: User) -> QuerySet[AccessLog]:
    """Who else has seen the citizen's data: rows about the person(s) with the citizen's CPR number.

    The citizen's own visits to their pages are left out; they know about those.
    """
    if user.role != Role.CITIZEN or not user.cpr:
        return AccessLog.objects.none()
    persons = Person.objects.filter(cpr=user.cpr).values("pk")
    return (
        AccessLog.objects.filter(person_id__in=persons)
        .exclude(user=user)
        .select_related("user", "user__municipality")
        .order_by("-at", "-pk")
    )


@dataclass(frozen=True)
class AccessRow:
    """One access-log row as shown: who (name, role, where they work), what, when and which case."""

    at: dt.datetime
    name: str
    role: str
    organisation: str
    action: str
    what: str
    case_reference: str


def access_rows(entries: Iterable[AccessLog]) -> list[AccessRow]:
    """Resolve case references and employers' names for one page of rows in two queries."""
    entries = list(entries)
    cases = Case.objects.filter(pk__in={e.case_id for e in entries if e.case_id}).only(
        "pk", "scheme", "received_on"
    )
    references = {case.pk: case.reference for case in cases}
    cvrs = {e.user.cvr for e in entries if e.user.role == Role.EMPLOYER and e.user.cvr}
    employers = dict(Employer.objects.filter(cvr__in=cvrs).values_list("cvr", "name"))
    return [
        AccessRow(
            at=e.at,
            name=e.user.display_name,
            role=Role(e.user.role).label if e.user.role in Role.values else e.user.role,
            organisation=_organisation(e.user, employers),
            action=AccessLog.Action(e.action).label if e.action in AccessLog.Action.values else e.action,
            what=e.object_repr,
            case_reference=references.get(e.case_id, "") if e.case_id else "",
        )
        for e in entries
    ]


def _organisation(user: User, employers: dict[str, str]) -> str:
    if user.municipality is not None:
        return str(user.municipality)
    if user.role == Role.EMPLOYER:
        name = employers.get(user.cvr)
        return f"{name} (CVR {user.cvr})" if name else f"CVR {user.cvr}"
    if user.role == Role.NATIONAL:
        return "Styrelsen for Arbejdsmarked og Rekruttering"
    return ""
