"""The questionnaire's pages: the staff page (send, status, answers), the portal's steps, check page and
receipt, and what the employer's pages never show."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import AccessLog, Role
from kompensation.cases.models import Case
from kompensation.followup.models import Questionnaire
from kompensation.followup.services.plans import follow_ups_cancel
from kompensation.followup.services.questionnaires import questionnaire_answer, questionnaire_send
from tests import factories

from .questionnaire_helpers import (
    EMPLOYER_ANSWERS,
    PERSON_ANSWERS,
    employer_user,
    first_follow_up,
    person_user,
)

pytestmark = pytest.mark.django_db

IMPAIRMENT_TEXT = PERSON_ANSWERS["impairment"]["detail"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sent(granted_case: Case, herning_caseworker: Any) -> tuple[Questionnaire, Questionnaire]:
    person, employer = questionnaire_send(
        user=herning_caseworker, follow_up=first_follow_up(granted_case), parties=["person", "employer"]
    )
    return person, employer


# --- staff ---------------------------------------------------------------------------------------------


def test_the_caseworker_sends_from_the_staff_page(granted_case: Case, herning_caseworker: Any) -> None:
    follow_up = first_follow_up(granted_case)
    url = reverse("followup:questionnaire_send", args=[follow_up.pk])
    client = _client(herning_caseworker)
    page = client.get(url).content.decode()
    assert "Der er ikke sendt et skema til denne opfølgning." in page and "Send skemaet" in page
    response = client.post(url, {"parties": ["person"], "next": "https://example.com/"})
    # An outside address is never followed: back to the page itself.
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Skemaet er sendt til personen." in page and "Venter på svar" in page
    # Only the employer is left to choose.
    assert 'value="employer"' in page and 'value="person"' not in page
    back = reverse("cases:detail", args=[granted_case.pk])
    response = client.post(url, {"parties": ["employer"], "next": back})
    assert response["Location"] == back
    assert follow_up.questionnaires.count() == 2
    assert "Send skemaet" not in client.get(url).content.decode()


def test_a_bad_post_shows_the_error_summary(granted_case: Case, herning_caseworker: Any) -> None:
    url = reverse("followup:questionnaire_send", args=[first_follow_up(granted_case).pk])
    response = _client(herning_caseworker).post(url, {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Der er et problem" in page and "Vælg hvem skemaet skal sendes til." in page


def test_staff_read_the_answers_question_by_question_and_the_view_is_logged(
    granted_case: Case, sent: tuple[Questionnaire, Questionnaire]
) -> None:
    person, employer = sent
    questionnaire_answer(user=person_user(granted_case), questionnaire=person, answers=PERSON_ANSWERS)
    questionnaire_answer(user=employer_user(granted_case), questionnaire=employer, answers=EMPLOYER_ANSWERS)
    manager = factories.user(Role.MANAGER, code="657")
    url = reverse("followup:questionnaire_send", args=[person.follow_up_id])
    page = _client(manager).get(url).content.decode()
    assert "Svar fra personen" in page and "Svar fra virksomheden" in page
    assert IMPAIRMENT_TEXT in page and "32,5 timer om ugen" in page
    assert "Skærmlæser og forstørrelsesprogram." in page
    assert AccessLog.objects.filter(
        user=manager, action=AccessLog.Action.HEALTH, case_id=granted_case.pk
    ).exists()
    # The manager reads but does not send.
    assert _client(manager).post(url, {"parties": ["person"]}).status_code == 403
    # The case page shows the latest answers to caseworkers and managers, not to the payment officer.
    case_url = reverse("cases:detail", args=[granted_case.pk])
    assert IMPAIRMENT_TEXT in _client(manager).get(case_url).content.decode()
    officer_page = _client(factories.user(Role.PAYMENT_OFFICER, code="657")).get(case_url).content.decode()
    assert IMPAIRMENT_TEXT not in officer_page and "Svar på opfølgningsskema" not in officer_page


# --- portal --------------------------------------------------------------------------------------------


def test_the_person_answers_in_steps_checks_and_sends(granted_case: Case, sent: Any) -> None:
    person, _ = sent
    client = _client(person_user(granted_case))
    home = client.get(reverse("portal:home")).content.decode()
    url = reverse("followup:questionnaire_answer", args=[person.pk])
    assert url in home
    first = client.get(url).content.decode()
    assert "Job og arbejdstid" in first and "Trin 1 af 5" in first
    response = client.post(
        f"{url}?trin=job",
        {
            "job": "no",
            "tasks": "yes",
            "tasks_detail": "Jeg har fået ansvar for kundemøder.",
            "hours": "yes",
            "hours_detail": "32,5",
        },
    )
    assert response["Location"] == f"{url}?trin=funktionsnedsaettelse"
    response = client.post(response["Location"], {"impairment": "yes", "impairment_detail": IMPAIRMENT_TEXT})
    assert response["Location"] == f"{url}?trin=assistance"
    response = client.post(
        response["Location"],
        {
            "organised": "partly",
            "organised_detail": "Morgenmøderne er svære.",
            "aid": "maybe",
            "aid_detail": "Skærmlæser.",
        },
    )
    response = client.post(response["Location"], {"other": ""})
    assert response["Location"] == f"{url}?trin=tjek"
    check = client.get(response["Location"]).content.decode()
    assert "Tjek dine svar" in check and "32,5 timer om ugen" in check and IMPAIRMENT_TEXT in check
    assert "Skemaet mangler svar" not in check
    # «Ret» goes back to the step and returns to the check page.
    edit = client.post(f"{url}?trin=job&tilbage=tjek", {"job": "no", "tasks": "no", "hours": "no"})
    assert edit["Location"] == f"{url}?trin=tjek"
    person.refresh_from_db()
    assert person.answered_at is None  # nothing is sent before «Send svarene»
    done = client.post(f"{url}?trin=tjek")
    receipt_url = reverse("followup:questionnaire_receipt", args=[person.pk])
    assert done["Location"] == receipt_url
    person.refresh_from_db()
    assert person.answers["tasks"] == {"answer": "no", "detail": ""}
    assert person.answers["impairment"]["detail"] == IMPAIRMENT_TEXT
    receipt = client.get(receipt_url).content.decode()
    assert "Tak for dine svar" in receipt and IMPAIRMENT_TEXT in receipt
    # Answered: the questionnaire leads to the receipt and leaves Mine sider's list.
    assert client.get(url)["Location"] == receipt_url
    assert url not in client.get(reverse("portal:home")).content.decode()
    assert AccessLog.objects.filter(case_id=granted_case.pk, object_repr__startswith="Kvittering").exists()


def test_a_bad_step_shows_the_error_summary_and_keeps_what_was_typed(granted_case: Case, sent: Any) -> None:
    person, _ = sent
    url = reverse("followup:questionnaire_answer", args=[person.pk])
    response = _client(person_user(granted_case)).post(
        f"{url}?trin=job",
        {
            "tasks": "yes",
            "tasks_detail": "",
            "hours": "yes",
            "hours_detail": "31,25",
            "job_detail": "Ny afdeling",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Der er et problem" in page
    assert "Vælg Ja eller Nej." in page and "Beskriv de nye eller ændrede opgaver." in page
    assert "Timer skal angives i hele eller halve timer, fx 7 eller 7,5." in page
    assert "Ny afdeling" in page and "31,25" in page


def test_sending_an_incomplete_questionnaire_names_what_is_missing(granted_case: Case, sent: Any) -> None:
    person, _ = sent
    client = _client(person_user(granted_case))
    url = reverse("followup:questionnaire_answer", args=[person.pk])
    client.post(f"{url}?trin=job", {"job": "no", "tasks": "no", "hours": "no"})
    check = client.get(f"{url}?trin=tjek").content.decode()
    assert "Skemaet mangler svar" in check and "Funktionsnedsættelse" in check
    response = client.post(f"{url}?trin=tjek")
    assert response.status_code == 400 and "Der er et problem" in response.content.decode()
    person.refresh_from_db()
    assert person.answered_at is None


def test_the_employer_answers_without_the_impairment_step(granted_case: Case, sent: Any) -> None:
    _, employer = sent
    client = _client(employer_user(granted_case))
    url = reverse("followup:questionnaire_answer", args=[employer.pk])
    first = client.get(url).content.decode()
    assert "Trin 1 af 4" in first and "Funktionsnedsættelse" not in first
    assert "funktionsnedsaettelse" not in first
    assert client.get(f"{url}?trin=funktionsnedsaettelse").status_code == 404
    response = client.post(f"{url}?trin=job", {"job": "no", "tasks": "no", "hours": "no"})
    assert response["Location"] == f"{url}?trin=assistance"
    response = client.post(response["Location"], {"organised": "yes", "aid": "no"})
    response = client.post(response["Location"], {"other": "Alt fungerer."})
    check = client.get(response["Location"]).content.decode()
    assert "funktionsnedsættelse" not in check.lower()
    client.post(f"{url}?trin=tjek")
    employer.refresh_from_db()
    assert set(employer.answers) == {"job", "tasks", "hours", "organised", "aid", "other"}


def test_the_employer_never_sees_the_persons_questionnaire_or_answers(granted_case: Case, sent: Any) -> None:
    person, employer = sent
    questionnaire_answer(user=person_user(granted_case), questionnaire=person, answers=PERSON_ANSWERS)
    client = _client(employer_user(granted_case))
    for name in ("followup:questionnaire_answer", "followup:questionnaire_receipt"):
        response = client.get(reverse(name, args=[person.pk]))
        assert response.status_code == 404 and IMPAIRMENT_TEXT.encode() not in response.content
    home = client.get(reverse("portal:home")).content.decode()
    assert IMPAIRMENT_TEXT not in home
    assert reverse("followup:questionnaire_answer", args=[person.pk]) not in home
    assert reverse("followup:questionnaire_answer", args=[employer.pk]) in home
    # The person sees their own, never the employer's.
    citizen = _client(person_user(granted_case))
    assert citizen.get(reverse("followup:questionnaire_answer", args=[employer.pk])).status_code == 404


def test_a_cancelled_follow_up_closes_the_questionnaire(granted_case: Case, sent: Any) -> None:
    person, _ = sent
    from django.utils import timezone

    follow_ups_cancel(grant=granted_case.grants.get(), at=timezone.now())
    client = _client(person_user(granted_case))
    url = reverse("followup:questionnaire_answer", args=[person.pk])
    assert url not in client.get(reverse("portal:home")).content.decode()
    page = client.get(url).content.decode()
    assert "Skemaet kan ikke længere besvares" in page and '<form method="post" novalidate' not in page
