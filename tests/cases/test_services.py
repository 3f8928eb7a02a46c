"""Services against the database: each state change, its event, its deadline, and its refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from kompensation.cases import services
from kompensation.cases.models import (
    Application,
    ApplicationStatus,
    CaseEvent,
    CaseStatus,
    DeadlineKind,
    EventType,
    Grant,
)
from kompensation.letters.models import Letter
from kompensation.rules import deadlines, pa
from tests import factories

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def decision_data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "outcome": "grant",
        "hours_per_week": Decimal("7"),
        "start_date": today,
        "end_date": today + dt.timedelta(days=365),
        "period_type": "time_limited",
        "period_reason": "Behovet forventes at ændre sig, når personen er oplært.",
        "rate_type": "standard",
        "rate_reason": "",
        "reasons": "Opgaverne kræver oplæsning i 7 timer om ugen.",
    }
    data.update(overrides)
    return data


def assistant_ids(case: Any) -> list[int]:
    return [a.pk for a in case.application.assistants.all()]


def pdf_text(letter: Any) -> str:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


class TestPaperRegistration:
    def test_opens_case_with_receipt_date_deadline_and_event(self, opened_case: Any) -> None:
        assert opened_case.status == CaseStatus.RECEIVED
        deadline = opened_case.deadlines.get(kind=DeadlineKind.DECISION)
        assert deadline.due == deadlines.decision_target(opened_case.received_on)
        event = opened_case.events.get(type=EventType.CASE_OPENED)
        assert event.payload["received_on"] == str(opened_case.received_on)
        assert opened_case.documents.count() == 1
        assert opened_case.application.assistants.count() == 1

    @pytest.mark.parametrize(
        ("overrides", "field", "fragment"),
        [
            ({"cpr": "123"}, "cpr", "gyldigt CPR-nummer"),
            ({"cpr": "3113901234"}, "cpr", "gyldigt CPR-nummer"),
            ({"employer_cvr": "12345678"}, "employer_cvr", "gyldigt CVR-nummer"),
            ({"hours_sought": Decimal("7.3")}, "hours_sought", "halve timer"),
            ({"period_to": dt.date(2000, 1, 1)}, "period_to", "efter startdatoen"),
            ({"received_on": timezone.localdate() + dt.timedelta(days=2)}, "received_on", "fremtiden"),
            ({"hours_sought": Decimal("40")}, "hours_sought", "overstige arbejdstiden"),
            ({"channel": "online"}, "channel", "papir eller e-mail"),
        ],
    )
    def test_bad_input_is_refused_with_danish_message(
        self, herning_caseworker: Any, overrides: dict[str, Any], field: str, fragment: str
    ) -> None:
        data = (
            factories.paper_data(cpr=factories.register_person(), cvr=factories.register_company())
            | overrides
        )
        with pytest.raises(ValidationError) as exc:
            services.application_register_paper(
                user=herning_caseworker, data=data, assistants=factories.ASSISTANT
            )
        assert any(fragment in m for m in errors_of(exc)[field])
        assert not Application.objects.exists()

    def test_unknown_cpr_and_inactive_company_are_refused(self, herning_caseworker: Any) -> None:
        closed = factories.register_company(active_to=dt.date(2020, 1, 1))
        data = factories.paper_data(cpr=factories.new_cpr(), cvr=closed)
        with pytest.raises(ValidationError) as exc:
            services.application_register_paper(
                user=herning_caseworker, data=data, assistants=factories.ASSISTANT
            )
        assert "findes ikke i CPR-registret" in errors_of(exc)["cpr"][0]
        assert "ikke aktiv" in errors_of(exc)["employer_cvr"][0]

    def test_person_living_elsewhere_belongs_to_that_jobcenter(self, herning_caseworker: Any) -> None:
        data = factories.paper_data(
            cpr=factories.register_person(code="751"), cvr=factories.register_company()
        )
        with pytest.raises(ValidationError) as exc:
            services.application_register_paper(
                user=herning_caseworker, data=data, assistants=factories.ASSISTANT
            )
        assert "Aarhus" in errors_of(exc)["cpr"][0]

    def test_assistant_with_invalid_cpr_is_refused(self, herning_caseworker: Any) -> None:
        data = factories.paper_data(cpr=factories.register_person(), cvr=factories.register_company())
        with pytest.raises(ValidationError) as exc:
            services.application_register_paper(
                user=herning_caseworker,
                data=data,
                assistants=[{"kind": "internal", "name": "Bo", "cpr": "99"}],
            )
        assert "CPR" in errors_of(exc)["assistant-0-cpr"][0]

    def test_not_a_document_is_refused(self, herning_caseworker: Any) -> None:
        data = factories.paper_data(cpr=factories.register_person(), cvr=factories.register_company())
        upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document", content_type="application/pdf")
        with pytest.raises(ValidationError) as exc:
            services.application_register_paper(
                user=herning_caseworker, data=data, assistants=factories.ASSISTANT, uploads=[(upload, "gp")]
            )
        assert "ikke et dokument" in errors_of(exc)["document"][0]
        assert not Application.objects.exists()


class TestInvestigation:
    def test_first_active_step_starts_investigation(self, opened_case: Any, herning_caseworker: Any) -> None:
        services.case_record_active_step(
            case=opened_case, user=herning_caseworker, kind="workplace_visit", on=timezone.localdate()
        )
        opened_case.refresh_from_db()
        assert opened_case.status == CaseStatus.INVESTIGATING
        assert opened_case.caseworker == herning_caseworker
        assert opened_case.events.filter(type=EventType.ACTIVE_STEP).count() == 1

    def test_active_step_before_receipt_is_refused(self, opened_case: Any, herning_caseworker: Any) -> None:
        with pytest.raises(ValidationError) as exc:
            services.case_record_active_step(
                case=opened_case,
                user=herning_caseworker,
                kind="meeting",
                on=opened_case.received_on - dt.timedelta(days=1),
            )
        assert "før ansøgningen" in errors_of(exc)["on"][0]

    def test_dialog_form_proposes_supported_minutes_rounded_up(self, investigated_case: Any) -> None:
        # 300 + 100 supported minutes = 6 h 40 min -> 7 hours; the 900 minutes done alone do not count.
        assert services.dialog_form_proposal(investigated_case.dialog_tasks.all()) == Decimal("7.0")
        event = investigated_case.events.filter(type=EventType.DIALOG_FORM_SAVED).last()
        assert event.payload["proposed_hours"] == "7.0"

    def test_dialog_row_with_support_needs_what_the_assistant_does(
        self, investigated_case: Any, herning_caseworker: Any
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            services.dialog_form_save(
                case=investigated_case,
                user=herning_caseworker,
                rows=[{"task": "Løft", "minutes_per_week": 60, "ability": "support", "assistant_does": ""}],
            )
        assert "assistenten gør" in errors_of(exc)["row-0-assistant_does"][0]
        assert investigated_case.dialog_tasks.count() == 3

    def test_higher_tier_requires_concrete_assessment(
        self, investigated_case: Any, herning_caseworker: Any
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            services.investigation_save(
                case=investigated_case,
                user=herning_caseworker,
                data={"tier": "extended", "concrete_assessment": ""},
            )
        assert "konkrete vurdering" in errors_of(exc)["concrete_assessment"][0]


class TestDecision:
    def test_grant_freezes_letter_opens_grant_and_follow_up(
        self, investigated_case: Any, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        decision = services.decision_draft(
            case=investigated_case,
            user=herning_caseworker,
            data=decision_data(),
            assistant_ids=assistant_ids(investigated_case),
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.decision_send(decision=decision, user=herning_caseworker)
            # The PDF is rendered after commit, not inside the decision's transaction.
            assert not Letter.objects.get(pk=decision.letter.pk).pdf
        assert len(callbacks) == 2  # the person's letter and the employer's own version
        investigated_case.refresh_from_db()
        decision.refresh_from_db()
        assert investigated_case.status == CaseStatus.DECIDED
        assert Grant.objects.filter(decision=decision).exists()
        follow_up = investigated_case.deadlines.get(kind=DeadlineKind.FIRST_FOLLOW_UP)
        assert follow_up.due == pa.first_follow_up_due(timezone.localdate())
        assert investigated_case.deadlines.get(kind=DeadlineKind.DECISION).met_at is not None
        letter = decision.letter
        letter.refresh_from_db()
        assert letter.is_sent and len(letter.sha256) == 64
        text = pdf_text(letter)
        for expected in (
            "7 timer om ugen",
            "§ 15",
            "Klagevejledning",
            "4 uger",
            "Ankestyrelsen",
            "§ 6 stk. 3",
            factories.long_date(decision.end_date),
        ):
            assert expected in text, expected
        sent = investigated_case.events.get(type=EventType.DECISION_SENT)
        assert sent.payload["letter_id"] == letter.pk
        rendered = investigated_case.events.get(type=EventType.LETTER_RENDERED, payload__letter_id=letter.pk)
        with letter.pdf.open("rb") as handle:
            assert rendered.payload == {
                "letter_id": letter.pk,
                "sha256": hashlib.sha256(handle.read()).hexdigest(),
            }
        assert rendered.payload["sha256"] == letter.sha256

    def test_sent_letter_cannot_change_or_be_sent_twice(
        self, investigated_case: Any, herning_caseworker: Any
    ) -> None:
        decision = services.decision_draft(
            case=investigated_case,
            user=herning_caseworker,
            data=decision_data(),
            assistant_ids=assistant_ids(investigated_case),
        )
        services.decision_send(decision=decision, user=herning_caseworker)
        with pytest.raises(ValidationError):
            services.decision_letter_edit(decision=decision, user=herning_caseworker, body="Ny tekst")
        with pytest.raises(ValidationError):
            services.decision_send(decision=decision, user=herning_caseworker)

    @pytest.mark.parametrize(
        ("overrides", "field", "fragment"),
        [
            ({"hours_per_week": Decimal("21")}, "hours_per_week", "overstiger"),
            ({"hours_per_week": Decimal("7.25")}, "hours_per_week", "halve timer"),
            ({"start_date": timezone.localdate() - dt.timedelta(days=120)}, "start_date", "3 måneder"),
            ({"end_date": None}, "end_date", "slutdato"),
            ({"end_date": timezone.localdate() - dt.timedelta(days=1)}, "end_date", "efter startdatoen"),
            ({"period_reason": ""}, "period_reason", "Begrund"),
            ({"rate_type": "raised"}, "rate_reason", "begrundelse"),
            ({"reasons": ""}, "reasons", "§ 24"),
            (
                {
                    "outcome": "partial_grant",
                    "hours_per_week": Decimal("5"),
                    "partial_reason": "Behovet er 5.",
                },
                "outcome",
                "partshøring",
            ),
        ],
    )
    def test_bad_decision_is_refused(
        self,
        investigated_case: Any,
        herning_caseworker: Any,
        overrides: dict[str, Any],
        field: str,
        fragment: str,
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            services.decision_draft(
                case=investigated_case,
                user=herning_caseworker,
                data=decision_data(**overrides),
                assistant_ids=assistant_ids(investigated_case),
            )
        assert any(fragment in m for m in errors_of(exc)[field]), errors_of(exc)
        assert not investigated_case.decisions.exists()

    def test_above_standard_needs_tier_and_assessment(
        self, investigated_case: Any, herning_caseworker: Any
    ) -> None:
        services.investigation_save(
            case=investigated_case,
            user=herning_caseworker,
            data={"tier": "extended", "concrete_assessment": "To funktionsnedsættelser: syn og hørelse."},
        )
        decision = services.decision_draft(
            case=investigated_case,
            user=herning_caseworker,
            data=decision_data(hours_per_week=Decimal("25.5")),
            assistant_ids=assistant_ids(investigated_case),
        )
        assert decision.hours_per_week == Decimal("25.5")

    def test_partial_grant_after_answered_hearing(
        self, investigated_case: Any, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        hearing = services.hearing_send(
            case=investigated_case,
            user=herning_caseworker,
            facts="Dialogskemaet viser et behov på 7 timer, ikke 10.",
        )
        investigated_case.refresh_from_db()
        assert investigated_case.status == CaseStatus.HEARING
        assert hearing.letter.is_sent
        assert hearing.response_due == deadlines.hearing_deadline(timezone.localdate())
        services.hearing_record_response(
            hearing=hearing,
            user=herning_caseworker,
            received_on=timezone.localdate(),
            response="Jeg er uenig; jeg har brug for mere hjælp til post.",
        )
        investigated_case.refresh_from_db()
        assert investigated_case.status == CaseStatus.INVESTIGATING
        decision = services.decision_draft(
            case=investigated_case,
            user=herning_caseworker,
            data=decision_data(
                outcome="partial_grant",
                hours_per_week=Decimal("5"),
                partial_reason="dialogskemaet viser et behov på 5 timer om ugen.",
            ),
            assistant_ids=assistant_ids(investigated_case),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        text = " ".join(pdf_text(decision.letter).split())
        assert "Delvis bevilling" in text and "partshørte" in text
        assert "Du søgte om 7 timer om ugen" in text and "Du får bevilget 5 timer om ugen" in text

    def test_refusal_after_unanswered_hearing_past_deadline(
        self, investigated_case: Any, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        hearing = services.hearing_send(
            case=investigated_case, user=herning_caseworker, facts="Jobbet er ikke foreneligt."
        )
        type(hearing).objects.filter(pk=hearing.pk).update(
            response_due=timezone.localdate() - dt.timedelta(days=1)
        )
        decision = services.decision_draft(
            case=investigated_case,
            user=herning_caseworker,
            data=decision_data(
                outcome="refusal",
                refusal_grounds=["job_not_compatible"],
                other_help="Hjælpemidler og fleksjob.",
            ),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        assert not Grant.objects.exists()
        assert not investigated_case.deadlines.filter(kind=DeadlineKind.FIRST_FOLLOW_UP).exists()
        assert "Afslag" in pdf_text(decision.letter)

    def test_grant_without_documentation_or_compatibility_is_refused(
        self, opened_case: Any, herning_caseworker: Any
    ) -> None:
        services.case_record_active_step(
            case=opened_case, user=herning_caseworker, kind="meeting", on=timezone.localdate()
        )
        opened_case.documents.update(doc_type="other")
        services.investigation_save(
            case=opened_case, user=herning_caseworker, data={"working_hours": Decimal("37")}
        )
        with pytest.raises(ValidationError) as exc:
            services.decision_draft(
                case=opened_case,
                user=herning_caseworker,
                data=decision_data(),
                assistant_ids=assistant_ids(opened_case),
            )
        assert "ikke dokumenteret" in " ".join(errors_of(exc)["outcome"])


class TestTenancyInServices:
    def test_caseworker_of_another_municipality_cannot_change_the_case(self, investigated_case: Any) -> None:
        stranger = factories.caseworker("751")
        calls = [
            lambda: services.case_record_active_step(
                case=investigated_case, user=stranger, kind="meeting", on=timezone.localdate()
            ),
            lambda: services.investigation_save(case=investigated_case, user=stranger, data={}),
            lambda: services.dialog_form_save(case=investigated_case, user=stranger, rows=[]),
            lambda: services.hearing_send(case=investigated_case, user=stranger, facts="x"),
            lambda: services.decision_draft(case=investigated_case, user=stranger, data=decision_data()),
            lambda: services.journal_note_add(case=investigated_case, user=stranger, text="x"),
        ]
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
        assert investigated_case.events.count() == CaseEvent.objects.filter(case=investigated_case).count()
        assert not investigated_case.journal_notes.exists()


class TestOnlineApplication:
    def _filled(self) -> tuple[Any, Any, Application]:
        cpr = factories.register_person()
        cvr = factories.register_company()
        citizen = factories.citizen(cpr)
        employer = factories.employer_user(cvr)
        application = services.application_start(user=citizen)
        services.application_update(
            application=application,
            user=citizen,
            data={
                "job_title": "Pædagog",
                "employer_cvr": cvr,
                "employment_type": "employee",
                "employment_form": "flex_job",
                "impairment_description": "Sklerose",
                "tasks_description": "Løft af børn",
                "hours_sought": Decimal("8.5"),
                "hours_without_assistance": Decimal("16"),
                "period_from": timezone.localdate(),
                "until_further_notice": True,
            },
        )
        services.application_set_assistants(
            application=application,
            user=citizen,
            approved=True,
            assistants=[
                {"kind": "internal", "name": "Lis Hjælper", "cpr": factories.new_cpr(dt.date(1970, 1, 2))}
            ],
        )
        return citizen, employer, application

    def test_citizen_then_employer_opens_the_case(self) -> None:
        citizen, employer, application = self._filled()
        assert services.application_start(user=citizen) == application  # the draft is reused
        services.application_submit(application=application, user=citizen, declaration=True)
        assert application.status == ApplicationStatus.AWAITING_EMPLOYER
        services.document_store(
            user=employer, upload=factories.pdf("kontrakt.pdf"), doc_type="contract", application=application
        )
        case = services.application_cosign(
            application=application,
            user=employer,
            declaration=True,
            data={
                "employer_contact_name": "Ib Ejer",
                "employer_contact_role": "owner",
                "working_hours": Decimal("25"),
                "employment_start": dt.date(2022, 8, 1),
            },
        )
        assert case.received_on == timezone.localdate()
        assert case.municipality.code == "657"
        assert case.documents.filter(doc_type="contract").count() == 1
        assert case.events.get(type=EventType.CASE_OPENED).payload["channel"] == "online"
        added = case.events.filter(type=EventType.DOCUMENT_ADDED)
        assert [e.payload["doc_type"] for e in added] == ["contract"]

    def test_incomplete_application_cannot_be_submitted(self) -> None:
        cpr = factories.register_person()
        citizen = factories.citizen(cpr)
        application = services.application_start(user=citizen)
        with pytest.raises(ValidationError) as exc:
            services.application_submit(application=application, user=citizen, declaration=False)
        missing = errors_of(exc)
        assert {"job_title", "employer_cvr", "hours_sought", "assistants", "declaration"} <= set(missing)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.DRAFT

    def test_wrong_employer_cannot_cosign(self) -> None:
        citizen, _, application = self._filled()
        services.application_submit(application=application, user=citizen, declaration=True)
        other = factories.employer_user(factories.register_company(name="Andet Firma A/S"))
        with pytest.raises(PermissionDenied) as exc:
            services.application_cosign(application=application, user=other, declaration=True, data={})
        assert "ikke sendt til jeres virksomhed" in str(exc.value)
        application.refresh_from_db()
        assert application.case is None

    def test_cosign_validates_hours_contract_and_declaration(self) -> None:
        citizen, employer, application = self._filled()
        services.application_submit(application=application, user=citizen, declaration=True)
        with pytest.raises(ValidationError) as exc:
            services.application_cosign(
                application=application,
                user=employer,
                declaration=False,
                data={
                    "employer_contact_name": "Ib",
                    "employer_contact_role": "owner",
                    "working_hours": Decimal("8"),
                    "employment_start": dt.date(2022, 1, 1),
                },
            )
        errors = errors_of(exc)
        assert "overstige arbejdstiden" in errors["working_hours"][0]
        assert "ansættelseskontrakten" in errors["contract"][0]
        assert "tro og love" in errors["declaration"][0]

    def test_submitted_application_is_frozen_for_the_citizen(self) -> None:
        citizen, _, application = self._filled()
        services.application_submit(application=application, user=citizen, declaration=True)
        with pytest.raises(ValidationError):
            services.application_update(application=application, user=citizen, data={"job_title": "Ny"})

    def test_unsigned_cosignature_gets_one_reminder_after_14_days(
        self, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
    ) -> None:
        citizen, employer, application = self._filled()
        employer.email = "hr@firma.invalid"
        employer.save()
        services.application_submit(application=application, user=citizen, declaration=True)
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.application_send_cosign_reminders(now=now + dt.timedelta(days=13)) == 0
            assert services.application_send_cosign_reminders(now=now + dt.timedelta(days=15)) == 1
            assert services.application_send_cosign_reminders(now=now + dt.timedelta(days=16)) == 0
        assert [m.to for m in mailoutbox] == [["hr@firma.invalid"]]
        assert "Påmindelse" in mailoutbox[0].subject


def test_case_events_are_append_only(opened_case: Any) -> None:
    event = opened_case.events.first()
    event.payload = {"changed": True}
    with pytest.raises(ValueError, match="kan ikke ændres"):
        event.save()
    with pytest.raises(ValueError, match="kan ikke slettes"):
        event.delete()
