"""Staff are logged out after 30 minutes without a request; citizens and employers are not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

LOGGED_OUT = "Du er logget ud, fordi du ikke har været aktiv i 30 minutter."


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Moves the clock the application sees forward by a number of minutes from now."""
    start = timezone.now()

    def move_to(minutes: float) -> None:
        monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=minutes))

    move_to(0)
    return move_to


def login(user: Any) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_caseworker_idle_for_31_minutes_is_logged_out_with_a_danish_message(
    clock: Callable[[float], None], herning_caseworker: Any
) -> None:
    client = login(herning_caseworker)
    clock(29)
    assert client.get(reverse("cases:inbox")).status_code == 200

    clock(29 + 31)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/sager/"
    page = client.get(response["Location"]).content.decode()
    assert LOGGED_OUT in page
    assert "_auth_user_id" not in client.session
    # The session is gone, not just hidden: the next page asks for login again.
    assert client.get(reverse("cases:inbox")).status_code == 302


def test_activity_keeps_the_session_alive(clock: Callable[[float], None], herning_caseworker: Any) -> None:
    client = login(herning_caseworker)
    for minutes in (20, 45, 70, 95, 120):  # never more than 25 minutes apart
        clock(minutes)
        assert client.get(reverse("cases:inbox")).status_code == 200, minutes


def test_a_post_after_the_idle_limit_is_not_carried_out(
    clock: Callable[[float], None], herning_caseworker: Any, opened_case: Any
) -> None:
    client = login(herning_caseworker)
    clock(31)
    response = client.post(reverse("cases:inbox"), {"q": "Testesen", "mine": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "cases_inbox_search" not in client.session


@pytest.mark.parametrize("role", [Role.PAYMENT_OFFICER, Role.MANAGER, Role.NATIONAL])
def test_every_staff_role_has_the_limit(clock: Callable[[float], None], role: str) -> None:
    user = factories.user(role, code=None if role == Role.NATIONAL else "657")
    client = login(user)
    clock(31)
    response = client.get(reverse("accounts:home"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_citizen_and_employer_keep_the_normal_session(clock: Callable[[float], None]) -> None:
    citizen = factories.citizen(factories.new_cpr())
    employer = factories.employer_user(factories.new_cvr())
    for user in (citizen, employer):
        client = login(user)
        clock(4 * 60)  # four hours idle: well inside the 8-hour session
        assert client.get(reverse("portal:home")).status_code == 200
        clock(0)


def test_the_limit_is_a_setting(
    settings: Any, clock: Callable[[float], None], herning_caseworker: Any
) -> None:
    settings.KOMPENSATION_STAFF_IDLE_MINUTES = 10
    client = login(herning_caseworker)
    clock(11)
    response = client.get(reverse("cases:inbox"), follow=True)
    assert "Du er logget ud, fordi du ikke har været aktiv i 10 minutter." in response.content.decode()


def test_htmx_requests_are_sent_to_the_login_page(
    clock: Callable[[float], None], herning_caseworker: Any
) -> None:
    client = login(herning_caseworker)
    clock(31)
    response = client.get(reverse("cases:inbox"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("accounts:login")
