"""Registering an application under Serviceloven (`social:new`), the social case on the case page, and the
inbox's filter by scheme — through the Django test client against PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import Case, CaseStatus
from tests import factories
from tests import social_cases as social

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register_post(**overrides: str) -> dict[str, str]:
    data = {
        "scheme": "bpa",
        "cpr": factories.register_person(),
        "received_on": timezone.localdate().isoformat(),
        "channel": "paper",
        "product": "",
        "tasks_description": "Personlig pleje morgen og aften, rengøring og ledsagelse til fritid.",
        "impairment_description": "Rygmarvsskade (tetraplegi).",
        "hours_sought": "37,5",
    }
    return data | overrides


def test_the_registration_page_names_each_scheme_in_plain_danish(herning_caseworker: Any) -> None:
    body = client_for(herning_caseworker).get(reverse("social:new")).content.decode()
    for words in (
        "Borgerstyret personlig assistance (BPA, serviceloven § 96)",
        "Kontant tilskud til hjælpere (serviceloven § 95)",
        "Hjælpemiddel (serviceloven § 112)",
        "Forbrugsgode (serviceloven § 113)",
    ):
        assert words in body
    # The PA paper form points to it in one line.
    new_case = client_for(herning_caseworker).get(reverse("cases:new")).content.decode()
    assert "Ansøgning efter serviceloven (BPA, kontant tilskud, hjælpemiddel)?" in new_case
    assert reverse("social:new") in new_case


def test_a_registered_bpa_application_opens_a_case_and_goes_to_its_page(herning_caseworker: Any) -> None:
    data = register_post()
    response = client_for(herning_caseworker).post(reverse("social:new"), data)
    case = Case.objects.get(person__cpr=data["cpr"])
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.scheme == "bpa" and case.caseworker == herning_caseworker
    assert case.status == CaseStatus.RECEIVED
    application = case.application
    assert application.channel == "paper"
    assert application.hours_sought == Decimal("37.5")  # typed «37,5»
    assert application.impairment_description == "Rygmarvsskade (tetraplegi)."


def test_an_aids_product_is_what_is_sought(herning_caseworker: Any) -> None:
    data = register_post(
        scheme="aid",
        product="Skylle-tørretoilet",
        tasks_description="Toiletbesøg uden hjælp.",
        hours_sought="",
    )
    client_for(herning_caseworker).post(reverse("social:new"), data)
    application = Case.objects.get(person__cpr=data["cpr"]).application
    assert application.tasks_description == "Produkt: Skylle-tørretoilet\nToiletbesøg uden hjælp."
    assert application.hours_sought is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cpr": "unregistered"}, "cpr", "CPR-nummeret findes ikke i CPR-registret. Kontrollér nummeret."),
        (
            {"received_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
            "received_on",
            "Modtagelsesdatoen kan ikke ligge i fremtiden.",
        ),
        ({"tasks_description": " "}, "tasks_description", "Skriv hvad der søges om hjælp til."),
        (
            {"scheme": "aid", "tasks_description": "", "hours_sought": ""},
            "product",
            "Skriv hvilket produkt der søges om, fx en kørestol eller et skylle-tørretoilet.",
        ),
        (
            {"scheme": "consumer_good", "product": "El-scooter"},
            "hours_sought",
            "Timer søges kun til BPA og kontant tilskud. Lad feltet stå tomt.",
        ),
    ],
)
def test_a_registration_with_an_error_says_what_to_do_and_keeps_the_input(
    herning_caseworker: Any, overrides: dict[str, str], field: str, message: str
) -> None:
    if overrides.get("cpr") == "unregistered":
        overrides = {"cpr": factories.new_cpr()}  # a valid number the register does not know
    data = register_post(**overrides)
    response = client_for(herning_caseworker).post(reverse("social:new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    body = response.content.decode()
    assert "Rygmarvsskade (tetraplegi)." in body  # what was typed is still there
    assert not Case.objects.filter(person__cpr=data["cpr"]).exists()


def test_a_person_of_another_municipality_is_registered_there(herning_caseworker: Any) -> None:
    data = register_post(cpr=factories.register_person(code="751"))
    response = client_for(herning_caseworker).post(reverse("social:new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["cpr"] == [
        "Personen bor i Aarhus Kommune. Ansøgningen skal behandles af bopælskommunen."
    ]


def test_only_a_caseworker_registers(herning_caseworker: Any) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    assert client_for(manager).get(reverse("social:new")).status_code == 403
    employer = factories.employer_user(factories.register_company())
    assert client_for(employer).post(reverse("social:new"), register_post()).status_code == 403


# --- the case page ----------------------------------------------------------------------------------------


def test_the_case_page_of_a_bpa_case_shows_the_application_steps_circle_and_measurement(
    herning_caseworker: Any,
) -> None:
    case = social.social_case("bpa", herning_caseworker, hours_sought=Decimal("40"))
    social.assess_circle(case, herning_caseworker, unmet=["work_supervisor"])
    social.measure(case, herning_caseworker)
    body = client_for(herning_caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    # What was applied for
    assert "Hjælp i hverdagen" in body and "40 timer pr. uge" in body
    assert "Socialforvaltningen i Herning Kommune" in body
    # The steps of the scheme
    assert reverse("social:circle", args=[case.pk]) in body
    assert reverse("social:measurement", args=[case.pk]) in body
    # The circle in short: one criterion unmet
    assert "Ikke i personkredsen" in body and "kan være arbejdsleder for hjælperne" in body
    # The measurement's totals: 60×7 + 30×3×7 + 120×2 + 180×2 = 1,650 minutes = 27.5 hours a week.
    assert 'data-testid="total-hours">27,5<' in body
    assert 'data-testid="need-hours">27,5 timer pr. uge<' in body


def test_an_aid_case_has_no_measurement_step(herning_caseworker: Any) -> None:
    case = social.social_case("aid", herning_caseworker)
    body = client_for(herning_caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("social:circle", args=[case.pk]) in body
    assert reverse("social:measurement", args=[case.pk]) not in body
    assert "Mangler vurdering" in body


# --- the inbox ------------------------------------------------------------------------------------------


def test_the_inbox_filters_by_scheme_and_shows_every_scheme_by_default(
    herning_caseworker: Any, opened_case: Case
) -> None:
    bpa = social.social_case("bpa", herning_caseworker)
    aid = social.social_case("aid", herning_caseworker)
    client = client_for(herning_caseworker)
    every = client.get(reverse("cases:inbox")).content.decode()
    assert all(c.reference in every for c in (bpa, aid, opened_case))
    assert "Alle ordninger" in every
    only_bpa = client.get(reverse("cases:inbox") + "?scheme=bpa").content.decode()
    assert bpa.reference in only_bpa
    assert aid.reference not in only_bpa and opened_case.reference not in only_bpa
    # The filter form posts; the scheme goes back into the address (it holds no personal data).
    response = client.post(reverse("cases:inbox"), {"scheme": "aid", "mine": "on"})
    assert response.status_code == 303 and "scheme=aid" in response["Location"]
