"""The employer is a party to the subsidy, never to the person's health: pages, downloads, letters, API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kompensation.cases.models import Case, Confidentiality
from kompensation.letters.models import Recipient
from kompensation.letters.services import letter_render
from tests import factories

pytestmark = pytest.mark.django_db

HEALTH_WORDS = ["Nedsat syn", "Lægeattest", "Behov for oplæsning", "Enig, men synet", "Skærmlæser"]


@pytest.fixture
def sent(granted_case: Case, herning_caseworker: Any) -> dict[str, Any]:
    decision = granted_case.decisions.get()
    for letter in (decision.letter, decision.employer_letter):
        letter_render(letter_id=letter.pk)  # the fixture's transaction never commits, so render here
    decision.refresh_from_db()
    return {
        "case": granted_case,
        "decision": decision,
        "employer": factories.employer_user(granted_case.employer.cvr),
        "citizen": factories.citizen(granted_case.person.cpr),
    }


def test_each_decision_has_a_person_letter_and_a_subsidy_letter_for_the_employer(
    sent: dict[str, Any],
) -> None:
    decision = sent["decision"]
    person, employer = decision.letter, decision.employer_letter
    assert (person.recipient, person.confidentiality) == (Recipient.PERSON, Confidentiality.HEALTH)
    assert (employer.recipient, employer.confidentiality) == (Recipient.EMPLOYER, Confidentiality.SUBSIDY)
    assert "Nedsat syn" in person.body  # the person's own letter gives the full reasoning
    for word in HEALTH_WORDS:
        assert word not in employer.body, word
    # What the employer needs: hours, period, rate, assistants, how to request payment, complaint guidance.
    for needed in ("7 timer om ugen", "studentertimelønssats trin 3", "Assistancefirmaet ApS", "lønsedler"):
        assert needed in employer.body, needed
    assert "Klagevejledning" in employer.fixed_footer


def test_employer_reads_only_its_own_letter_and_no_health_document(sent: dict[str, Any]) -> None:
    case, decision = sent["case"], sent["decision"]
    client = Client()
    client.force_login(sent["employer"])
    assert client.get(reverse("letters:pdf", args=[decision.employer_letter.pk])).status_code == 200
    assert client.get(reverse("letters:pdf", args=[decision.letter.pk])).status_code == 404
    health_document = case.documents.get(doc_type="gp")
    assert health_document.confidentiality == Confidentiality.HEALTH
    assert client.get(reverse("cases:document", args=[health_document.pk])).status_code == 404
    home = client.get(reverse("portal:home")).content.decode()
    assert decision.employer_letter.subject in home
    assert reverse("letters:pdf", args=[decision.letter.pk]) not in home
    for word in HEALTH_WORDS:
        assert word not in home


def test_the_person_reads_their_own_letter_and_documents(sent: dict[str, Any]) -> None:
    case, decision = sent["case"], sent["decision"]
    client = Client()
    client.force_login(sent["citizen"])
    assert client.get(reverse("letters:pdf", args=[decision.letter.pk])).status_code == 200
    assert client.get(reverse("letters:pdf", args=[decision.employer_letter.pk])).status_code == 404
    document = case.documents.get(doc_type="gp")
    assert client.get(reverse("cases:document", args=[document.pk])).status_code == 200


def test_the_cosignature_page_shows_the_employer_no_impairment(db: None) -> None:
    cvr = factories.register_company()
    application = factories.awaiting_application(
        cvr, impairment="Sklerose med træthed", with_document="neurolog.pdf"
    )
    client = Client()
    client.force_login(factories.employer_user(cvr))
    page = client.get(reverse("portal:cosign", args=[application.pk])).content.decode()
    assert "Pædagog" in page and "Hjælp ApS" in page
    assert "Sklerose" not in page and "neurolog.pdf" not in page


def test_the_api_gives_the_employer_no_health_data(
    sent: dict[str, Any], rates: None, wages: None, simplified: None
) -> None:
    client = APIClient()
    client.force_authenticate(user=sent["employer"])
    body = client.get("/api/v1/grants/").content.decode()
    assert sent["case"].person.name in body and "7.0" in body
    for word in HEALTH_WORDS:
        assert word not in body
