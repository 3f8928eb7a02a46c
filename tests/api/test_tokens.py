"""API tokens: only a hash is stored, they expire, can be revoked, and only work for employers."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from kompensation.api.models import ApiToken
from kompensation.api.services import api_token_issue, api_token_revoke
from tests import factories

pytestmark = pytest.mark.django_db


def grants(secret: str, scheme: str = "Bearer") -> Any:
    return APIClient().get("/api/v1/grants/", HTTP_AUTHORIZATION=f"{scheme} {secret}")


@pytest.fixture
def company_user(db: None) -> Any:
    return factories.employer_user(factories.register_company())


def test_token_works_and_only_its_hash_is_stored(company_user: Any) -> None:
    token, secret = api_token_issue(user=company_user, name="Lønsystem")
    assert len(secret) == 43  # 32 random bytes, base64url without padding
    row = ApiToken.objects.values().get(pk=token.pk)
    assert secret not in [str(value) for value in row.values()]
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["prefix"] == secret[:8]
    assert dt.timedelta(days=364) < token.expires_at - timezone.now() <= dt.timedelta(days=365)
    assert grants(secret).status_code == 200
    assert grants(secret, scheme="Token").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert grants(secret[:-1] + ("A" if secret[-1] != "A" else "B")).status_code == 401


def test_missing_token_asks_for_bearer() -> None:
    response = APIClient().get("/api/v1/grants/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(company_user: Any) -> None:
    token, secret = api_token_issue(user=company_user, name="Løn", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = grants(secret)
    assert response.status_code == 401
    assert "Tokenet udløb" in response.json()["detail"]


def test_revoked_token_is_refused(company_user: Any) -> None:
    token, secret = api_token_issue(user=company_user, name="Løn")
    api_token_revoke(token=token)
    response = grants(secret)
    assert response.status_code == 401
    assert "spærret" in response.json()["detail"]


def test_only_active_employers_tokens_work(company_user: Any) -> None:
    caseworker = factories.caseworker()
    with pytest.raises(ValidationError):
        api_token_issue(user=caseworker, name="Løn")
    # A token row for a non-employer (say, the user's role was changed later) is refused all the same.
    secret = "caseworker-secret-" + "x" * 30
    ApiToken.objects.create(
        user=caseworker,
        name="Gammel",
        prefix=secret[:8],
        key_hash=hashlib.sha256(secret.encode()).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    assert grants(secret).status_code == 401
    _, employer_secret = api_token_issue(user=company_user, name="Løn")
    company_user.is_active = False
    company_user.save()
    assert grants(employer_secret).status_code == 401


def test_lifetime_is_bounded(company_user: Any, settings: Any) -> None:
    settings.KOMPENSATION_API_TOKEN_MAX_DAYS = 90
    with pytest.raises(ValidationError) as exc:
        api_token_issue(user=company_user, name="Løn", days=91)
    assert "1 til 90 dage" in exc.value.message_dict["days"][0]
    token, _ = api_token_issue(user=company_user, name="Løn")
    assert token.expires_at - timezone.now() <= dt.timedelta(days=90)


def test_command_prints_a_working_token_once(company_user: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token_create", company_user.username, "--days", "30", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert grants(secret).status_code == 200
    token = ApiToken.objects.get(user=company_user)
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert "kan ikke vises igen" in err.getvalue()


def test_admin_shows_prefix_and_expiry_never_the_hash(company_user: Any) -> None:
    token, secret = api_token_issue(user=company_user, name="Lønsystem X")
    admin = factories.user("manager", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/api/apitoken/").content.decode()
    detail = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in listing and "Lønsystem X" in listing
    for page in (listing, detail):
        assert token.key_hash not in page and secret not in page
    assert client.get("/admin/api/apitoken/add/").status_code == 403
