"""Writes of the accounts app: the access log of personal data."""

from django.http import HttpRequest

from .models import AccessLog, User


def access_log_record(
    *,
    user: User,
    action: str,
    person_id: int | None = None,
    case_id: int | None = None,
    object_repr: str = "",
    request: HttpRequest | None = None,
) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        action=action,
        person_id=person_id,
        case_id=case_id,
        object_repr=object_repr[:200],
        path=request.get_full_path()[:300] if request else "",
    )
