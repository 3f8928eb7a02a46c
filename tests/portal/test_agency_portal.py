"""The interpreting agency's pages: its own users and invoices only, the invoice form in steps, claimed
versus computed, one invoice per submission, and why a line or an invoice was refused.

Amounts are derived by hand from BEK nr. 1317 § 24 (the rates in tests/interpreting.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.payments import services
from kompensation.payments.models import PaymentRequest
from tests import factories, interpreting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency()
    anne = interpreting.interpreter(agency, "Anne Holm")
    grant = interpreting.interpreting_case(investigated_case, herning_caseworker, [agency])
    interpreting.zones(grant.case)  # 7400 zone 1, 7430 zone 2, 8000 zone 3
    client = Client()
    client.force_login(agency_user)
    return {"agency": agency, "user": agency_user, "anne": anne, "grant": grant, "client": client}


def _row(world: dict[str, Any], i: int = 0, **values: str) -> dict[str, str]:
    row = {
        "date": interpreting.a_weekday().isoformat(),
        "start": "09:00",
        "end": "10:20",
        "interpreter": world["anne"].number,
        "remote": "no",
        "postcode": "7430",
        "zone": "",
        "demanding": "no",
        "claimed": "1.625,00",
    } | values
    return {f"l{i}-{k}": v for k, v in row.items()}


def _to_lines(world: dict[str, Any], number: str = "F-2026-1") -> None:
    client, day = world["client"], interpreting.a_weekday()
    response = client.post(reverse("portal:agency_invoice_grant"), {"grant": world["grant"].pk})
    assert response.status_code == 302
    response = client.post(
        reverse("portal:agency_invoice_period"),
        {
            "period_start": day.replace(day=1).isoformat(),
            "period_end": day.isoformat(),
            "invoice_number": number,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:agency_invoice_lines")


def test_the_agency_starts_on_its_own_page(world: dict[str, Any]) -> None:
    response = world["client"].get(reverse("accounts:home"))
    assert response["Location"] == reverse("portal:agency_home")


def test_the_agency_sees_its_users_and_never_health_data(world: dict[str, Any]) -> None:
    grant = world["grant"]
    page = world["client"].get(reverse("portal:agency_home")).content.decode()
    assert grant.case.person.name in page and grant.reference in page
    assert "Tegnsprogstolkning" in page and "Herning" in page
    # The application's impairment ("Nedsat syn", factories.paper_data) is health data: never shown.
    assert "Nedsat syn" not in page


def test_another_agency_sees_neither_the_users_nor_the_invoices(world: dict[str, Any]) -> None:
    grant, anne = world["grant"], world["anne"]
    invoice = interpreting.submit(
        world["user"],
        world["agency"],
        grant,
        [interpreting.line(interpreting.a_weekday(), "09:00", "10:00", anne, "650", remote=True)],
    )
    _, other_user = interpreting.agency("Fremmed Tolkning ApS")
    other = Client()
    other.force_login(other_user)
    assert grant.case.person.name not in other.get(reverse("portal:agency_home")).content.decode()
    assert other.get(reverse("portal:agency_invoice", args=[invoice.pk])).status_code == 404
    assert other.get(reverse("portal:agency_invoice_receipt", args=[invoice.pk])).status_code == 404
    # Nor can it choose the grant in the form.
    response = other.post(reverse("portal:agency_invoice_grant"), {"grant": grant.pk})
    assert response.status_code == 400
    own = world["client"].get(reverse("portal:agency_invoice", args=[invoice.pk])).content.decode()
    assert invoice.invoice_number in own and "Nedsat syn" not in own


def test_the_lines_step_keeps_what_was_typed_after_an_error(world: dict[str, Any]) -> None:
    _to_lines(world)
    client = world["client"]
    data = {"rows": "2", **_row(world, 0), **_row(world, 1, claimed="mange penge", postcode="7400")}
    response = client.post(reverse("portal:agency_invoice_lines"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Der er et problem" in page and "(linje 2)" in page
    assert 'value="mange penge"' in page and 'value="1.625,00"' in page and 'value="7430"' in page
    # And the table is still there when the agency comes back to it.
    page = client.get(reverse("portal:agency_invoice_lines")).content.decode()
    assert 'value="mange penge"' in page


def test_add_line_adds_an_empty_row_without_javascript(world: dict[str, Any]) -> None:
    _to_lines(world)
    client = world["client"]
    response = client.post(reverse("portal:agency_invoice_lines"), {"rows": "1", **_row(world), "add": "1"})
    assert response.status_code == 302
    page = client.get(reverse("portal:agency_invoice_lines")).content.decode()
    assert 'name="l1-date"' in page and 'value="1.625,00"' in page


def test_check_shows_claimed_next_to_computed(world: dict[str, Any]) -> None:
    _to_lines(world)
    client = world["client"]
    data = {
        "rows": "2",
        **_row(world, 0),
        # Remote 13:00–14:00, claimed 700: 1 h × 650 = 650,00 (no zone supplement); difference 50,00.
        **_row(world, 1, start="13:00", end="14:00", remote="yes", postcode="", claimed="700"),
    }
    response = client.post(reverse("portal:agency_invoice_lines"), data)
    assert response["Location"] == reverse("portal:agency_invoice_check")
    page = client.get(reverse("portal:agency_invoice_check")).content.decode()
    # 09:00–10:20 on a weekday, on site in zone 2 (7430): 80 minutes billed as 1,5 h × 650 = 975 + zone 2
    # supplement 650 = 1.625,00 kr.
    assert "1.625,00 kr." in page
    assert "650,00 kr." in page and "50,00 kr." in page
    # Totals: claimed 1.625 + 700 = 2.325,00; computed 1.625 + 650 = 2.275,00; to pay min per line = 2.275,00.
    assert "2.325,00 kr." in page and "2.275,00 kr." in page


def _submit(client: Client) -> Any:
    page = client.get(reverse("portal:agency_invoice_check")).content.decode()
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    return key, client.post(reverse("portal:agency_invoice_check"), {"idempotency_key": key})


def test_a_double_submission_creates_one_invoice(world: dict[str, Any]) -> None:
    _to_lines(world, number="F-77")
    client = world["client"]
    client.post(reverse("portal:agency_invoice_lines"), {"rows": "1", **_row(world)})
    key, first = _submit(client)
    second = client.post(reverse("portal:agency_invoice_check"), {"idempotency_key": key})
    invoices = PaymentRequest.objects.filter(agency=world["agency"])
    assert invoices.count() == 1
    invoice = invoices.get()
    receipt = reverse("portal:agency_invoice_receipt", args=[invoice.pk])
    assert first["Location"] == receipt and second["Location"] == receipt
    page = client.get(receipt).content.decode()
    assert invoice.reference in page and "F-77" in page and invoice.reference.startswith("UDB-")
    assert invoice.invoice_lines.get().computed == 1625  # 1,5 h × 650 + 650 (zone 2)


def test_a_refused_invoice_shows_the_services_message_and_keeps_the_lines(world: dict[str, Any]) -> None:
    anne = world["anne"]
    interpreting.submit(
        world["user"],
        world["agency"],
        world["grant"],
        [interpreting.line(interpreting.a_weekday(3), "09:00", "10:00", anne, "650", remote=True)],
        number="F-DUP",
    )
    _to_lines(world, number="F-DUP")
    client = world["client"]
    client.post(reverse("portal:agency_invoice_lines"), {"rows": "1", **_row(world)})
    _, response = _submit(client)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Der er et problem" in page and "allerede modtaget" in page
    assert "1.625,00 kr." in page  # the lines are still there
    assert PaymentRequest.objects.filter(agency=world["agency"]).count() == 1


def test_the_agency_sees_why_an_invoice_was_rejected(world: dict[str, Any]) -> None:
    anne = world["anne"]
    invoice = interpreting.submit(
        world["user"],
        world["agency"],
        world["grant"],
        [interpreting.line(interpreting.a_weekday(), "09:00", "10:00", anne, "650", remote=True)],
    )
    officer = factories.user("payment_officer", code="657")
    services.payment_request_reject(
        user=officer, request=invoice, reason="Tolkningen lå uden for bevillingens formål."
    )
    invoice.invoice_lines.update(rejection_reason="Borgeren var på ferie den dag.")
    page = world["client"].get(reverse("portal:agency_invoice", args=[invoice.pk])).content.decode()
    assert "Afvist" in page
    assert "Tolkningen lå uden for bevillingens formål." in page
    assert "Borgeren var på ferie den dag." in page


def test_the_invoice_list_searches_by_number_and_name(world: dict[str, Any]) -> None:
    anne = world["anne"]
    for number, weeks in (("ALFA-1", 2), ("BETA-2", 4)):
        interpreting.submit(
            world["user"],
            world["agency"],
            world["grant"],
            [interpreting.line(interpreting.a_weekday(weeks), "09:00", "10:00", anne, "650", remote=True)],
            number=number,
        )
    client = world["client"]
    page = client.get(reverse("portal:agency_invoices"), {"q": "beta"}).content.decode()
    assert "BETA-2" in page and "ALFA-1" not in page
    name = world["grant"].case.person.last_name
    page = client.get(reverse("portal:agency_invoices"), {"q": name}).content.decode()
    assert "BETA-2" in page and "ALFA-1" in page
