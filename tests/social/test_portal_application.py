"""The citizen applies under Serviceloven on Mine sider: scheme → need → check → receipt, the draft kept in
the session between the steps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kompensation.cases.models import Application, CaseEvent, Deadline
from kompensation.social.services import social_application_submit
from kompensation.social.views.intake import DRAFT_KEY
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(db: None) -> Any:
    return factories.citizen(factories.register_person(first_name="Bente", last_name="Borgersen"))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_mine_sider_links_to_the_application(citizen: Any) -> None:
    body = client_for(citizen).get(reverse("portal:home")).content.decode()
    assert reverse("social:apply") in body and "Søg om hjælp efter serviceloven" in body


def test_the_citizen_applies_for_bpa_step_by_step(citizen: Any) -> None:
    client = client_for(citizen)
    first = client.get(reverse("social:apply")).content.decode()
    assert "Trin 1 af 3" in first
    assert "Jeg har brug for meget hjælp i hverdagen" in first and "fx en el-scooter" in first

    response = client.post(reverse("social:apply"), {"scheme": "bpa"})
    assert response["Location"] == reverse("social:apply_need")
    need = client.get(reverse("social:apply_need")).content.decode()
    assert "Hvor mange timer om ugen tror du, du har brug for hjælp?" in need
    assert "Hvilket hjælpemiddel" not in need

    response = client.post(
        reverse("social:apply_need"),
        {
            "tasks_description": "Bad, påklædning og indkøb.",
            "hours_sought": "30",
            "impairment_description": "",
        },
    )
    assert response["Location"] == reverse("social:apply_check")
    check = client.get(reverse("social:apply_check")).content.decode()
    assert "Bad, påklædning og indkøb." in check and "30 timer om ugen" in check
    assert "Socialforvaltningen i Herning Kommune" in check

    # Sending without the declaration is refused, and nothing is created.
    refused = client.post(reverse("social:apply_check"), {})
    assert refused.status_code == 400
    assert refused.context["form"].errors["declaration"] == [
        "Bekræft, at oplysningerne er rigtige, før du sender ansøgningen."
    ]
    assert not Application.objects.filter(person__cpr=citizen.cpr).exists()

    sent = client.post(reverse("social:apply_check"), {"declaration": "on"})
    application = Application.objects.get(person__cpr=citizen.cpr)
    assert sent["Location"] == reverse("social:apply_receipt", args=[application.pk])
    assert application.scheme == "bpa" and application.channel == "online"
    assert application.status == "submitted" and application.citizen_signed_at is not None
    assert application.hours_sought == Decimal("30")
    case = application.case
    assert case.scheme == "bpa" and case.caseworker is None  # unassigned: in every inbox of Herning
    assert case.reference.startswith("BPA-")
    assert CaseEvent.objects.filter(case=case, type="case_opened", actor=citizen).exists()
    assert DRAFT_KEY not in client.session  # sent: the draft is gone

    receipt = client.get(sent["Location"]).content.decode()
    assert "Socialforvaltningen i Herning Kommune har modtaget din ansøgning" in receipt
    assert application.reference in receipt and case.reference in receipt
    due = Deadline.objects.get(case=case, kind="decision").due
    assert due.strftime("%d.%m.%Y") in receipt


def test_bad_input_is_kept_in_the_draft_and_shown_again(citizen: Any) -> None:
    client = client_for(citizen)
    client.post(reverse("social:apply"), {"scheme": "cash"})
    typed = "Hjælp til madlavning og rengøring hver dag."
    response = client.post(reverse("social:apply_need"), {"tasks_description": typed, "hours_sought": "21.5"})
    assert response.status_code == 400
    assert response.context["form"].errors["hours_sought"] == [
        "Brug komma før decimalerne: skriv 21,5. Punktum bruges kun som tusindtalsskille (1.234)."
    ]
    assert client.session[DRAFT_KEY]["tasks_description"] == typed
    # Leaving and coming back: what was typed is still there.
    again = client.get(reverse("social:apply_need")).content.decode()
    assert typed in again and 'value="21.5"' in again
    # The check page does not open on a need that is not right.
    assert client.get(reverse("social:apply_check"))["Location"] == reverse("social:apply_need")
    # Going back to the first step keeps the scheme chosen.
    first = client.get(reverse("social:apply"))
    assert first.context["form"].initial["scheme"] == "cash"


def test_an_aid_asks_for_the_product_not_hours(citizen: Any) -> None:
    client = client_for(citizen)
    client.post(reverse("social:apply"), {"scheme": "aid"})
    page = client.get(reverse("social:apply_need")).content.decode()
    assert "Hvilket hjælpemiddel søger du om?" in page and "timer om ugen" not in page
    response = client.post(reverse("social:apply_need"), {"product": "", "tasks_description": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["product"] == ["Skriv hvilket produkt du søger om."]
    client.post(reverse("social:apply_need"), {"product": "Badestol", "tasks_description": ""})
    client.post(reverse("social:apply_check"), {"declaration": "on"})
    application = Application.objects.get(person__cpr=citizen.cpr)
    assert application.tasks_description == "Produkt: Badestol"
    assert application.case.reference.startswith("HJ-")


def test_a_step_out_of_order_goes_back_to_the_first(citizen: Any) -> None:
    client = client_for(citizen)
    assert client.get(reverse("social:apply_need"))["Location"] == reverse("social:apply")
    assert client.post(reverse("social:apply_check"), {"declaration": "on"})["Location"] == reverse(
        "social:apply"
    )
    assert not Application.objects.exists()
    assert client.post(reverse("social:apply"), {"scheme": "pa"}).status_code == 400  # not under SEL


def test_the_receipt_is_the_applicants_own(citizen: Any, herning_caseworker: Any) -> None:
    application = social_application_submit(
        user=citizen, data={"scheme": "consumer_good", "product": "El-scooter", "declaration": True}
    )
    url = reverse("social:apply_receipt", args=[application.pk])
    assert client_for(citizen).get(url).status_code == 200
    other = factories.citizen(factories.register_person())
    assert client_for(other).get(url).status_code == 404
    assert client_for(herning_caseworker).get(url).status_code == 404
    employer = factories.employer_user(factories.register_company())
    assert client_for(employer).get(url).status_code == 404


def test_only_a_citizen_applies(herning_caseworker: Any) -> None:
    with pytest.raises(PermissionDenied):
        social_application_submit(
            user=herning_caseworker, data={"scheme": "aid", "product": "Badestol", "declaration": True}
        )
    assert client_for(herning_caseworker).get(reverse("social:apply")).status_code == 403
