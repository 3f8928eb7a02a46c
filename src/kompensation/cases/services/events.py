"""The case's timeline and state machine: case events, allowed status changes, the caseworker check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role, User

from ..models import (
    Case,
    CaseEvent,
    CaseStatus,
)

# Allowed status changes; anything else is a bug or a stale form, and is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.RECEIVED: frozenset({CaseStatus.INVESTIGATING}),
    CaseStatus.INVESTIGATING: frozenset({CaseStatus.HEARING, CaseStatus.DECIDED}),
    CaseStatus.HEARING: frozenset({CaseStatus.INVESTIGATING, CaseStatus.DECIDED}),
    CaseStatus.DECIDED: frozenset(),
}


def case_event_record(case: Case, type_: str, actor: User | None, **payload: Any) -> CaseEvent:
    """The one way to append to a case's timeline; other apps' services call it in their transaction."""
    return CaseEvent.objects.create(case=case, type=type_, actor=actor, at=timezone.now(), payload=payload)


_event = case_event_record


def _transition(case: Case, to: str) -> None:
    if to not in TRANSITIONS[case.status]:
        raise ValidationError(
            f"Sagen kan ikke gå fra «{CaseStatus(case.status).label}» til «{CaseStatus(to).label}»."
        )
    case.status = to
    case.save(update_fields=["status"])


def _require_caseworker(user: User, case: Case) -> None:
    if user.role != Role.CASEWORKER or user.municipality_id != case.municipality_id:
        raise PermissionDenied("Kun en sagsbehandler i sagens kommune kan ændre sagen.")
