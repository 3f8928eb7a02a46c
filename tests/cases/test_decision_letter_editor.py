"""The decision letter is edited part by part (Herning's five parts), previewed live and sent after a
confirmation page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.cases.models import Application, Case, CaseStatus, Decision
from kompensation.letters import parts
from tests import factories

pytestmark = pytest.mark.django_db


def draft(case: Case) -> Decision:
    return factories.grant_draft(case, reasons="Behov for oplæsning af bilag.")


@pytest.fixture
def client(investigated_case: Case) -> Client:
    client = Client()
    client.force_login(investigated_case.caseworker)
    return client


def form_data(body: str, **changes: str) -> dict[str, str]:
    split = parts.split(body)
    assert split is not None
    data = {"opening": split.opening, **{f"part_{p.number}": p.text for p in split.parts}}
    return data | changes


def test_the_composed_letter_splits_into_five_parts_and_joins_back(investigated_case: Case) -> None:
    body = draft(investigated_case).letter.body
    split = parts.split(body)
    assert split is not None
    assert [p.heading.split(".")[0] for p in split.parts] == ["1", "2", "3", "4", "5"]
    assert split.opening.startswith("Kære ")
    assert "Behov for oplæsning af bilag." in split.parts[3].text  # the conclusion is part 4
    assert parts.join(split.opening, split.parts) == body


def test_a_body_without_the_five_headings_is_not_split() -> None:
    assert parts.split("Kære A\n## 1. Et\nx\n## 3. Tre\ny") is None


def test_editor_shows_one_field_per_part_and_the_guidance_as_text(
    client: Client, investigated_case: Case
) -> None:
    draft(investigated_case)
    page = client.get(reverse("cases:decision_letter", args=[investigated_case.pk])).content.decode()
    for number in range(1, 6):
        assert f'name="part_{number}"' in page
    assert "<h3>Klagevejledning</h3>" in page and "## Klagevejledning" not in page
    assert 'hx-post="' + reverse("cases:decision_letter_preview", args=[investigated_case.pk]) in page


def test_preview_renders_the_typed_text_and_saves_nothing(client: Client, investigated_case: Case) -> None:
    decision = draft(investigated_case)
    body = decision.letter.body
    url = reverse("cases:decision_letter_preview", args=[investigated_case.pk])
    response = client.post(url, form_data(body, part_4="Ny konklusion.\n- Første punkt"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Ny konklusion.</p>" in html and "<li>Første punkt</li>" in html
    assert "<h3>4. Konklusion</h3>" in html and "##" not in html
    assert "Klagevejledning" in html
    decision.letter.refresh_from_db()
    assert decision.letter.body == body


def test_saving_keeps_the_headings_and_a_part_may_not_carry_another_parts_heading(
    client: Client, investigated_case: Case
) -> None:
    decision = draft(investigated_case)
    url = reverse("cases:decision_letter", args=[investigated_case.pk])
    refused = client.post(url, form_data(decision.letter.body, part_2="## 3. Forkert", save="1"))
    assert refused.status_code == 400
    assert "Overskrifterne «## 1.» til «## 5.» ligger fast" in refused.content.decode()

    response = client.post(url, form_data(decision.letter.body, part_4="Ændret konklusion.", save="1"))
    assert response.status_code == 302
    decision.letter.refresh_from_db()
    assert "## 4. Konklusion\nÆndret konklusion.\n## 5. Afgørelse" in decision.letter.body


def test_send_goes_through_the_confirmation_page(client: Client, investigated_case: Case) -> None:
    decision = draft(investigated_case)
    url = reverse("cases:decision_letter", args=[investigated_case.pk])
    response = client.post(url, form_data(decision.letter.body, send="1"))
    confirm = reverse("cases:decision_send", args=[investigated_case.pk])
    assert response.status_code == 302 and response["Location"] == confirm
    investigated_case.refresh_from_db()
    assert investigated_case.status != CaseStatus.DECIDED  # nothing is sent before the final button

    page = client.get(confirm).content.decode()
    person, employer = investigated_case.person.name, investigated_case.employer.name
    assert f"Du er ved at sende afgørelsen til {person} og {employer} (virksomhedens version)." in page

    done = client.post(confirm, {})
    assert done.status_code == 302
    investigated_case.refresh_from_db()
    assert investigated_case.status == CaseStatus.DECIDED


def test_decision_form_starts_from_the_dialog_form_proposal(client: Client, investigated_case: Any) -> None:
    """The fixture's dialog form: 300 + 100 minutes need assistance = 400 minutes = 6 h 40 min, rounded up
    to the nearest half hour = 7 hours. With 10 hours sought a partial grant is proposed; with 7, a grant."""
    Application.objects.filter(case=investigated_case).update(hours_sought=Decimal("10"))
    page = client.get(reverse("cases:decision", args=[investigated_case.pk])).content.decode()
    assert 'name="hours_per_week" value="7"' in page
    checked = re.search(r'<input type="radio" name="outcome" value="(\w+)"[^>]*checked', page)
    assert checked is not None and checked.group(1) == "partial_grant"
    assert 'Timer pr. uge<span class="weight-normal"> (skal udfyldes ved bevilling)</span>' in page
    Application.objects.filter(case=investigated_case).update(hours_sought=Decimal("7"))
    page = client.get(reverse("cases:decision", args=[investigated_case.pk])).content.decode()
    checked = re.search(r'<input type="radio" name="outcome" value="(\w+)"[^>]*checked', page)
    assert checked is not None and checked.group(1) == "grant"
