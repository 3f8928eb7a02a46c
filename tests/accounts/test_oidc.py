"""Staff OIDC login matches only existing active staff by e-mail; it never creates users."""

from __future__ import annotations

import pytest

from kompensation.accounts.models import Role
from kompensation.accounts.oidc import StaffOIDCBackend
from tests import factories

pytestmark = pytest.mark.django_db

OIDC = {
    "OIDC_RP_CLIENT_ID": "kompensation",
    "OIDC_RP_CLIENT_SECRET": "not-a-secret",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.invalid/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.invalid/userinfo",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.invalid/auth",
    "OIDC_RP_SIGN_ALGO": "HS256",
}


def test_only_staff_are_matched_and_none_created(settings: object) -> None:
    for key, value in OIDC.items():
        setattr(settings, key, value)
    staff = factories.caseworker()
    staff.email = "mette@herning.invalid"
    staff.save()
    citizen = factories.citizen(factories.new_cpr())
    citizen.email = "borger@mail.invalid"
    citizen.save()
    backend = StaffOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "METTE@herning.invalid"})) == [staff]
    assert list(backend.filter_users_by_claims({"email": "borger@mail.invalid"})) == []
    assert list(backend.filter_users_by_claims({})) == []
    assert backend.create_user({"email": "ny@herning.invalid"}) is None
    assert staff.role == Role.CASEWORKER
