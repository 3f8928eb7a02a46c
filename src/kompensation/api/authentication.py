"""`Authorization: Bearer <token>` (or the older `Token <token>`), looked up by the token's SHA-256."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from kompensation.accounts.models import Role, User

from .models import ApiToken
from .services import token_hash

SCHEMES = (b"bearer", b"token")
# Employers send payment requests; interpreting agencies send invoices. Each view's rule decides the rest.
API_ROLES = (Role.EMPLOYER, Role.INTERPRETER_AGENCY)
# Writing last_used_at on every call would make every call a write on one hot row.
TOUCH_EVERY = dt.timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                "Skriv headeren som «Authorization: Bearer <token>», uden mellemrum i tokenet."
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed("Tokenet er ukendt. Kontrollér, at hele tokenet er kopieret.") from exc
        token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()
        if token is None:
            raise AuthenticationFailed("Tokenet er ukendt. Kontrollér, at hele tokenet er kopieret.")
        now = timezone.now()
        if token.revoked_at is not None:
            raise AuthenticationFailed(
                f"Tokenet blev spærret {timezone.localtime(token.revoked_at):%d.%m.%Y}. "
                "Bed kommunen om et nyt token."
            )
        if token.expires_at <= now:
            raise AuthenticationFailed(
                f"Tokenet udløb {timezone.localtime(token.expires_at):%d.%m.%Y}. "
                "Bed kommunen om et nyt token."
            )
        user = token.user
        if not user.is_active or user.role not in API_ROLES or not user.cvr:
            raise AuthenticationFailed(
                "API'et er kun for aktive virksomheds- og tolkebureaubrugere med et CVR-nummer."
            )
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when the token is missing or refused.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "kompensation.api.authentication.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token fra kommunen (`api_token_create`). Det gamle `Token <token>` virker også.",
        }
