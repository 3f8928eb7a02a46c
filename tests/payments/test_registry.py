"""The interpreting registry: agencies by CVR (validated, named from the CVR register), interpreters by
number (no duplicates), economic links; who may read and write, and what each municipality sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Case
from kompensation.payments import services
from kompensation.payments.models import Agency, EconomicLink, Interpreter
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_agency_is_registered_by_cvr_with_its_name_from_the_register(herning_caseworker: Any) -> None:
    cvr = factories.register_company(name="Tegn og Tale ApS")
    agency = services.agency_register(
        user=herning_caseworker, cvr=cvr, name="Skrevet forkert", email="a@b.dk"
    )
    # The register's name wins over what was typed; the address comes with it.
    assert (agency.name, agency.city, agency.email) == ("Tegn og Tale ApS", "Herning", "a@b.dk")


def test_a_bad_cvr_and_a_duplicate_are_refused_in_danish(herning_caseworker: Any) -> None:
    # 12345678: weights 2,7,6,5,4,3,2,1 give 2+14+18+20+20+18+14+8 = 114, and 114 mod 11 = 4 ≠ 0.
    with pytest.raises(ValidationError) as bad:
        services.agency_register(user=herning_caseworker, cvr="12345678", name="X ApS")
    assert bad.value.message_dict == {"cvr": ["Indtast et gyldigt CVR-nummer med 8 cifre."]}
    cvr = factories.new_cvr()  # valid, but not in the (offline) CVR register: the typed name is used
    services.agency_register(user=herning_caseworker, cvr=cvr, name="Ukendt Tolk ApS")
    with pytest.raises(ValidationError) as twice:
        services.agency_register(user=herning_caseworker, cvr=cvr, name="Ukendt Tolk ApS")
    assert twice.value.message_dict["cvr"] == [
        f"Et tolkebureau med CVR-nummer {cvr} er allerede registreret."
    ]
    with pytest.raises(ValidationError) as nameless:
        services.agency_register(user=herning_caseworker, cvr=factories.new_cvr())
    assert "Skriv bureauets navn" in nameless.value.message_dict["name"][0]


def test_only_caseworkers_and_payment_officers_write(herning_caseworker: Any) -> None:
    manager = factories.user(Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.agency_register(user=manager, cvr=factories.register_company(), name="")
    agency, agency_user = i.agency()
    with pytest.raises(PermissionDenied):
        services.economic_link_register(
            user=agency_user, interpreter=i.interpreter(agency), description="x", employer=None, person=None
        )


def test_a_duplicate_interpreter_number_is_refused(herning_caseworker: Any) -> None:
    agency, _ = i.agency()
    services.interpreter_register(user=herning_caseworker, number="T-7", name="Bo", agencies=[agency])
    with pytest.raises(ValidationError) as twice:
        services.interpreter_register(user=herning_caseworker, number="t-7", name="Bo", agencies=[agency])
    assert twice.value.message_dict["number"] == ["Tolkenummer t-7 er allerede registreret."]
    with pytest.raises(ValidationError) as no_agency:
        services.interpreter_register(user=herning_caseworker, number="T-8", name="Eva")
    assert no_agency.value.message_dict["agencies"] == ["Vælg mindst ét tolkebureau."]


def test_an_agency_registers_interpreters_for_itself_only(db: None) -> None:
    own, agency_user = i.agency()
    other, _ = i.agency("Andet Bureau ApS")
    row = services.interpreter_register(user=agency_user, number="T-70", name="Bo", agencies=[other])
    assert list(row.agencies.all()) == [own]


def test_the_registry_pages_search_paginate_and_create(herning_caseworker: Any) -> None:
    for n in range(27):
        Agency.objects.create(cvr=factories.new_cvr(), name=f"Bureau {n:02d}")
    client = _client(herning_caseworker)
    first = client.get(reverse("payments:agencies")).content.decode()
    # 25 a page: the 26th (Bureau 25) is on page 2.
    assert "Bureau 24" in first and "Bureau 25" not in first and "Side 1 af 2" in first
    assert "Bureau 25" in client.get(reverse("payments:agencies"), {"side": 2}).content.decode()
    found = client.get(reverse("payments:agencies"), {"q": "bureau 07"}).content.decode()
    assert "Bureau 07" in found and "Bureau 08" not in found
    bad = client.post(reverse("payments:agency_new"), {"cvr": "1234", "name": "X"}).content.decode()
    assert "Der er et problem" in bad and "Indtast et gyldigt CVR-nummer med 8 cifre." in bad
    cvr = factories.register_company(name="Nyt Tolkehus ApS")
    response = client.post(reverse("payments:agency_new"), {"cvr": cvr})
    agency = Agency.objects.get(cvr=cvr)
    assert response["Location"] == reverse("payments:agency", args=[agency.pk])
    response = client.post(
        reverse("payments:interpreter_new"), {"number": "T-501", "name": "Eva Nør", "agencies": [agency.pk]}
    )
    eva = Interpreter.objects.get(number="T-501")
    assert response["Location"] == reverse("payments:interpreter", args=[eva.pk])


def test_agency_detail_shows_only_the_own_municipalitys_grants(
    investigated_case: Case, herning_caseworker: Any
) -> None:
    i.seed_rates()
    agency, _ = i.agency()
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    url = reverse("payments:agency", args=[agency.pk])
    assert grant.reference in _client(herning_caseworker).get(url).content.decode()
    # Another municipality's staff read the (national) agency, but not Herning's grant or person.
    holstebro = factories.caseworker("751")
    page = _client(holstebro).get(url)
    assert page.status_code == 200
    assert grant.reference not in page.content.decode()
    assert investigated_case.person.name not in page.content.decode()


def test_economic_links_are_registered_by_cpr_within_the_municipality(
    investigated_case: Case, herning_caseworker: Any
) -> None:
    agency, _ = i.agency()
    anne = i.interpreter(agency)
    client = _client(herning_caseworker)
    url = reverse("payments:economic_link_new", args=[anne.pk])
    person = investigated_case.person
    response = client.post(url, {"cpr": person.cpr, "description": "Tolkens søster"})
    assert response.status_code == 302
    link = EconomicLink.objects.get()
    assert (link.person, link.interpreter, link.registered_by) == (person, anne, herning_caseworker)
    # Staff elsewhere cannot reach Herning's person by CPR, and do not see Herning's link.
    holstebro = factories.caseworker("751")
    refused = _client(holstebro).post(url, {"cpr": person.cpr, "description": "x"}).content.decode()
    assert "Kommunen har ingen sag om en person med det CPR-nummer." in refused
    assert EconomicLink.objects.count() == 1
    detail = _client(holstebro).get(reverse("payments:interpreter", args=[anne.pk])).content.decode()
    assert person.name not in detail and "Tolkens søster" not in detail
    # Neither person nor employer: refused with a message.
    empty = client.post(url, {"description": "noget"}).content.decode()
    assert "Angiv tolkebrugerens CPR-nummer eller arbejdsgiverens CVR-nummer." in empty


def test_citizens_and_agencies_have_no_registry(db: None) -> None:
    agency, agency_user = i.agency()
    assert _client(agency_user).get(reverse("payments:agencies")).status_code == 403
    # Outside the user's scope an object does not exist for them (accounts.permissions): 404.
    assert _client(agency_user).get(reverse("payments:agency", args=[agency.pk])).status_code == 404
