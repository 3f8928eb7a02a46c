"""The citizen's side of an application: check-your-answers with «Ret», the receipts, «Min sag» and the
hearing answered online. Dates are pinned (the jobcentre's calendar is hand-checked below), so every date
the person is promised is worked out here by hand, not by the code's own formula."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from html import unescape
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import User
from kompensation.cases import services
from kompensation.cases.models import (
    Application,
    CaseEvent,
    CaseStatus,
    Confidentiality,
    Deadline,
    DeadlineKind,
    EventType,
    HearingChannel,
)
from tests import factories

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@contextmanager
def today_is(day: dt.date) -> Iterator[None]:
    """The services and pages read the date through `timezone.localdate`; pin it."""
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        yield


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _filled_draft(citizen: User, cvr: str) -> Application:
    application = services.application_start(user=citizen)
    services.application_update(
        application=application,
        user=citizen,
        data={
            "job_title": "Bogholder",
            "phone": "12345678",
            "email": "karen@example.dk",
            "employer_cvr": cvr,
            "employment_type": "employee",
            "employment_form": "ordinary",
            "impairment_description": "Stærkt nedsat syn",
            "tasks_description": "Oplæsning af bilag",
            "hours_sought": Decimal("10"),
            "hours_without_assistance": Decimal("27"),
            "period_from": dt.date(2026, 4, 1),
            "period_to": dt.date(2027, 3, 31),
            "until_further_notice": False,
            "travel": True,
            "travel_description": "Messe i Bella Center",
        },
    )
    services.application_set_assistants(
        application=application,
        user=citizen,
        approved=True,
        assistants=[{"kind": "external", "name": "Oplæsning & Co ApS"}],
    )
    return application


@pytest.fixture
def karen(db: None) -> User:
    cpr = factories.register_person(first_name="Karen", last_name="Bøgh")
    return factories.user("citizen", username="karen", cpr=cpr, code=None)


@pytest.fixture
def revision(db: None) -> User:
    cvr = factories.register_company(name="Herning Revision ApS")
    return factories.user("employer", username="revision", cvr=cvr, code=None)


def _cosign(application: Application, employer: User) -> Any:
    return services.application_cosign(
        application=application,
        user=employer,
        data={
            "employer_contact_name": "Jens Revisor",
            "employer_contact_role": "owner",
            "working_hours": Decimal("37"),
            "employment_start": dt.date(2018, 8, 1),
        },
        declaration=True,
        contract=factories.pdf("kontrakt.pdf"),
    )


# --- check your answers ---------------------------------------------------------------------------------


def test_check_page_shows_every_answer_with_a_ret_link_to_its_step(karen: User, revision: User) -> None:
    application = _filled_draft(karen, revision.cvr)
    response = _client(karen).get(reverse("portal:step", args=[application.pk, "tjek"]))
    text = _text(response)
    for answer in (
        "Karen Bøgh",
        "Bogholder",
        "12345678",
        "karen@example.dk",
        "Herning Revision ApS",
        "Lønmodtager",
        "Ordinære løn- og ansættelsesvilkår",
        "Stærkt nedsat syn",
        "Oplæsning af bilag",
        "10 timer pr. uge",
        "27 timer pr. uge",
        "01.04.2026 – 31.03.2027",
        "Ja: Messe i Bella Center",
        "Oplæsning & Co ApS",
    ):
        assert answer in text, answer
    # Each row the person answered has its own «Ret», to the step that asked it, marked to come back.
    links = re.findall(
        r'href="/portal/ansoegning/\d+/trin/([a-z-]+)/\?tilbage=tjek" data-step="\1">Ret',
        response.content.decode(),
    )
    assert links == [
        "om-dig",  # stilling
        "om-dig",  # telefon
        "om-dig",  # e-mail
        "ansaettelse",  # virksomhed
        "ansaettelse",  # lønmodtager/selvstændig
        "ansaettelse",  # ansættelsesform
        "funktionsnedsaettelse",  # funktionsnedsættelse
        "funktionsnedsaettelse",  # dokumenter
        "opgaver",  # opgaver
        "opgaver",  # timer med
        "opgaver",  # timer uden
        "opgaver",  # periode
        "opgaver",  # rejser
        "assistent",  # assistent
        "assistent",  # godkendelse
    ]


def test_saving_a_step_opened_from_ret_returns_to_the_check_page(karen: User, revision: User) -> None:
    application = _filled_draft(karen, revision.cvr)
    client = _client(karen)
    url = reverse("portal:step", args=[application.pk, "om-dig"]) + "?tilbage=tjek"
    page = client.get(url)
    assert f'action="{url}"' in page.content.decode()
    assert "Tilbage til Tjek dine svar" in _text(page)
    response = client.post(url, {"job_title": "Regnskabschef", "phone": "", "email": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:step", args=[application.pk, "tjek"])
    assert "Regnskabschef" in _text(client.get(response["Location"]))
    # Without the mark the guide walks on to the next step as before.
    response = client.post(reverse("portal:step", args=[application.pk, "om-dig"]), {"job_title": "X"})
    assert response["Location"] == reverse("portal:step", args=[application.pk, "ansaettelse"])


def test_the_employer_never_sees_the_impairment_nor_ret_links(karen: User, revision: User) -> None:
    application = _filled_draft(karen, revision.cvr)
    services.application_submit(application=application, user=karen, declaration=True)
    client = _client(revision)
    for url in (
        reverse("portal:cosign", args=[application.pk]),
        reverse("portal:home"),
        reverse("portal:receipt", args=[application.pk]),
    ):
        text = _text(client.get(url))
        assert "Stærkt nedsat syn" not in text, url
        assert "karen@example.dk" not in text, url
        assert "?tilbage=tjek" not in text, url


# --- receipts -------------------------------------------------------------------------------------------


def test_submit_lands_on_a_receipt_with_reference_employer_and_dates(karen: User, revision: User) -> None:
    application = _filled_draft(karen, revision.cvr)
    client = _client(karen)
    monday = dt.date(2026, 3, 2)
    with (
        today_is(monday),
        mock.patch("django.utils.timezone.now", return_value=dt.datetime(2026, 3, 2, 10, 0, tzinfo=CPH)),
    ):
        response = client.post(reverse("portal:submit", args=[application.pk]), {"declaration": "on"})
        assert response["Location"] == reverse("portal:receipt", args=[application.pk])
        text = _text(client.get(response["Location"]))
    application.refresh_from_db()
    assert f"ANS-{application.created_at:%Y}-{application.pk:06d}" in text
    assert "Din ansøgning er sendt til Herning Revision ApS" in text
    assert "Herning Revision ApS skriver under" in text
    # Reminder: co-signature requested 02.03.2026, reminded after 14 days: 02.03 + 14 = 16.03.2026.
    assert "Har virksomheden ikke skrevet under den 16.03.2026" in text
    # Decision target, 4 weeks from the employer's signature if it signs today: 02.03.2026 + 28 days =
    # 30.03.2026, a Monday, no holiday (Easter 2026 is 5 April).
    assert "senest ca. 30.03.2026" in text
    assert "Jobcenter Herning" in text
    assert "partshøring" in text  # what happens if the jobcentre leans towards less than sought


def test_a_second_click_on_send_lands_on_the_same_receipt_and_signs_once(karen: User, revision: User) -> None:
    application = _filled_draft(karen, revision.cvr)
    client = _client(karen)
    url = reverse("portal:submit", args=[application.pk])
    first = client.post(url, {"declaration": "on"})
    application.refresh_from_db()
    signed_at = application.citizen_signed_at
    second = client.post(url, {"declaration": "on"})
    assert first["Location"] == second["Location"] == reverse("portal:receipt", args=[application.pk])
    application.refresh_from_db()
    assert application.citizen_signed_at == signed_at
    assert application.history.filter(status="awaiting_employer").count() == 1
    # The service itself is idempotent too (a second tab, a retried request).
    again = services.application_submit(application=application, user=karen, declaration=False)
    assert again.citizen_signed_at == signed_at


def test_a_second_click_on_start_reuses_the_draft(karen: User) -> None:
    client = _client(karen)
    first = client.post(reverse("portal:start"))
    second = client.post(reverse("portal:start"))
    assert first["Location"] == second["Location"]
    assert Application.objects.filter(person__cpr=karen.cpr).count() == 1


def test_employer_cosigns_and_lands_on_its_own_receipt(karen: User, revision: User) -> None:
    application = _filled_draft(karen, revision.cvr)
    services.application_submit(application=application, user=karen, declaration=True)
    client = _client(revision)
    with today_is(dt.date(2026, 3, 9)):
        response = client.post(
            reverse("portal:cosign", args=[application.pk]),
            {
                "employer_contact_name": "Jens Revisor",
                "employer_contact_role": "owner",
                "working_hours": "37",
                "employment_start": "2018-08-01",
                "contract": factories.pdf("kontrakt.pdf"),
                "declaration": "on",
            },
        )
    assert response["Location"] == reverse("portal:receipt", args=[application.pk])
    application.refresh_from_db()
    text = _text(client.get(response["Location"]))
    assert f"Sagsnummer: {application.case.reference}" in text
    assert "sendt til Jobcenter Herning" in text
    # Received Monday 09.03.2026 + 28 days = Monday 06.04.2026, 2. påskedag. A target that binds the
    # municipality moves back to the last working day on or before it (pa-rules «Deadlines»): 05.04 Easter
    # Sunday, 04.04 Saturday, 03.04 Good Friday, 02.04 Maundy Thursday → Wednesday 01.04.2026.
    assert "senest ca. 01.04.2026" in text
    assert "egen udgave af afgørelsen" in text
    assert "Stærkt nedsat syn" not in text
    # The person's receipt now names the case as well, and links to «Min sag».
    citizen_page = _client(karen).get(response["Location"])
    assert reverse("portal:case", args=[application.case.pk]) in citizen_page.content.decode()


# --- Min sag and the hearing ----------------------------------------------------------------------------


@pytest.fixture
def hearing_world(karen: User, revision: User, herning_caseworker: User) -> dict[str, Any]:
    """Karen applied online on Monday 02.03.2026, the employer signed the same day, the caseworker took
    the case, visited the workplace, wrote an internal note, and sent a hearing on Monday 16.03.2026."""
    application = _filled_draft(karen, revision.cvr)
    services.application_submit(application=application, user=karen, declaration=True)
    with today_is(dt.date(2026, 3, 2)):
        case = _cosign(application, revision)
    with today_is(dt.date(2026, 3, 16)):
        services.case_assign(case=case, user=herning_caseworker, caseworker=herning_caseworker)
        services.case_record_active_step(
            case=case, user=herning_caseworker, kind="workplace_visit", on=dt.date(2026, 3, 10)
        )
        services.journal_note_add(case=case, user=herning_caseworker, text="Intern: chefen virker skeptisk")
        hearing = services.hearing_send(
            case=case, user=herning_caseworker, facts="Dialogskemaet viser et behov på 7 timer om ugen."
        )
    case.refresh_from_db()
    return {"case": case, "hearing": hearing}


def test_min_sag_shows_status_deadlines_letters_and_timeline(
    karen: User, hearing_world: dict[str, Any]
) -> None:
    case = hearing_world["case"]
    with today_is(dt.date(2026, 3, 20)):
        response = _client(karen).get(reverse("portal:case", args=[case.pk]))
    assert response.status_code == 200
    text = _text(response)
    assert "Jobcentret venter på dit svar" in text
    # Hearing sent Monday 16.03.2026 with 14 days to answer: 30.03.2026, a Monday; seen on 20.03: 10 days.
    assert "Dit svar på partshøringen 30.03.2026 (10 dage tilbage)" in text
    # Received 02.03.2026 + 4 weeks = 30.03.2026 (a working day): the decision target.
    assert "Forventet afgørelse 30.03.2026" in text
    letters = text.split("Breve", 1)[1].split("Det er sket i sagen", 1)[0]
    assert "Partshøring" in letters  # the hearing letter, sent to her
    timeline = _text(response).split("Det er sket i sagen", 1)[1]
    assert "Jobcentret modtog din ansøgning." in timeline
    assert "Virksomhedsbesøg (10.03.2026)." in timeline
    assert "Jobcentret sendte dig en partshøring. Svarfrist: 30.03.2026." in timeline
    # The office's own work stays out: notes, the investigation, drafts.
    assert "Intern" not in text and "Journalnotat" not in text
    assert "Dialogskemaet viser et behov på 7 timer om ugen." in text  # the facts she must answer
    assert "Svar på partshøringen" in text


def test_answering_the_hearing_online_records_answer_date_channel_and_event(
    karen: User, revision: User, herning_caseworker: User, hearing_world: dict[str, Any]
) -> None:
    case, hearing = hearing_world["case"], hearing_world["hearing"]
    client = _client(karen)
    answer = "Jeg bruger mere tid på post end skemaet viser; se vedlagte erklæring."
    with today_is(dt.date(2026, 3, 20)):
        response = client.post(
            reverse("portal:case", args=[case.pk]),
            {"response": answer, "document": factories.pdf("erklaering.pdf")},
        )
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert "Tak for dit svar. Jobcentret modtog det 20.03.2026" in _text(page)
    hearing.refresh_from_db()
    assert hearing.response == answer
    assert hearing.response_received_on == dt.date(2026, 3, 20)
    assert hearing.response_channel == HearingChannel.PORTAL
    # The document with the answer is health data: the employer cannot read it.
    assert hearing.response_document is not None
    assert hearing.response_document.confidentiality == Confidentiality.HEALTH
    assert hearing.response_document.case_id == case.pk
    event = CaseEvent.objects.get(case=case, type=EventType.HEARING_RESPONSE)
    assert event.actor == karen
    assert event.payload["channel"] == "portal" and event.payload["received_on"] == "2026-03-20"
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    assert not Deadline.objects.filter(case=case, kind=DeadlineKind.HEARING_RESPONSE, met_at__isnull=True)
    # The form is gone and the answer is listed; a second post changes nothing.
    assert "Send dit svar" not in _text(page) and answer in _text(page)
    again = client.post(reverse("portal:case", args=[case.pk]), {"response": "Noget andet"})
    assert again.status_code == 400
    hearing.refresh_from_db()
    assert hearing.response == answer
    # The caseworker sees the answer, that it came online, and the document.
    detail = _text(_client(herning_caseworker).get(reverse("cases:detail", args=[case.pk])))
    assert answer in detail and "digitalt på Mine sider" in detail and "erklaering.pdf" in detail
    # The employer sees neither the answer nor the case page, nor the document.
    employer = _client(revision)
    assert answer not in _text(employer.get(reverse("portal:home")))
    assert employer.get(reverse("portal:case", args=[case.pk])).status_code == 404
    doc = employer.get(reverse("cases:document", args=[hearing.response_document.pk]))
    assert doc.status_code in (403, 404)


def test_an_empty_answer_is_refused_in_danish_and_nothing_is_stored(
    karen: User, hearing_world: dict[str, Any]
) -> None:
    case, hearing = hearing_world["case"], hearing_world["hearing"]
    response = _client(karen).post(reverse("portal:case", args=[case.pk]), {"response": "  "})
    assert response.status_code == 400
    assert "Der er et problem" in _text(response)
    hearing.refresh_from_db()
    assert not hearing.answered
    assert not CaseEvent.objects.filter(case=case, type=EventType.HEARING_RESPONSE).exists()


def test_another_citizen_cannot_open_or_answer_the_case(hearing_world: dict[str, Any]) -> None:
    case = hearing_world["case"]
    stranger = factories.citizen(factories.register_person())
    client = _client(stranger)
    assert client.get(reverse("portal:case", args=[case.pk])).status_code == 404
    assert client.post(reverse("portal:case", args=[case.pk]), {"response": "Hej"}).status_code == 404
    with pytest.raises(PermissionDenied):  # the service refuses on its own, too
        services.hearing_answer_in_portal(hearing=hearing_world["hearing"], user=stranger, response="Hej")
