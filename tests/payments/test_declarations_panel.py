"""The declarations panel on an interpreting case (BEK § 25): per approved agency, who must declare — the
user, the employer, the agency and every interpreter with invoice lines on the grant — who has signed, what
was revoked and why; and the caseworker of the case's municipality, and no one else, revokes with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role
from kompensation.cases.models import EventType
from kompensation.payments import selectors
from kompensation.payments import services as payment_services
from kompensation.payments.models import Declaration
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db

REASON_MESSAGE = "Skriv hvad der har ændret sig."


@pytest.fixture
def setup(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    """An interpreting grant whose user, employer and agency have signed; Anne Holm has a line on an invoice
    and has not signed."""
    i.seed_rates()
    agency, agency_user = i.agency("Tegnsprogstolkene ApS")
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    for party in ("user", "employer", "agency"):
        payment_services.declaration_sign(
            user=i.party_user(grant, party, agency), grant=grant, agency=agency, party=party
        )
    i.submit(agency_user, agency, grant, [i.line(i.a_weekday(), "09:00", "10:00", anne, "650", remote=True)])
    return {
        "grant": grant,
        "agency": agency,
        "agency_user": agency_user,
        "anne": anne,
        "caseworker": herning_caseworker,
        "page": reverse("cases:detail", args=[grant.case.pk]),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _status(panel: list[Any]) -> dict[str, bool]:
    return {row.label: row.signed for block in panel for row in block.rows}


def test_the_panel_lists_every_party_and_the_interpreter_with_invoice_lines(setup: dict[str, Any]) -> None:
    grant = setup["grant"]
    case = grant.case
    panel = selectors.declarations_panel(user=setup["caseworker"], grant=grant)
    assert [block.agency.name for block in panel] == ["Tegnsprogstolkene ApS"]
    assert _status(panel) == {
        f"Tolkebrugeren {case.person.name}": True,
        f"Arbejdsgiveren {case.employer.name}": True,
        "Tolkebureauet Tegnsprogstolkene ApS": True,
        f"Tolken Anne Holm ({setup['anne'].number})": False,
    }
    assert panel[0].missing == 1


def test_an_interpreter_without_invoice_lines_is_not_yet_required(
    investigated_case: Any, herning_caseworker: Any
) -> None:
    i.seed_rates()
    agency, _ = i.agency("Skrivetolk Nord ApS")
    i.interpreter(agency, "Bo Berg")  # registered with the agency, but has interpreted nothing on this grant
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    panel = selectors.declarations_panel(user=herning_caseworker, grant=grant)
    # The user, the employer and the agency: three parties, none signed.
    assert [row.party for row in panel[0].rows] == ["user", "employer", "agency"]
    assert panel[0].missing == 3


def test_the_panel_is_empty_for_staff_of_another_municipality(setup: dict[str, Any]) -> None:
    assert selectors.declarations_panel(user=factories.caseworker("751"), grant=setup["grant"]) == []


def test_the_case_page_shows_the_grant_terms_and_signed_and_missing_declarations(
    setup: dict[str, Any],
) -> None:
    html = _client(setup["caseworker"]).get(setup["page"]).content.decode()
    grant = setup["grant"]
    assert "Tolkning (tegnsprog, taktil eller skrivetolkning)" in html
    assert "Tegnsprogstolkning" in html
    assert f"Tegnsprogstolkene ApS (CVR {setup['agency'].cvr})" in html
    assert grant.decision.agency_choice_approved_on.strftime("%d.%m.%Y") in html
    panel = html[html.index('data-testid="declarations-panel"') :]
    assert "1 mangler" in panel
    assert panel.count("Underskrevet</span>") == 3
    anne_row = panel[panel.index("Tolken Anne Holm") :]
    assert anne_row.index("Mangler") < anne_row.index("</tr>")
    # Only the three signed declarations can be revoked.
    assert panel.count("Tilbagekald erklæringen") == 3


def test_the_caseworker_revokes_a_declaration_with_a_reason(setup: dict[str, Any]) -> None:
    grant, caseworker = setup["grant"], setup["caseworker"]
    declaration = grant.declarations.get(party="employer")
    url = reverse("payments:declaration_revoke", args=[declaration.pk])
    reason = "Direktørens søster er medejer af bureauet"
    response = _client(caseworker).post(url, {f"erklaering-{declaration.pk}-reason": reason})
    assert response.status_code == 302 and response["Location"] == setup["page"]
    declaration.refresh_from_db()
    assert declaration.revoked_at is not None
    assert declaration.revoked_by == caseworker and declaration.revoked_reason == reason
    event = grant.case.events.get(type=EventType.DECLARATION_REVOKED)
    assert event.actor == caseworker and event.payload["reason"] == reason
    assert event.payload["party"] == "employer"
    # The employer must sign again: missing in the panel; the revoked one is listed with its reason.
    html = _client(caseworker).get(setup["page"]).content.decode()
    panel = html[html.index('data-testid="declarations-panel"') :]
    assert "2 mangler" in panel
    revoked = panel[panel.index('data-testid="revoked-declarations"') :]
    assert "Arbejdsgiveren" in revoked and reason in revoked


def test_a_revocation_without_a_reason_is_refused_beside_the_field(setup: dict[str, Any]) -> None:
    declaration = setup["grant"].declarations.get(party="agency")
    url = reverse("payments:declaration_revoke", args=[declaration.pk])
    response = _client(setup["caseworker"]).post(url, {f"erklaering-{declaration.pk}-reason": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Der er et problem" in html
    marker = f'id="id_erklaering-{declaration.pk}-reason-error"'
    assert REASON_MESSAGE in html[html.index(marker) : html.index(marker) + 200]
    declaration.refresh_from_db()
    assert declaration.revoked_at is None
    assert not setup["grant"].case.events.filter(type=EventType.DECLARATION_REVOKED).exists()


@pytest.mark.parametrize("who", ["employer", "citizen", "agency", "manager", "other_caseworker"])
def test_no_one_but_the_municipalitys_caseworker_revokes(setup: dict[str, Any], who: str) -> None:
    grant = setup["grant"]
    users = {
        "employer": lambda: i.party_user(grant, "employer", setup["agency"]),
        "citizen": lambda: i.party_user(grant, "user", setup["agency"]),
        "agency": lambda: setup["agency_user"],
        "manager": lambda: factories.user(Role.MANAGER, code="657"),
        "other_caseworker": lambda: factories.caseworker("751"),
    }
    declaration = grant.declarations.get(party="user")
    url = reverse("payments:declaration_revoke", args=[declaration.pk])
    response = _client(users[who]()).post(url, {f"erklaering-{declaration.pk}-reason": "Ændret forhold"})
    assert response.status_code in (403, 404)
    assert Declaration.objects.get(pk=declaration.pk).revoked_at is None
    assert not grant.case.events.filter(type=EventType.DECLARATION_REVOKED).exists()
