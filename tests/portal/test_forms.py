"""Bad input on every form: a Danish message beside the field, an error summary, nothing typed lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.cases import services
from kompensation.cases.models import Application, ApplicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def citizen_client() -> tuple[Client, Application]:
    cpr = factories.register_person()
    user = factories.citizen(cpr)
    client = Client()
    client.force_login(user)
    client.post(reverse("portal:start"))
    return client, Application.objects.get(person__cpr=cpr)


def assert_error_page(response: Any, *messages: str) -> str:
    page = html(response)
    assert response.status_code == 400
    assert "Der er et problem" in page
    for message in messages:
        assert message in page, message
    return page


def test_step_too_long_and_empty(citizen_client: tuple[Client, Application]) -> None:
    client, application = citizen_client
    url = reverse("portal:step", args=[application.pk, "om-dig"])
    response = client.post(url, {"job_title": "x" * 121, "phone": "12345678", "email": "ikke-en-mail"})
    page = assert_error_page(response, "Teksten må højst være 120 tegn.", "Indtast en gyldig e-mailadresse.")
    assert 'value="12345678"' in page
    response = client.post(url, {"job_title": "", "phone": "12345678"})
    assert_error_page(response, "Feltet skal udfyldes.")


def test_wrong_and_unknown_cvr(citizen_client: tuple[Client, Application]) -> None:
    client, application = citizen_client
    url = reverse("portal:step", args=[application.pk, "ansaettelse"])
    data = {"employer_cvr": "12345678", "employment_type": "employee", "employment_form": "flex_job"}
    page = assert_error_page(client.post(url, data), "Indtast et gyldigt CVR-nummer med 8 cifre.")
    assert 'value="flex_job" selected' in page
    unknown = factories.new_cvr()
    page = assert_error_page(
        client.post(url, data | {"employer_cvr": unknown}), "findes ikke i CVR-registret"
    )
    assert f'value="{unknown}"' in page


def test_hours_not_in_half_steps_and_end_before_start(citizen_client: tuple[Client, Application]) -> None:
    client, application = citizen_client
    url = reverse("portal:step", args=[application.pk, "opgaver"])
    response = client.post(
        url,
        {
            "tasks_description": "Løft af kasser",
            "hours_sought": "7,3",
            "hours_without_assistance": "-1",
            "period_from": "2026-12-01",
            "period_to": "2026-11-01",
            "travel": "on",
            "travel_description": "",
        },
    )
    page = assert_error_page(
        response,
        "Timer skal angives i hele eller halve timer",
        "Antallet af timer kan ikke være negativt.",
        "Slutdatoen skal ligge efter startdatoen.",
        "Beskriv rejserne i arbejdet.",
    )
    assert "Løft af kasser" in page and 'value="7,3"' in page
    application.refresh_from_db()
    assert application.hours_sought is None  # nothing half-valid was saved


def test_hours_with_comma_are_saved_and_a_dot_gets_the_comma_suggested(
    citizen_client: tuple[Client, Application],
) -> None:
    client, application = citizen_client
    url = reverse("portal:step", args=[application.pk, "opgaver"])
    data = {
        "tasks_description": "Løft",
        "hours_sought": "7,5",
        "hours_without_assistance": "29.5",
        "period_from": "2026-12-01",
        "until_further_notice": "on",
    }
    page = assert_error_page(client.post(url, data), "Brug komma før decimalerne: skriv 29,5.")
    assert 'value="29.5"' in page
    response = client.post(url, data | {"hours_without_assistance": "29,5"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert str(application.hours_sought) == "7.5" and str(application.hours_without_assistance) == "29.5"


def test_file_that_is_not_a_document(citizen_client: tuple[Client, Application]) -> None:
    client, application = citizen_client
    upload = SimpleUploadedFile("billede.pdf", b"GIF89a not really", content_type="application/pdf")
    url = reverse("portal:step", args=[application.pk, "funktionsnedsaettelse"])
    response = client.post(
        url,
        {"impairment_description": "Nedsat hørelse", "doc-doc_type": "gp", "doc-file": upload, "upload": "1"},
    )
    page = assert_error_page(response, "er ikke et dokument, vi kan bruge")
    assert "Nedsat hørelse" in page
    assert not application.documents.exists()
    good = factories.pdf("attest.pdf")
    response = client.post(
        url,
        {"impairment_description": "Nedsat hørelse", "doc-doc_type": "gp", "doc-file": good, "upload": "1"},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert application.documents.get().original_name == "attest.pdf"


def test_assistant_with_wrong_cpr_keeps_the_name(citizen_client: tuple[Client, Application]) -> None:
    client, application = citizen_client
    data = {
        "assistant-TOTAL_FORMS": "3",
        "assistant-INITIAL_FORMS": "0",
        "assistant-MIN_NUM_FORMS": "3",
        "assistant-MAX_NUM_FORMS": "3",
        "assistant-0-kind": "internal",
        "assistant-0-name": "Lis Hjælper",
        "assistant-0-cpr": "3102901234",
        "assistant_approved": "on",
    }
    page = assert_error_page(
        client.post(reverse("portal:step", args=[application.pk, "assistent"]), data),
        "Indtast et gyldigt CPR-nummer",
    )
    assert 'value="Lis Hjælper"' in page


def test_submit_without_declaration_lists_what_is_missing(citizen_client: tuple[Client, Application]) -> None:
    client, application = citizen_client
    response = client.post(reverse("portal:submit", args=[application.pk]), {})
    assert_error_page(response, "tro og love", "Skriv din stillingsbetegnelse.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def _awaiting(employer_cvr: str) -> Application:
    return factories.awaiting_application(employer_cvr)


def test_cosign_with_bad_file_and_missing_declaration_keeps_entries() -> None:
    cvr = factories.register_company()
    application = _awaiting(cvr)
    client = Client()
    client.force_login(factories.employer_user(cvr))
    upload = SimpleUploadedFile("kontrakt.txt", b"plain text", content_type="text/plain")
    response = client.post(
        reverse("portal:cosign", args=[application.pk]),
        {
            "employer_contact_name": "Ib Ejer",
            "employer_contact_role": "hr",
            "working_hours": "37",
            "employment_start": "2020-01-01",
            "contract": upload,
        },
    )
    page = assert_error_page(response, "er ikke et dokument, vi kan bruge")
    assert 'value="Ib Ejer"' in page and 'value="hr" selected' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_EMPLOYER


def test_cosign_by_wrong_employer_is_refused_with_message() -> None:
    application = _awaiting(factories.register_company())
    client = Client()
    client.force_login(factories.employer_user(factories.register_company(name="Forkert A/S")))
    response = client.post(reverse("portal:cosign", args=[application.pk]), {"declaration": "on"})
    assert response.status_code == 404
    assert "ikke sendt til jeres virksomhed" in html(response)
    application.refresh_from_db()
    assert application.case is None


def test_paper_registration_with_wrong_cpr_keeps_everything(herning_caseworker: Any) -> None:
    client = Client()
    client.force_login(herning_caseworker)
    cvr = factories.register_company()
    data = {
        "cpr": "0101901230x",
        "received_on": "2026-11-02",
        "channel": "email",
        "employer_cvr": cvr,
        "job_title": "Smed",
        "employment_type": "employee",
        "employment_form": "ordinary",
        "impairment_description": "Rygskade",
        "tasks_description": "Løft over 10 kg",
        "hours_sought": "6",
        "hours_without_assistance": "31",
        "period_from": "2026-11-02",
        "until_further_notice": "on",
        "employer_contact_name": "Ole",
        "employer_contact_role": "owner",
        "working_hours": "37",
        "employment_start": "2019-05-01",
        "assistant-TOTAL_FORMS": "3",
        "assistant-INITIAL_FORMS": "0",
        "assistant-MIN_NUM_FORMS": "3",
        "assistant-MAX_NUM_FORMS": "3",
        "assistant-0-kind": "external",
        "assistant-0-name": "Løft ApS",
    }
    page = assert_error_page(client.post(reverse("cases:new"), data), "Indtast et gyldigt CPR-nummer")
    for kept in ("Løft over 10 kg", 'value="Smed"', 'value="Løft ApS"', f'value="{cvr}"', 'value="email"'):
        assert kept in page, kept


def test_decision_above_limit_without_assessment_keeps_reasons(investigated_case: Any) -> None:
    client = Client()
    client.force_login(investigated_case.caseworker)
    response = client.post(
        reverse("cases:decision", args=[investigated_case.pk]),
        {
            "outcome": "grant",
            "hours_per_week": "24",
            "start_date": timezone.localdate().isoformat(),
            "period_type": "until_further_notice",
            "period_reason": "Varigt",
            "rate_type": "standard",
            "reasons": "Min begrundelse står her",
            "assistants": [str(a.pk) for a in investigated_case.application.assistants.all()],
        },
    )
    assert_error_page(response, "overstiger grænsen på 20 timer", "Min begrundelse står her")
    assert not investigated_case.decisions.exists()


def test_dialog_form_row_errors_keep_rows(investigated_case: Any) -> None:
    client = Client()
    client.force_login(investigated_case.caseworker)
    data = {
        "row-TOTAL_FORMS": "2",
        "row-INITIAL_FORMS": "0",
        "row-MIN_NUM_FORMS": "0",
        "row-MAX_NUM_FORMS": "40",
        "row-0-task": "Kørsel til kunder",
        "row-0-minutes_per_week": "abc",
        "row-0-ability": "support",
        "row-0-assistant_does": "Kører",
        "row-1-task": "Oplæsning",
        "row-1-minutes_per_week": "60",
        "row-1-ability": "cannot",
        "row-1-assistant_does": "",
    }
    response = client.post(reverse("cases:dialog_form", args=[investigated_case.pk]), data)
    page = assert_error_page(response, "Angiv minutter som et helt tal.")
    assert 'value="Kørsel til kunder"' in page and 'value="Oplæsning"' in page
    data["row-0-minutes_per_week"] = "120"
    page = assert_error_page(
        client.post(reverse("cases:dialog_form", args=[investigated_case.pk]), data),
        "Beskriv hvad assistenten gør",
    )
    assert investigated_case.dialog_tasks.count() == 3


def test_hearing_and_note_validation(investigated_case: Any) -> None:
    client = Client()
    client.force_login(investigated_case.caseworker)
    response = client.post(
        reverse("cases:hearing", args=[investigated_case.pk]), {"facts": "", "response_days": "3"}
    )
    assert_error_page(response, "Feltet skal udfyldes.")
    response = client.post(reverse("cases:journal_note", args=[investigated_case.pk]), {"text": "x" * 10001})
    assert_error_page(response, "højst være 10000 tegn")


def test_active_step_in_the_future_and_bad_date(opened_case: Any) -> None:
    client = Client()
    client.force_login(opened_case.caseworker)
    url = reverse("cases:active_step", args=[opened_case.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    page = assert_error_page(
        client.post(url, {"kind": "meeting", "on": future, "note": "Mødet"}), "kan ikke ligge i fremtiden"
    )
    assert "Mødet" in page
    assert_error_page(client.post(url, {"kind": "meeting", "on": "31.02.2026"}), "Indtast en gyldig dato")


def test_assign_to_caseworker_of_other_municipality_is_refused(opened_case: Any) -> None:
    stranger = factories.caseworker("751")
    colleague = factories.caseworker("657")
    client = Client()
    client.force_login(opened_case.caseworker)
    url = reverse("cases:assign", args=[opened_case.pk])
    assert_error_page(client.post(url, {"caseworker": stranger.pk}), "Vælg en sagsbehandler fra listen.")
    assert client.post(url, {"caseworker": colleague.pk}).status_code == 302
    opened_case.refresh_from_db()
    assert opened_case.caseworker == colleague


def test_hearing_response_and_letter_text_validation(investigated_case: Any) -> None:
    caseworker = investigated_case.caseworker
    hearing = services.hearing_send(case=investigated_case, user=caseworker, facts="Behovet er 7 timer.")
    client = Client()
    client.force_login(caseworker)
    url = reverse("cases:hearing_response", args=[investigated_case.pk, hearing.pk])
    assert_error_page(
        client.post(url, {"received_on": timezone.localdate().isoformat(), "response": ""}),
        "Feltet skal udfyldes.",
    )
    services.hearing_record_response(
        hearing=hearing, user=caseworker, received_on=timezone.localdate(), response="Ok"
    )
    services.decision_draft(
        case=investigated_case,
        user=caseworker,
        data={
            "outcome": "refusal",
            "reasons": "Jobbet er ikke foreneligt.",
            "refusal_grounds": ["job_not_compatible"],
            "other_help": "Hjælpemidler og fleksjob.",
        },
    )
    url = reverse("cases:decision_letter", args=[investigated_case.pk])
    empty_parts = {"opening": "", **{f"part_{n}": "" for n in range(1, 6)}, "send": "1"}
    assert_error_page(client.post(url, empty_parts), "Skriv teksten til denne del af brevet.")
    investigated_case.refresh_from_db()
    assert investigated_case.status != "decided"


def test_stopping_a_grant_needs_a_reason_and_blocks_it(granted_case: Any) -> None:
    client = Client()
    client.force_login(granted_case.caseworker)
    url = reverse("cases:grant_stop", args=[granted_case.pk])
    today = timezone.localdate()
    filled = {"last_day": today.strftime("%d.%m.%Y"), "hearing_note": "Oplysningerne kommer fra jer selv."}
    assert_error_page(client.post(url, {**filled, "reasons": ""}), "Feltet skal udfyldes.")
    assert client.post(url, {**filled, "reasons": "Ansættelsen er ophørt"}).status_code == 302
    grant = granted_case.grants.get()
    assert grant.status == "stopped" and grant.ended_on == today
    assert granted_case.events.filter(type="grant_stopped").count() == 1
    ending = granted_case.decisions.get(outcome="end")
    assert ending.letter.is_sent and "Ansættelsen er ophørt" in ending.letter.body
    # The employer's version names the last day, never the reasons.
    assert ending.employer_letter is not None and "Ansættelsen er ophørt" not in ending.employer_letter.body
