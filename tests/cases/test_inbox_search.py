"""Inbox search is posted and kept in the session: a CPR number never reaches a URL or the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import AccessLog
from kompensation.cases import services
from kompensation.cases.models import Case
from kompensation.registers.models import OfflineCprRecord
from tests import factories

pytestmark = pytest.mark.django_db

INBOX = "/sager/"
FULL_CPR_WARNING = "Søg ikke på fuldt CPR-nummer. Brug fødselsdatoen (ddmmåå) eller navnet."


def register(user: Any, *, first: str, last: str, birth: dt.date = dt.date(1985, 3, 14)) -> Case:
    cpr = factories.new_cpr(birth)
    OfflineCprRecord.objects.create(
        cpr=cpr,
        first_name=first,
        last_name=last,
        address="Bredgade 1",
        postcode="7400",
        city="Herning",
        municipality_code="657",
    )
    return services.application_register_paper(
        user=user,
        data=factories.paper_data(cpr=cpr, cvr=factories.register_company()),
        assistants=factories.ASSISTANT,
    )


@pytest.fixture
def client(herning_caseworker: Any) -> Client:
    client = Client()
    client.force_login(herning_caseworker)
    return client


def test_inbox_url_is_the_one_the_tests_assume() -> None:
    assert reverse("cases:inbox") == INBOX


def test_posted_search_redirects_without_the_text_and_shows_the_match(
    client: Client, herning_caseworker: Any
) -> None:
    dorthe = register(herning_caseworker, first="Dorthe", last="Kragh", birth=dt.date(1990, 7, 2))
    register(herning_caseworker, first="Erik", last="Andersen")

    response = client.post(INBOX, {"q": "020790", "mine": "on"})

    assert response.status_code == 303
    location = response["Location"]
    assert location.startswith(INBOX)
    assert not any(ch.isdigit() for ch in location), location
    page = client.get(location).content.decode()
    assert "Dorthe Kragh" in page
    assert "Erik Andersen" not in page
    assert "1 sag matcher søgningen" in page
    assert dorthe.person.cpr[:6] in page  # the masked CPR column
    assert 'value="020790"' in page  # the search box shows what is being searched for


def test_search_by_name_with_status_filter_in_the_url(client: Client, herning_caseworker: Any) -> None:
    register(herning_caseworker, first="Dorthe", last="Kragh")
    response = client.post(INBOX, {"q": "Kragh", "status": "received", "deadline": ""})
    assert response.status_code == 303
    assert response["Location"] == f"{INBOX}?status=received&mine=false"
    page = client.get(response["Location"]).content.decode()
    assert "Dorthe Kragh" in page
    assert "Kragh" not in response["Location"]


def test_full_cpr_is_refused_kept_nowhere_and_the_page_says_why(
    client: Client, herning_caseworker: Any
) -> None:
    case = register(herning_caseworker, first="Dorthe", last="Kragh")
    cpr = case.person.cpr
    client.post(INBOX, {"q": "Kragh", "mine": "on"})  # an earlier search is replaced, not kept

    for typed in (cpr, f"{cpr[:6]}-{cpr[6:]}", f"Dorthe {cpr[:6]} {cpr[6:]}"):
        response = client.post(INBOX, {"q": typed, "mine": "on"}, follow=True)
        redirect_url = response.redirect_chain[0][0]
        assert not any(ch.isdigit() for ch in redirect_url)
        page = response.content.decode()
        assert FULL_CPR_WARNING in page
        assert cpr[6:] not in page  # neither in the search box nor anywhere else
        assert "matcher søgningen" not in page  # the list is not filtered by anything
        assert all(cpr not in str(value) for value in client.session.values())


def test_access_log_paths_hold_no_search_text(client: Client, herning_caseworker: Any) -> None:
    case = register(herning_caseworker, first="Dorthe", last="Kragh")
    birth = case.person.cpr[:6]
    client.post(INBOX, {"q": birth, "mine": "on"}, follow=True)
    client.get(reverse("cases:detail", args=[case.pk]))

    paths = list(AccessLog.objects.values_list("path", flat=True))
    assert paths == [f"/sager/{case.pk}/"]
    assert all(birth not in path for path in paths)


def test_search_text_in_a_get_url_is_ignored(client: Client, herning_caseworker: Any) -> None:
    """Old bookmarks with ?q= do not search: nothing typed is ever read from the URL."""
    register(herning_caseworker, first="Dorthe", last="Kragh")
    register(herning_caseworker, first="Erik", last="Andersen")
    page = client.get(f"{INBOX}?q=Kragh").content.decode()
    assert "Dorthe Kragh" in page and "Erik Andersen" in page


def test_paging_keeps_the_search_and_ryd_clears_it(client: Client, herning_caseworker: Any) -> None:
    for index in range(27):
        register(herning_caseworker, first=f"Person{index}", last="Sidetest")
    register(herning_caseworker, first="Erik", last="Andersen")

    first = client.post(INBOX, {"q": "Sidetest", "mine": "on"}, follow=True).content.decode()
    assert "27 sager matcher søgningen" in first and "Side 1 af 2" in first
    assert "Erik Andersen" not in first
    assert 'href="?mine=true&amp;side=2"' in first

    second = client.get(f"{INBOX}?mine=true&side=2").content.decode()
    assert "Side 2 af 2" in second and "27 sager matcher søgningen" in second
    assert "Erik Andersen" not in second

    cleared = client.get(f"{INBOX}?mine=true&ryd=1")
    assert cleared.status_code == 303 and cleared["Location"] == f"{INBOX}?mine=true"
    after = client.get(cleared["Location"]).content.decode()
    assert "28 sager" in after and "matcher søgningen" not in after


def test_default_page_two_keeps_only_mine(client: Client, herning_caseworker: Any) -> None:
    """Paging without a submitted filter keeps the default 'only mine and unassigned'."""
    other = factories.user("caseworker", username="kollega", code="657")
    for index in range(26):
        register(herning_caseworker, first=f"Person{index}", last="Mine")
    Case.objects.update(caseworker=herning_caseworker)
    foreign = register(other, first="Fremmed", last="Sag")
    Case.objects.filter(pk=foreign.pk).update(caseworker=other)

    page_one = client.get(INBOX).content.decode()
    assert "26 sager" in page_one and 'href="?mine=true&amp;side=2"' in page_one
    page_two = client.get(f"{INBOX}?mine=true&side=2").content.decode()
    assert "26 sager" in page_two and "Fremmed Sag" not in page_two


def test_search_by_case_number_in_full_or_by_its_running_number(
    client: Client, herning_caseworker: Any
) -> None:
    dorthe = register(herning_caseworker, first="Dorthe", last="Kragh")
    erik = register(herning_caseworker, first="Erik", last="Andersen")
    # The number as shown: scheme, the year received, the running number padded to six digits.
    shown = f"PA-{dorthe.received_on.year}-{dorthe.pk:06d}"

    for q in (shown, shown.lower(), str(dorthe.pk)):
        page = client.get(_search_redirect(client, q)).content.decode()
        assert "Dorthe Kragh" in page and "Erik Andersen" not in page, q
    wrong_year = f"PA-{dorthe.received_on.year - 1}-{dorthe.pk:06d}"
    assert "Ingen sager matcher." in client.get(_search_redirect(client, wrong_year)).content.decode()
    assert erik.pk != dorthe.pk


def test_a_match_the_status_filter_hides_is_counted_with_a_link(
    client: Client, herning_caseworker: Any, granted_case: Case
) -> None:
    """The default list shows open cases; a search that also matches a decided case says so."""
    name = granted_case.person.last_name
    page = client.get(_search_redirect(client, name)).content.decode()
    assert granted_case.reference not in page
    assert "1 sag mere matcher, men er skjult af filteret «Status: Alle åbne»" in page
    assert 'href="?status=alle&amp;mine=true"' in page

    widened = client.get(INBOX + "?status=alle&mine=true").content.decode()
    assert granted_case.reference in widened and "skjult af filteret" not in widened


def _search_redirect(client: Client, q: str) -> str:
    response = client.post(INBOX, {"q": q, "mine": "on"})
    assert response.status_code == 303
    return str(response["Location"])
