"""Renewals on the pages: Mine sider (the person starts the renewal), the company's page (dates and who
does what, never health), and the case page (reminders, the renewal application, the lapse).

The calendar is pinned and the grant ends Thursday 21.01.2027, so every date is worked out by hand:
the 8-week reminder Thursday 26.11.2026, the 4-week reminder Wednesday 23.12.2026 (24.12 is closed), the
renewal deadline Monday 28.12.2026 (24.12 closed, 25.–26.12 juledage, 27.12 Sunday), lapse from Friday
22.01.2027, and the renewal can be started until 21.04.2027 (3 months after the end).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import User
from kompensation.cases import services as case_services
from kompensation.cases.models import Application, Case, Decision, Grant
from kompensation.followup.services.renewals import grants_lapse, renewal_reminders_send
from tests import factories

pytestmark = pytest.mark.django_db

END = dt.date(2027, 1, 21)


@contextmanager
def today_is(day: dt.date) -> Iterator[None]:
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def grant(granted_case: Case) -> Grant:
    Decision.objects.filter(grant__case=granted_case).update(end_date=END)
    return Grant.objects.get(case=granted_case)


@pytest.fixture
def person(granted_case: Case) -> User:
    return factories.citizen(granted_case.person.cpr)


def test_the_person_sees_the_renewal_from_the_first_reminder_and_starts_it(
    grant: Grant, person: User
) -> None:
    client = _client(person)
    with today_is(dt.date(2026, 11, 25)):
        assert "Bevillinger, der udløber" not in _text(client.get(reverse("portal:home")))
    with today_is(dt.date(2026, 12, 17)):
        page = _text(client.get(reverse("portal:home")))
        assert f"Personlig assistance ({grant.reference}) udløber 21.01.2027" in page
        assert "Der udbetales ikke tilskud for tiden fra 22.01.2027, medmindre bevillingen fornyes." in page
        assert "skal være sendt senest 28.12.2026" in page
        assert f"Søg om fornyelse af {grant.reference}" in page
        response = client.post(reverse("followup:renewal_start", args=[grant.pk]))
        application = Application.objects.get(renews=grant)
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:step", args=[application.pk, "om-dig"])
        step = client.get(response["Location"])
        assert 'value="Bogholder"' in step.content.decode()
        assert "udfyldt med oplysningerne fra din sidste ansøgning" in _text(step)
        # The tasks step holds the granted hours and the start the day after the end date.
        tasks = client.get(reverse("portal:step", args=[application.pk, "opgaver"])).content.decode()
        assert 'value="2027-01-22"' in tasks and 'value="7' in tasks
        page = _text(client.get(reverse("portal:home")))
        assert f"Ansøgning om fornyelse {application.reference}: kladde." in page
        assert "Fortsæt ansøgningen om fornyelse" in page
        assert f"Søg om fornyelse af {grant.reference}" not in page
        # A second click lands on the same draft.
        again = client.post(reverse("followup:renewal_start", args=[grant.pk]))
        assert again["Location"] == response["Location"]


def test_a_lapsed_grant_can_be_renewed_for_3_months(grant: Grant, person: User) -> None:
    client = _client(person)
    with today_is(dt.date(2027, 4, 21)):
        page = _text(client.get(reverse("portal:home")))
        assert f"({grant.reference}) udløb 21.01.2027" in page
        assert "Der udbetales ikke tilskud for tiden fra 22.01.2027." in page
        assert "til og med 21.04.2027" in page
        assert f"Søg om fornyelse af {grant.reference}" in page
    with today_is(dt.date(2027, 4, 22)):
        assert "Bevillinger, der udløber" not in _text(client.get(reverse("portal:home")))
        response = client.post(reverse("followup:renewal_start", args=[grant.pk]), follow=True)
        assert "for mere end 3 måneder siden" in _text(response)
        assert not Application.objects.filter(renews=grant).exists()


def test_a_refusal_is_said_on_mine_sider(grant: Grant, person: User) -> None:
    other = case_services.application_start(user=person)
    with today_is(dt.date(2026, 12, 17)):
        response = _client(person).post(reverse("followup:renewal_start", args=[grant.pk]), follow=True)
    assert response.redirect_chain == [(reverse("portal:home"), 302)]
    assert f"Du har allerede en ansøgning under udfyldelse ({other.reference})." in _text(response)


def test_the_employer_sees_the_dates_and_who_does_what_never_the_health(
    grant: Grant, granted_case: Case, employer: User
) -> None:
    with today_is(dt.date(2026, 12, 17)):
        page = _text(_client(employer).get(reverse("portal:home")))
    assert f"{granted_case.person.name}: Personlig assistance ({grant.reference}) udløber 21.01.2027" in page
    assert "senest 28.12.2026" in page
    assert f"{granted_case.person.first_name} søger selv om fornyelse på Mine sider" in page
    assert "Søg om fornyelse af" not in page
    assert granted_case.application.impairment_description not in page
    # The person's draft is their own business; once signed, the company is asked to co-sign.
    person = factories.citizen(granted_case.person.cpr)
    with today_is(dt.date(2026, 12, 17)):
        _client(person).post(reverse("followup:renewal_start", args=[grant.pk]))
        draft = Application.objects.get(renews=grant)
        assert "Ansøgning om fornyelse" not in _text(_client(employer).get(reverse("portal:home")))
        until = dt.date(2028, 1, 21)
        case_services.application_update(application=draft, user=person, data={"period_to": until})
        assistants = [{"kind": a.kind, "name": a.name, "cpr": a.cpr} for a in draft.assistants.all()]
        case_services.application_set_assistants(
            application=draft, user=person, assistants=assistants, approved=True
        )
        case_services.application_submit(application=draft, user=person, declaration=True)
        response = _client(employer).get(reverse("portal:home"))
    page = _text(response)
    assert f"Ansøgning om fornyelse {draft.reference}: afventer virksomhedens underskrift." in page
    assert reverse("portal:cosign", args=[draft.pk]) in response.content.decode()


def test_only_the_person_starts_the_renewal(grant: Grant, person: User, employer: User) -> None:
    url = reverse("followup:renewal_start", args=[grant.pk])
    with today_is(dt.date(2026, 12, 17)):
        assert _client(person).get(url).status_code == 405
        stranger = factories.citizen(factories.register_person())
        assert _client(stranger).post(url).status_code == 404
        assert _client(employer).post(url).status_code == 404
        assert _client(factories.caseworker()).post(url).status_code == 404
    assert not Application.objects.filter(renews=grant).exists()


def test_the_case_page_shows_reminders_the_renewal_application_and_the_lapse(
    grant: Grant, granted_case: Case, person: User, herning_caseworker: User
) -> None:
    renewal_reminders_send(today=dt.date(2026, 11, 26))
    renewal_reminders_send(today=dt.date(2026, 12, 23))
    client = _client(herning_caseworker)
    url = reverse("cases:detail", args=[granted_case.pk])
    with today_is(dt.date(2026, 12, 23)):
        page = _text(client.get(url))
        assert "Fornyelse og udløb" in page
        assert "Ansøgning om fornyelse senest 28.12.2026" in page
        assert (
            "8 uger før: 26.11.2026 til personen og virksomheden "
            "4 uger før: 23.12.2026 til personen og virksomheden"
        ) in page
        assert "Ansøgning om fornyelse Ingen" in page
        assert "Udløbet Nej – udløber efter 21.01.2027" in page
        application = _client(person).post(reverse("followup:renewal_start", args=[grant.pk]))
        draft = Application.objects.get(renews=grant)
        assert application.status_code == 302
        assert f"Ansøgning om fornyelse {draft.reference}: kladde" in _text(client.get(url))
    grants_lapse(today=dt.date(2027, 1, 22))
    with today_is(dt.date(2027, 1, 22)):
        page = _text(client.get(url))
    assert "Udløbet fra 22.01.2027: der udbetales ikke for tiden derefter" in page
    # Another municipality's caseworker never reaches the page.
    assert _client(factories.caseworker("751")).get(url).status_code == 404
