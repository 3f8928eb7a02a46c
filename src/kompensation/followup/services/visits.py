"""Inspection visits: announced and unannounced visits to a company, planned, recorded and cancelled.

A visit concerns one company and one or more of the municipality's grants there (Jobcenter København's
guidance: the jobcentre may visit the workplace to see that the assistance is given as granted). Each step
writes an INSPECTION_RECORDED event on every case concerned — the visit's number, whether it was
announced, its status and the day — never the findings: they stay on the visit, read by the jobcentre's
staff only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Employer, EventType, Grant
from kompensation.cases.services import case_event_record, require_caseworker
from kompensation.cases.validators import sane_date_errors

from ..models import InspectionVisit, VisitStatus
from ..visit_selectors import visit_grants_eligible

NAMES_MAX = InspectionVisit._meta.get_field("visitors").max_length or 300


def _require_caseworker(user: User) -> None:
    if user.role != Role.CASEWORKER or user.municipality_id is None:
        raise PermissionDenied("Kun kommunens sagsbehandlere kan planlægge og registrere tilsynsbesøg.")


def _record_events(visit: InspectionVisit, user: User, on: dt.date) -> None:
    """One event on each case the visit concerns (a case may hold more than one of its grants)."""
    by_case: dict[int, list[Grant]] = {}
    for grant in visit.grants.select_related("case").order_by("case_id", "pk"):
        by_case.setdefault(grant.case_id, []).append(grant)
    for grants in by_case.values():
        case_event_record(
            grants[0].case,
            EventType.INSPECTION_RECORDED,
            user,
            visit_id=visit.pk,
            announced=visit.announced,
            status=visit.status,
            on=str(on),
            grant_ids=[g.pk for g in grants],
        )


def visit_plan(
    *,
    user: User,
    employer: Employer,
    grants: Iterable[Grant],
    announced: bool,
    planned_on: dt.date | None,
    purpose: str,
) -> InspectionVisit:
    """Plan a visit to ``employer`` concerning ``grants``: the municipality's grants there, running or
    ended within the last year."""
    _require_caseworker(user)
    wanted = {grant.pk for grant in grants}
    errors: dict[str, str] = {}
    if not wanted:
        errors["grants"] = "Vælg mindst én bevilling, som besøget handler om."
    if planned_on is None:
        errors["planned_on"] = "Skriv datoen for besøget."
    else:
        errors |= sane_date_errors(planned_on=planned_on)
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = "Skriv formålet med besøget: hvad skal jobcentret se eller tale om."
    with transaction.atomic():
        found = list(Grant.objects.select_related("case").filter(pk__in=wanted))
        for grant in found:
            # A grant in another municipality is refused outright, as any change to its case would be.
            require_caseworker(user, grant.case)
        eligible = set(
            visit_grants_eligible(
                municipality_id=user.municipality_id, employer=employer, today=timezone.localdate()
            ).values_list("pk", flat=True)
        )
        if wanted and (len(found) != len(wanted) or not wanted <= eligible):
            errors["grants"] = (
                f"Vælg kun bevillinger hos {employer.name}, som er aktive eller er ophørt inden for det "
                "seneste år."
            )
        if errors:
            raise ValidationError(errors)
        assert planned_on is not None and user.municipality_id is not None
        visit = InspectionVisit.objects.create(
            municipality_id=user.municipality_id,
            employer=employer,
            announced=announced,
            planned_on=planned_on,
            purpose=purpose,
            created_by=user,
        )
        visit.grants.set(found)
        _record_events(visit, user, planned_on)
    return visit


def _locked(visit: InspectionVisit, user: User) -> InspectionVisit:
    """The visit under its row lock (two caseworkers recording, or one recording while another cancels)."""
    _require_caseworker(user)
    if visit.municipality_id != user.municipality_id:
        raise PermissionDenied("Tilsynsbesøget hører til en anden kommune.")
    locked = InspectionVisit.objects.select_for_update().get(pk=visit.pk)
    if locked.status != VisitStatus.PLANNED:
        raise ValidationError(f"Besøget er allerede {locked.get_status_display().lower()}.")
    return locked


def visit_record(
    *,
    user: User,
    visit: InspectionVisit,
    held_on: dt.date | None,
    visitors: str,
    met: str,
    findings: str,
    documents_seen: str,
    follow_up_needed: bool,
) -> InspectionVisit:
    """Record a held visit: when, who took part, what was found and which documents were seen."""
    visitors, met = (visitors or "").strip(), (met or "").strip()
    findings, documents_seen = (findings or "").strip(), (documents_seen or "").strip()
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Skriv datoen, besøget blev holdt."
    elif sane_date_errors(held_on=held_on):
        errors |= sane_date_errors(held_on=held_on)
    elif held_on > timezone.localdate():
        errors["held_on"] = "Besøget kan først registreres, når det er holdt. Datoen ligger i fremtiden."
    if not visitors:
        errors["visitors"] = "Skriv, hvem fra jobcentret der deltog."
    for field, value in (("visitors", visitors), ("met", met)):
        if len(value) > NAMES_MAX:
            errors[field] = f"Teksten må højst være {NAMES_MAX} tegn."
    if not findings:
        errors["findings"] = "Skriv, hvad jobcentret så og fandt ved besøget."
    with transaction.atomic():
        visit = _locked(visit, user)
        if errors:
            raise ValidationError(errors)
        assert held_on is not None
        visit.status = VisitStatus.HELD
        visit.held_on = held_on
        visit.visitors = visitors
        visit.met = met
        visit.findings = findings
        visit.documents_seen = documents_seen
        visit.follow_up_needed = follow_up_needed
        visit.recorded_by = user
        visit.recorded_at = timezone.now()
        visit.save()
        _record_events(visit, user, held_on)
    return visit


def visit_cancel(*, user: User, visit: InspectionVisit, reason: str) -> InspectionVisit:
    """Cancel a planned visit. The reason is kept on the visit (in its findings field, which a cancelled
    visit has no other use for); the case events carry no text."""
    reason = (reason or "").strip()
    with transaction.atomic():
        visit = _locked(visit, user)
        if not reason:
            raise ValidationError({"reason": "Skriv, hvorfor besøget aflyses."})
        visit.status = VisitStatus.CANCELLED
        visit.findings = reason
        visit.recorded_by = user
        visit.recorded_at = timezone.now()
        visit.save()
        _record_events(visit, user, timezone.localdate())
    return visit
