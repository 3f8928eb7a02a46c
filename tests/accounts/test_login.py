"""Login: each role lands on its own start page; repeated failures pause logins from that address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Municipality, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_are_tenants_with_official_codes() -> None:
    assert Municipality.objects.count() == 98
    assert Municipality.objects.get(code="101").name == "København"
    assert Municipality.objects.get(code="657").name == "Herning"


@pytest.mark.parametrize(
    ("role", "target"),
    [
        (Role.CASEWORKER, "cases:inbox"),
        (Role.MANAGER, "cases:overview"),
        (Role.PAYMENT_OFFICER, "payments:queue"),
        (Role.CITIZEN, "portal:home"),
        (Role.EMPLOYER, "portal:home"),
        (Role.NATIONAL, "payments:rates"),
        (Role.INTERPRETER_AGENCY, "portal:agency_home"),
        (Role.INTERPRETER, "portal:interpreter_home"),
    ],
)
def test_each_role_lands_on_its_start_page(role: str, target: str) -> None:
    extra = {"cpr": factories.new_cpr()} if role == Role.CITIZEN else {}
    if role == Role.EMPLOYER:
        extra = {"cvr": factories.new_cvr()}
    user = factories.user(role, **extra)
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(target)


def test_wrong_password_gives_danish_message() -> None:
    user = factories.caseworker()
    response = Client().post(reverse("accounts:login"), {"username": user.username, "password": "forkert"})
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_repeated_failures_lock_the_login(settings: object) -> None:
    settings.AXES_FAILURE_LIMIT = 3  # type: ignore[attr-defined]
    user = factories.caseworker()
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "forkert"})
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert "For mange forkerte forsøg" in response.content.decode()
