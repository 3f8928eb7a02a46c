"""The attestation pages on Mine sider: the user answers each session on a card; nothing typed is lost on
an error; the interpreter and the agency sign the same statement; nobody else reaches them."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import User
from kompensation.payments.models import Attestation, AttestationParty, LineStatus
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    day = i.a_weekday()
    invoice = i.submit(
        agency_user,
        agency,
        grant,
        [
            i.line(day, "09:00", "10:20", anne, "1625", postcode="7430"),
            i.line(day, "13:00", "14:00", anne, "650", remote=True),
        ],
    )
    first, second = invoice.invoice_lines.order_by("position")
    url = reverse("portal:attestation", args=[invoice.pk, anne.pk])
    return {
        "agency_user": agency_user,
        "anne": anne,
        "grant": grant,
        "invoice": invoice,
        "first": first,
        "second": second,
        "day": day,
        "url": url,
        "citizen": i.party_user(grant, "user", agency),
    }


def test_the_statement_page_shows_one_card_per_session(setup: dict[str, Any]) -> None:
    home = unescape(_client(setup["citizen"]).get(reverse("portal:home")).content.decode())
    assert "Tolkning du skal bekræfte" in home and "(1 venter på dit svar)" in home
    listing = unescape(_client(setup["citizen"]).get(reverse("portal:attestations")).content.decode())
    assert setup["url"] in listing
    page = unescape(_client(setup["citizen"]).get(setup["url"]).content.decode())
    assert page.count('data-testid="session"') == 2
    weekday = "Tirsdag"  # a_weekday() is a Tuesday
    assert f"{weekday} {setup['day'].day}." in page
    assert "kl. 09:00–10:20" in page
    # 80 minutes are billed as 1½ hours (started half hours); the remote one as 1 hour.
    assert "Faktureret: 1,5 timer" in page and "Faktureret: 1 timer" in page
    assert "Fjerntolkning" in page and "På stedet i" in page and "7430" in page
    assert "Fandt tolkningen sted?" in page
    assert "Jeg bekræfter på tro og love, at tolkningen på de bekræftede linjer har fundet sted" in page


def test_an_error_keeps_what_was_typed_and_names_the_problem(setup: dict[str, Any]) -> None:
    first, second = setup["first"], setup["second"]
    response = _client(setup["citizen"]).post(
        setup["url"],
        {f"answer_{first.pk}": "nej", f"note_{first.pk}": "", f"note_{second.pk}": "Kom for sent"},
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Der er et problem" in page
    assert "Skriv kort, hvad der ikke passer." in page and "Svar ja eller nej." in page
    assert "Kom for sent" in page  # the note typed on the other card is kept
    # The «Nej» chosen on the first card is still chosen.
    assert re.search(rf'name="answer_{first.pk}" value="nej"[^>]*checked', page)
    assert set(setup["invoice"].invoice_lines.values_list("status", flat=True)) == {LineStatus.AWAITING}


def test_the_citizen_confirms_one_and_disputes_the_other(setup: dict[str, Any]) -> None:
    first, second = setup["first"], setup["second"]
    response = _client(setup["citizen"]).post(
        setup["url"],
        {
            f"answer_{first.pk}": "ja",
            f"note_{first.pk}": "",
            f"answer_{second.pk}": "nej",
            f"note_{second.pk}": "Tolken kom aldrig",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:attestations")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.dispute_reason) == (
        LineStatus.CONFIRMED,
        LineStatus.DISPUTED,
        "Tolken kom aldrig",
    )
    page = unescape(_client(setup["citizen"]).get(setup["url"]).content.decode())
    assert "1 bekræftet, 1 afvist" in page and 'data-testid="confirm"' not in page


def test_another_citizen_cannot_open_the_statement(setup: dict[str, Any]) -> None:
    stranger = factories.citizen(factories.register_person())
    # Outside the statement's parties it does not exist for them (404, never confirming it does).
    assert _client(stranger).get(setup["url"]).status_code == 404
    assert _client(setup["anne"].user).get(setup["url"]).status_code == 404
    listing = _client(stranger).get(reverse("portal:attestations")).content.decode()
    assert setup["url"] not in listing


def test_the_interpreter_and_the_agency_sign_the_statement(setup: dict[str, Any]) -> None:
    invoice, anne = setup["invoice"], setup["anne"]
    url = reverse("portal:attestation_interpreter", args=[invoice.pk, anne.pk])
    refused = _client(anne.user).post(url, {})
    assert "Sæt kryds for at underskrive." in unescape(refused.content.decode())
    assert _client(anne.user).post(url, {"agree": "on"}).status_code == 302
    assert Attestation.objects.filter(party=AttestationParty.INTERPRETER, signed_by=anne.user).exists()
    assert "Underskrevet" in _client(anne.user).get(url).content.decode()
    agency_url = reverse("portal:attestation_agency", args=[invoice.pk, anne.pk])
    assert _client(anne.user).get(agency_url).status_code == 404
    other_agency = i.agency("Fremmed Tolkning ApS")[1]
    assert _client(other_agency).get(agency_url).status_code == 404
    assert _client(setup["agency_user"]).post(agency_url, {"agree": "on"}).status_code == 302
    assert Attestation.objects.filter(party=AttestationParty.AGENCY, signed_by=setup["agency_user"]).exists()


def test_the_interpreter_partial_lists_what_awaits_them(setup: dict[str, Any], rf: Any) -> None:
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = setup["anne"].user
    html = unescape(render_to_string("portal/interpreter/_statements.html", request=request))
    url = reverse("portal:attestation_interpreter", args=[setup["invoice"].pk, setup["anne"].pk])
    assert url in html and "2 sessioner" in html
