"""How the login throttle (django-axes) sees a login: by the client's address, and never for OIDC.

Behind a proxy every request arrives from the proxy's address. Each trusted proxy appends the address
it received the request from to X-Forwarded-For, so with N trusted proxies the client is the N-th
entry from the right. Entries further left are whatever the client sent and are never trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote: str | None = request.META.get("REMOTE_ADDR")
    proxies: int = getattr(settings, "KOMPENSATION_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    header = getattr(settings, "KOMPENSATION_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
    forwarded: list[str] = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # The request did not come through every proxy (e.g. a health check on the host itself).
        return remote
    return forwarded[-proxies]


def never_throttled(request: HttpRequest, credentials: dict[str, object] | None) -> bool:
    """Staff logging in through the municipality's identity provider (OIDC) are never paused.

    The OIDC callback authenticates with the provider's nonce and no password, so it cannot be used to
    guess passwords; the provider throttles its own logins. This keeps a way in for a caseworker whose
    address is paused because someone nearby typed wrong passwords.
    """
    credentials = credentials or {}
    password_field = getattr(settings, "AXES_PASSWORD_FORM_FIELD", "password")
    return "nonce" in credentials and not credentials.get(password_field)
