"""Signing the declarations (BEK § 25) in the portal: each party on its own page, the exact wording, a
checkbox, refused twice with a Danish message, never another party's; the interpreter's start page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import User
from kompensation.cases.models import Case
from kompensation.payments import services
from kompensation.payments.models import Declaration, DeclarationParty
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(investigated_case: Case, herning_caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    return {"agency": agency, "agency_user": agency_user, "anne": anne, "grant": grant}


def _sign(client: Client, url: str, grant: Any, agency: Any, confirm: bool = True) -> Any:
    data = {"grant": grant.pk, "agency": agency.pk}
    if confirm:
        data["confirm"] = "on"
    return client.post(url, data, follow=True)


def test_the_citizen_reads_the_exact_text_and_signs_with_the_checkbox(setup: dict[str, Any]) -> None:
    grant, agency = setup["grant"], setup["agency"]
    citizen = i.party_user(grant, DeclarationParty.USER, agency)
    client = _client(citizen)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Erklæringer du skal underskrive" in home and grant.reference in home
    url = reverse("portal:declarations")
    page = client.get(url).content.decode()
    expected = services.DECLARATION_TEXTS[DeclarationParty.USER].format(agency=agency.name)
    assert expected in page
    # Without the checkbox: an error summary, nothing signed.
    refused = _sign(client, url, grant, agency, confirm=False).content.decode()
    assert "Der er et problem" in refused and "Sæt kryds ved erklæringen" in refused
    assert not Declaration.objects.filter(grant=grant).exists()
    signed = _sign(client, url, grant, agency).content.decode()
    declaration = Declaration.objects.get(grant=grant, party=DeclarationParty.USER)
    assert declaration.signed_by == citizen and declaration.text == expected
    assert "Du har ingen erklæringer, der venter på din underskrift." in signed
    assert "Gælder" in signed  # listed under «Erklæringer du har underskrevet», with its date
    # Signing twice: refused in Danish.
    twice = _sign(client, url, grant, agency).content.decode()
    assert "Erklæringen er allerede underskrevet." in twice
    assert Declaration.objects.filter(grant=grant, party=DeclarationParty.USER).count() == 1


def test_the_employer_signs_its_own(setup: dict[str, Any]) -> None:
    grant, agency = setup["grant"], setup["agency"]
    employer = i.party_user(grant, DeclarationParty.EMPLOYER, agency)
    client = _client(employer)
    _sign(client, reverse("portal:declarations"), grant, agency)
    assert Declaration.objects.get(grant=grant).party == DeclarationParty.EMPLOYER


def test_another_citizen_cannot_sign_someone_elses_declaration(setup: dict[str, Any]) -> None:
    grant, agency = setup["grant"], setup["agency"]
    stranger = factories.citizen(factories.register_person())
    client = _client(stranger)
    assert grant.reference not in client.get(reverse("portal:declarations")).content.decode()
    response = client.post(
        reverse("portal:declarations"), {"grant": grant.pk, "agency": agency.pk, "confirm": "on"}
    )
    assert response.status_code == 403
    assert not Declaration.objects.exists()


def test_the_agency_signs_on_its_own_page_and_registers_an_interpreter(setup: dict[str, Any]) -> None:
    grant, agency = setup["grant"], setup["agency"]
    client = _client(setup["agency_user"])
    url = reverse("portal:agency_declarations")
    assert (
        services.DECLARATION_TEXTS[DeclarationParty.AGENCY].format(agency=agency.name)
        in client.get(url).content.decode()
    )
    _sign(client, url, grant, agency)
    assert Declaration.objects.get(grant=grant).party == DeclarationParty.AGENCY
    # A foreign agency is not a party to this grant.
    other_user = i.agency("Andet Bureau ApS")[1]
    refused = _client(other_user).post(url, {"grant": grant.pk, "agency": agency.pk, "confirm": "on"})
    assert refused.status_code == 403
    # Registering its own interpreter: tied to the agency; a duplicate number refused with a message.
    interpreters = reverse("portal:agency_interpreters")
    client.post(interpreters, {"number": "T-9001", "name": "Bo Berg", "email": "bo@example.dk"})
    assert list(agency.interpreters.filter(number="T-9001").values_list("name", flat=True)) == ["Bo Berg"]
    again = client.post(interpreters, {"number": "T-9001", "name": "Bo Berg"}).content.decode()
    assert "Der er et problem" in again and "Tolkenummer T-9001 er allerede registreret." in again


def test_the_interpreter_start_page_lists_the_declaration_once_asked(setup: dict[str, Any]) -> None:
    grant, agency, anne = setup["grant"], setup["agency"], setup["anne"]
    client = _client(anne.user)
    # The role's start page is the interpreter's own page, not «Ingen adgang».
    assert client.get(reverse("accounts:home"))["Location"] == reverse("portal:interpreter_home")
    home = client.get(reverse("portal:interpreter_home")).content.decode()
    assert "Ingen opgørelser venter på din underskrift." in home
    assert grant.reference not in home  # not asked yet: no invoice names her
    i.submit(
        setup["agency_user"],
        agency,
        grant,
        [i.line(i.a_weekday(), "09:00", "10:00", anne, "650", remote=True)],
    )
    home = client.get(reverse("portal:interpreter_home")).content.decode()
    assert grant.reference in home
    _sign(client, reverse("portal:interpreter_home"), grant, agency)
    declaration = Declaration.objects.get(grant=grant)
    assert (declaration.party, declaration.interpreter) == (DeclarationParty.INTERPRETER, anne)
    # Another interpreter of the same agency cannot sign Anne's.
    bo = i.interpreter(agency, "Bo Berg")
    refused = _client(bo.user).post(
        reverse("portal:interpreter_home"), {"grant": grant.pk, "agency": agency.pk, "confirm": "on"}
    )
    assert refused.status_code == 403


def test_signing_reruns_the_invoice_controls(setup: dict[str, Any]) -> None:
    grant, agency, anne = setup["grant"], setup["agency"], setup["anne"]
    invoice = i.submit(
        setup["agency_user"],
        agency,
        grant,
        [i.line(i.a_weekday(), "09:00", "10:00", anne, "650", remote=True)],
    )
    for party in ("user", "employer", "agency"):
        services.declaration_sign(
            user=i.party_user(grant, party, agency), grant=grant, agency=agency, party=party
        )
    assert invoice.controls.get(code="declarations").status == "fail"
    _sign(_client(anne.user), reverse("portal:interpreter_home"), grant, agency)
    assert invoice.controls.get(code="declarations").status == "pass"
