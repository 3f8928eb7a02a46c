"""The login throttle pauses an address, never a user: wrong passwords typed for someone's name from one
place do not stop that person from logging in from another, also behind the municipality's proxy."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from kompensation.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PAUSED = "For mange forkerte forsøg"


@pytest.fixture(autouse=True)
def _five_failures(settings: Any) -> None:
    """The production limit, instead of the test suite's high one."""
    settings.AXES_FAILURE_LIMIT = 5


def attempt(password: str, username: str, **meta: str) -> Any:
    return Client(**meta).post(reverse("accounts:login"), {"username": username, "password": password})


def test_five_wrong_passwords_pause_the_address_not_the_user(herning_caseworker: Any) -> None:
    name = herning_caseworker.username
    for _ in range(4):
        assert attempt("forkert", name, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert attempt("forkert", name, REMOTE_ADDR="10.0.0.1").status_code == 429  # the fifth pauses

    paused = attempt(factories.PASSWORD, name, REMOTE_ADDR="10.0.0.1")
    assert paused.status_code == 429
    assert PAUSED in paused.content.decode()
    # Another user from the paused address is paused too: the address is what is throttled.
    other = factories.user("caseworker", username="kollega", code="657")
    assert attempt(factories.PASSWORD, other.username, REMOTE_ADDR="10.0.0.1").status_code == 429

    from_elsewhere = attempt(factories.PASSWORD, name, REMOTE_ADDR="10.0.0.2")
    assert from_elsewhere.status_code == 302
    assert from_elsewhere["Location"] == reverse("accounts:home")


def test_four_wrong_passwords_do_not_pause(herning_caseworker: Any) -> None:
    for _ in range(4):
        attempt("forkert", herning_caseworker.username, REMOTE_ADDR="10.0.0.1")
    assert attempt(factories.PASSWORD, herning_caseworker.username, REMOTE_ADDR="10.0.0.1").status_code == 302


def test_behind_the_proxy_the_forwarded_client_address_is_throttled(
    settings: Any, herning_caseworker: Any
) -> None:
    """Everyone arrives from the proxy 10.9.9.9; the proxy appends the client's address to the header."""
    settings.KOMPENSATION_TRUSTED_PROXY_COUNT = 1
    name = herning_caseworker.username
    for _ in range(5):
        attempt("forkert", name, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.10")

    paused = attempt(factories.PASSWORD, name, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert paused.status_code == 429
    # The guesser cannot escape by writing another address in front: the proxy's entry is the last one.
    spoofed = attempt(
        factories.PASSWORD, name, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.10"
    )
    assert spoofed.status_code == 429

    colleague = attempt(factories.PASSWORD, name, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.20")
    assert colleague.status_code == 302


def test_without_a_configured_proxy_the_forwarded_header_is_ignored(herning_caseworker: Any) -> None:
    """A client talking to the server directly cannot pick a fresh address for every guess."""
    name = herning_caseworker.username
    for index in range(5):
        attempt("forkert", name, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    paused = attempt(factories.PASSWORD, name, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert paused.status_code == 429


class IdentityProviderBackend:
    """Stands in for StaffOIDCBackend: mozilla-django-oidc's callback authenticates with a nonce."""

    def authenticate(self, request: Any, nonce: str | None = None, **kwargs: Any) -> Any:
        if nonce != "from-the-identity-provider":
            return None
        return User.objects.get(username="mette")

    def get_user(self, user_id: int) -> Any:
        return User.objects.filter(pk=user_id).first()


def test_oidc_login_still_works_from_a_paused_address(settings: Any) -> None:
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "tests.accounts.test_lockout.IdentityProviderBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    mette = factories.user("caseworker", username="mette", code="657")
    for _ in range(5):
        attempt("forkert", "mette", REMOTE_ADDR="10.0.0.1")
    assert attempt(factories.PASSWORD, "mette", REMOTE_ADDR="10.0.0.1").status_code == 429

    callback = RequestFactory().get("/oidc/callback/", REMOTE_ADDR="10.0.0.1")
    assert authenticate(callback, nonce="from-the-identity-provider", code_verifier=None) == mette
    # Without the provider's nonce the paused address gets nothing, and a password does not help.
    assert authenticate(callback, nonce="forged", code_verifier=None) is None
    assert authenticate(callback, username="mette", password=factories.PASSWORD) is None
