"""Investigating a case: assignment, active steps, the investigation record and the dialog form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.rules import pa

from ..lifecycle import can_investigate
from ..models import (
    Ability,
    Case,
    CaseEvent,
    CaseStatus,
    DialogTask,
    EventType,
    Investigation,
)
from ..validators import sane_date_errors
from .events import _event, _require_caseworker, _transition


def case_assign(*, case: Case, user: User, caseworker: User) -> Case:
    _require_caseworker(user, case)
    if caseworker.role != Role.CASEWORKER or caseworker.municipality_id != case.municipality_id:
        raise ValidationError({"caseworker": "Vælg en sagsbehandler i sagens kommune."})
    with transaction.atomic():
        case.caseworker = caseworker
        case.save(update_fields=["caseworker"])
        _event(case, EventType.CASEWORKER_ASSIGNED, user, caseworker=caseworker.display_name)
    return case


ACTIVE_STEP_KINDS = {
    "meeting": "Møde i jobcentret",
    "workplace_visit": "Virksomhedsbesøg",
    "information_request": "Anmodning om oplysninger",
}


def case_record_active_step(*, case: Case, user: User, kind: str, on: dt.date, note: str = "") -> CaseEvent:
    """The first active investigation step ends Ankestyrelsen's 'initial contact' step."""
    _require_caseworker(user, case)
    errors: dict[str, str] = {}
    if kind not in ACTIVE_STEP_KINDS:
        errors["kind"] = "Vælg hvilket skridt der er taget."
    if on < case.received_on:
        errors["on"] = "Datoen kan ikke ligge før ansøgningen blev modtaget."
    if on > timezone.localdate():
        errors["on"] = "Datoen kan ikke ligge i fremtiden."
    errors |= sane_date_errors(on=on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if case.status == CaseStatus.RECEIVED:
            _transition(case, CaseStatus.INVESTIGATING)
        if case.caseworker_id is None:
            case.caseworker = user
            case.save(update_fields=["caseworker"])
        return _event(
            case, EventType.ACTIVE_STEP, user, kind=kind, label=ACTIVE_STEP_KINDS[kind], on=str(on), note=note
        )


def investigation_for(case: Case) -> Investigation:
    investigation, _ = Investigation.objects.get_or_create(
        case=case,
        defaults={"working_hours": getattr(getattr(case, "application", None), "working_hours", None)},
    )
    return investigation


def investigation_save(*, case: Case, user: User, data: Mapping[str, Any]) -> Investigation:
    _require_caseworker(user, case)
    if not can_investigate(case.status):
        raise ValidationError("Sagen er afgjort; sagsoplysningen kan ikke ændres.")
    errors: dict[str, str] = {}
    tier = data.get("tier") or "standard"
    if tier not in pa.TIERS:
        errors["tier"] = "Vælg et timeniveau."
    elif tier != "standard" and not (data.get("concrete_assessment") or "").strip():
        errors["concrete_assessment"] = (
            "Beskriv den konkrete vurdering, der begrunder timer over standardgrænsen (BEK § 15)."
        )
    if data.get("working_hours") is not None:
        try:
            pa.weekly_hours_limit(
                data["working_hours"], cast(pa.Tier, tier if tier in pa.TIERS else "standard")
            )
        except ValueError as exc:
            errors["working_hours"] = str(exc)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        investigation = investigation_for(case)
        changed = []
        for key, value in data.items():
            if getattr(investigation, key) != value:
                setattr(investigation, key, value)
                changed.append(key)
        investigation.save()
        _event(case, EventType.INVESTIGATION_UPDATED, user, fields=changed)
    return investigation


def dialog_form_save(*, case: Case, user: User, rows: Sequence[Mapping[str, Any]]) -> list[DialogTask]:
    """Replace the dialog form; the proposal is the supported tasks' minutes, rounded up to the half hour."""
    _require_caseworker(user, case)
    if not can_investigate(case.status):
        raise ValidationError("Sagen er afgjort; dialogskemaet kan ikke ændres.")
    errors: dict[str, str] = {}
    tasks: list[DialogTask] = []
    for index, row in enumerate(rows):
        task = (row.get("task") or "").strip()
        minutes = row.get("minutes_per_week")
        ability = row.get("ability")
        if not task:
            errors[f"row-{index}-task"] = "Beskriv arbejdsopgaven."
        if minutes is None or minutes < 0 or minutes > 168 * 60:
            errors[f"row-{index}-minutes_per_week"] = "Angiv minutter pr. uge mellem 0 og 10.080."
        if ability not in Ability.values:
            errors[f"row-{index}-ability"] = "Vælg om personen kan selv, kan med støtte eller ikke kan."
        elif ability != Ability.ALONE and not (row.get("assistant_does") or "").strip():
            errors[f"row-{index}-assistant_does"] = "Beskriv hvad assistenten gør i opgaven."
        tasks.append(
            DialogTask(
                case=case,
                position=index,
                task=task[:200],
                minutes_per_week=minutes or 0,
                ability=ability or "",
                assistant_does=(row.get("assistant_does") or "")[:300],
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case.dialog_tasks.all().delete()
        DialogTask.objects.bulk_create(tasks)
        proposal = dialog_form_proposal(tasks)
        _event(case, EventType.DIALOG_FORM_SAVED, user, tasks=len(tasks), proposed_hours=str(proposal))
    return tasks


def dialog_form_proposal(tasks: Iterable[DialogTask]) -> Decimal:
    return pa.proposed_weekly_hours([t.minutes_per_week for t in tasks if t.ability != Ability.ALONE])
