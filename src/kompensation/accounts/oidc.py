"""Municipal staff log in through the municipality's identity provider (OIDC) when it is configured.

Only existing staff accounts (the data-protection officer included) are matched (by e-mail); the
identity provider never creates users, because role and municipality are decided in Kompensation.
"""

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import MUNICIPAL_ROLES


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, role__in=MUNICIPAL_ROLES, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> None:
        return None
