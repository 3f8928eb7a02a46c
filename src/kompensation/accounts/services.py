"""Writes of the accounts app: the access log of personal data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.http import HttpRequest

from .models import AccessLog, User


class _CaseLike(Protocol):
    pk: int
    person_id: int


def access_log_record(
    *,
    user: User,
    action: str,
    person_id: int | None = None,
    case_id: int | None = None,
    object_repr: str = "",
    request: HttpRequest | None = None,
    health: bool = False,
) -> AccessLog:
    """One row: `user` saw `person_id`'s data. `health=True` when the page showed health data
    (impairment, diagnosis, medical documents): the row is then kept as `Action.HEALTH`, so the
    data-protection officer can pick out who read the most sensitive data."""
    return AccessLog.objects.create(
        user=user,
        action=AccessLog.Action.HEALTH if health else action,
        person_id=person_id,
        case_id=case_id,
        object_repr=object_repr[:200],
        path=_path(request),
    )


def access_log_record_cases(
    *, user: User, cases: Iterable[_CaseLike], request: HttpRequest | None = None
) -> list[AccessLog]:
    """A list page that names persons: one `view` row per case shown, written in one statement."""
    path = _path(request)
    return AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            action=AccessLog.Action.VIEW,
            person_id=case.person_id,
            case_id=case.pk,
            object_repr=str(case)[:200],
            path=path,
        )
        for case in cases
    )


def _path(request: HttpRequest | None) -> str:
    return request.get_full_path()[:300] if request else ""
