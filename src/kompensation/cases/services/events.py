"""The case's timeline and state machine: case events, allowed status changes, the caseworker check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role, User

from ..lifecycle import TRANSITIONS
from ..models import (
    Case,
    CaseEvent,
    CaseStatus,
)


def case_event_record(case: Case, type_: str, actor: User | None, **payload: Any) -> CaseEvent:
    """The one way to append to a case's timeline; other apps' services call it in their transaction."""
    return CaseEvent.objects.create(case=case, type=type_, actor=actor, at=timezone.now(), payload=payload)


_event = case_event_record


def case_transition(case: Case, to: str) -> None:
    """Move the case to another stage of its lifecycle (cases/lifecycle.py); other apps' services call it."""
    if to not in TRANSITIONS[case.status]:
        raise ValidationError(
            f"Sagen kan ikke gå fra «{CaseStatus(case.status).label}» til «{CaseStatus(to).label}»."
        )
    case.status = to
    case.save(update_fields=["status"])


def _require_caseworker(user: User, case: Case) -> None:
    if user.role != Role.CASEWORKER or user.municipality_id != case.municipality_id:
        raise PermissionDenied("Kun en sagsbehandler i sagens kommune kan ændre sagen.")


_transition = case_transition


def require_caseworker(user: User, case: Case) -> None:
    """Only a caseworker of the case's municipality changes it (other apps' services reuse the check)."""
    _require_caseworker(user, case)
