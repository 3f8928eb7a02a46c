"""API tokens: issued with a secret shown once, stored as its SHA-256, expiring, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User

from .models import ApiToken

DEFAULT_DAYS = 365


def max_days() -> int:
    return int(getattr(settings, "KOMPENSATION_API_TOKEN_MAX_DAYS", DEFAULT_DAYS))


def token_hash(secret: str) -> str:
    """A token is 256 random bits, so a plain SHA-256 is enough: there is nothing to guess or brute-force."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for an employer or interpreting agency user. Returns the row and the secret, which is
    never stored."""
    days = min(DEFAULT_DAYS, max_days()) if days is None else days
    errors: dict[str, str] = {}
    if not user.is_active or user.role not in (Role.EMPLOYER, Role.INTERPRETER_AGENCY) or not user.cvr:
        errors["user"] = (
            "API-tokens kan kun udstedes til aktive virksomheds- og tolkebureaubrugere med et CVR-nummer."
        )
    if not name.strip():
        errors["name"] = "Giv tokenet et navn, fx lønsystemets navn."
    if not 1 <= days <= max_days():
        errors["days"] = f"Et token kan gælde i 1 til {max_days()} dage."
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=secret[:8],
        key_hash=token_hash(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Refuse the token from now on. The row stays, so the admin can see when it was last used."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
