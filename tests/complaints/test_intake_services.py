"""Complaint intake (RSL §§ 66–67): the services against PostgreSQL.

Dates are derived by hand. Today's date varies between runs, so the portal tests backdate the decision
(a complaint received today about a decision sent N days ago) and check bounds that hold on any day; the
registered complaints use fixed dates in spring 2026 whose deadlines are worked out in the comments.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from kompensation.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    DeadlineKind,
    Decision,
    EventType,
    JournalNote,
)
from kompensation.complaints import services
from kompensation.complaints.models import Complaint, ComplaintStatus
from kompensation.complaints.permissions import complaint_scope
from kompensation.letters.models import Letter, LetterKind
from kompensation.letters.permissions import letter_scope
from tests import factories
from tests.concurrency import at_once
from tests.factories import long_date

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def sent_decision(case: Case) -> Decision:
    return case.decisions.select_related("letter", "employer_letter").get(sent_at__isnull=False)


def backdate(decision: Decision, sent_on: dt.date) -> Decision:
    """Pretend the decision and both its letters went out on `sent_on` at 10:00 Copenhagen time."""
    when = dt.datetime.combine(sent_on, dt.time(10, 0), tzinfo=TZ)
    Decision.objects.filter(pk=decision.pk).update(sent_at=when)
    Letter.objects.filter(pk__in=[decision.letter_id, decision.employer_letter_id]).update(sent_at=when)
    return Decision.objects.select_related("case", "letter", "employer_letter").get(pk=decision.pk)


def pdf_text(letter: Letter) -> str:
    letter.refresh_from_db()
    assert letter.pdf, "the letter's PDF was not rendered"
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def receipt_letter(case: Case) -> Letter:
    return Letter.objects.get(case=case, kind=LetterKind.COMPLAINT_RECEIPT)


# --- the person complains on Mine sider -------------------------------------------------------------------


def test_portal_complaint_three_weeks_after_the_decision(
    granted_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    # Sent by Digital Post 21 days ago → received that day → 4 weeks end 7 days from now (or a few days
    # later if that is a holiday): a complaint today is in time.
    decision = backdate(sent_decision(granted_case), today - dt.timedelta(days=21))
    person = factories.citizen(granted_case.person.cpr)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_file_in_portal(
            user=person,
            decision=decision,
            text="Jeg har brug for flere timer.",
            document=factories.pdf("brev.pdf"),
        )
    complaint.refresh_from_db()
    assert complaint.in_time is True
    assert complaint.complainant == "person" and complaint.channel == "portal"
    assert complaint.received_on == today
    assert complaint.decision_received_on == today - dt.timedelta(days=21)
    # The deadline is day 28 (a week from today), pushed at most 5 days by a holiday run (Easter, Christmas).
    assert today + dt.timedelta(days=7) <= complaint.complaint_deadline <= today + dt.timedelta(days=12)
    # The re-assessment is due 4 weeks from today, moved back (never forward) off a closed day, so it lies
    # within the 5 days before day 28 and on a weekday.
    assert today + dt.timedelta(days=23) <= complaint.reassessment_due <= today + dt.timedelta(days=28)
    assert complaint.reassessment_due.weekday() < 5
    assert complaint.round == 1
    # The attachment is on the case, in the person's health class: the employer never reads it.
    assert complaint.document is not None and complaint.document.case_id == granted_case.pk
    assert complaint.document.confidentiality == "health"

    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.COMPLAINT
    deadline = granted_case.deadlines.get(kind=DeadlineKind.REASSESSMENT)
    assert deadline.due == complaint.reassessment_due and deadline.met_at is None
    assert "§ 66" in deadline.rule

    event = CaseEvent.objects.get(case=granted_case, type=EventType.COMPLAINT_RECEIVED)
    assert event.payload == {
        "on": today.isoformat(),
        "complaint_id": complaint.pk,
        "round": 1,
        "complainant": "person",
        "channel": "portal",
        "in_time": True,
        "decision_id": decision.pk,
    }

    letter = receipt_letter(granted_case)
    assert letter.recipient == "person" and letter.confidentiality == "health" and letter.is_sent
    text = pdf_text(letter)
    assert long_date(today) in text  # received on
    assert long_date(complaint.reassessment_due) in text  # last day of the re-assessment
    assert "Ankestyrelsen" in text
    assert "efter fristen" not in letter.body


def test_late_portal_complaint_is_received_and_awaits_assessment(granted_case: Case) -> None:
    today = timezone.localdate()
    # Sent 40 days ago: 28 days plus at most 5 days of holidays is day 33 at the latest, so today is late.
    decision = backdate(sent_decision(granted_case), today - dt.timedelta(days=40))
    person = factories.citizen(granted_case.person.cpr)
    complaint = services.complaint_file_in_portal(user=person, decision=decision, text="Uenig.")
    assert complaint.in_time is False and complaint.late_accepted is None
    assert complaint.complaint_deadline < today
    granted_case.refresh_from_db()
    # Late, but the case still goes to re-assessment, so the 4 weeks apply while the caseworker assesses it.
    assert granted_case.status == CaseStatus.COMPLAINT
    assert granted_case.deadlines.filter(kind=DeadlineKind.REASSESSMENT, met_at__isnull=True).count() == 1
    body = receipt_letter(granted_case).body
    assert "efter fristen" in body
    assert long_date(complaint.complaint_deadline) in body


def test_only_the_person_or_the_cases_employer_may_complain_in_the_portal(granted_case: Case) -> None:
    decision = sent_decision(granted_case)
    stranger = factories.citizen(factories.register_person())
    with pytest.raises(PermissionDenied):
        services.complaint_file_in_portal(user=stranger, decision=decision, text="Uenig.")
    other_employer = factories.employer_user(factories.register_company(name="Andet ApS"))
    with pytest.raises(PermissionDenied):
        services.complaint_file_in_portal(user=other_employer, decision=decision, text="Uenig.")
    assert not Complaint.objects.exists()


def test_empty_complaint_and_bad_attachment_are_refused_together(granted_case: Case) -> None:
    person = factories.citizen(granted_case.person.cpr)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00not a document", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.complaint_file_in_portal(
            user=person, decision=sent_decision(granted_case), text="  ", document=bad
        )
    assert set(error.value.message_dict) == {"text", "document"}
    assert not Complaint.objects.exists()
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.DECIDED


def test_a_second_complaint_while_one_is_live_is_refused(granted_case: Case, herning_caseworker: Any) -> None:
    decision = sent_decision(granted_case)
    person = factories.citizen(granted_case.person.cpr)
    services.complaint_file_in_portal(user=person, decision=decision, text="Uenig.")
    with pytest.raises(ValidationError, match="allerede en klage"):
        services.complaint_file_in_portal(user=person, decision=decision, text="Igen.")
    with pytest.raises(ValidationError, match="allerede en klage"):
        services.complaint_register(
            user=herning_caseworker,
            decision=decision,
            complainant="employer",
            channel="letter",
            received_on=timezone.localdate(),
            text="Virksomheden klager også.",
        )
    assert Complaint.objects.count() == 1
    assert Letter.objects.filter(kind=LetterKind.COMPLAINT_RECEIPT).count() == 1


def test_a_decision_not_yet_sent_cannot_be_complained_about(investigated_case: Case) -> None:
    draft = factories.grant_draft(investigated_case)
    person = factories.citizen(investigated_case.person.cpr)
    with pytest.raises(ValidationError, match="sendt"):
        services.complaint_file_in_portal(user=person, decision=draft, text="Uenig.")


# --- the employer complains about the subsidy -------------------------------------------------------------


def test_employer_complaint_concerns_the_subsidy_and_stays_in_its_class(
    granted_case: Case, employer: Any
) -> None:
    decision = sent_decision(granted_case)
    person = factories.citizen(granted_case.person.cpr)
    complaint = services.complaint_file_in_portal(
        user=employer, decision=decision, text="Satsen er for lav.", document=factories.pdf("bilag.pdf")
    )
    assert complaint.complainant == "employer"
    assert complaint.document is not None and complaint.document.confidentiality == "subsidy"
    letter = receipt_letter(granted_case)
    assert (letter.recipient, letter.confidentiality) == ("employer", "subsidy")
    assert letter.body.startswith(f"Til {granted_case.employer.name}")
    assert "afgørelsen om tilskud" in letter.body
    # The employer's letter names neither the person's health nor their complaint.
    assert granted_case.application.impairment_description not in letter.body
    assert Letter.objects.filter(letter_scope(employer), pk=letter.pk).exists()
    # The employer reads its own complaint, not one the person files later.
    services.complaint_withdraw(
        user=granted_case.caseworker, complaint=complaint, on=timezone.localdate(), note="Ringede"
    )
    own_complaint = services.complaint_file_in_portal(
        user=person, decision=decision, text="Min ryg er værre."
    )
    visible = set(Complaint.objects.filter(complaint_scope(employer)).values_list("pk", flat=True))
    assert visible == {complaint.pk}
    assert own_complaint.pk not in visible
    # The person's receipt letter is not the employer's to read.
    person_receipt = Letter.objects.filter(kind=LetterKind.COMPLAINT_RECEIPT, recipient="person").get()
    assert not Letter.objects.filter(letter_scope(employer), pk=person_receipt.pk).exists()


def test_employer_without_its_own_letter_cannot_complain(granted_case: Case, employer: Any) -> None:
    decision = sent_decision(granted_case)
    Decision.objects.filter(pk=decision.pk).update(employer_letter=None)
    decision = Decision.objects.get(pk=decision.pk)
    with pytest.raises(ValidationError) as error:
        services.complaint_file_in_portal(user=employer, decision=decision, text="Uenig.")
    assert "tilskud" in " ".join(error.value.messages)


# --- the caseworker registers a complaint -----------------------------------------------------------------


def test_registered_letter_on_the_extended_deadline_day_is_in_time(
    granted_case: Case, herning_caseworker: Any
) -> None:
    # Decision sent Friday 6 March 2026 → received that day by Digital Post. 4 weeks = Good Friday 3 April;
    # Sat 4, Easter Sunday 5, Easter Monday 6 April are closed → the deadline is Tuesday 7 April 2026.
    decision = backdate(sent_decision(granted_case), dt.date(2026, 3, 6))
    complaint = services.complaint_register(
        user=herning_caseworker,
        decision=decision,
        complainant="person",
        channel="letter",
        received_on=dt.date(2026, 4, 7),
        text="Jeg klager.",
        upload=factories.pdf("klagebrev.pdf"),
    )
    assert complaint.decision_received_on == dt.date(2026, 3, 6)
    assert complaint.complaint_deadline == dt.date(2026, 4, 7)
    assert complaint.in_time is True
    # Re-assessment: 7 April + 28 days = Tuesday 5 May 2026, a working day (Ascension is 14 May).
    assert complaint.reassessment_due == dt.date(2026, 5, 5)
    assert complaint.document is not None and complaint.document.original_name == "klagebrev.pdf"
    assert complaint.document.confidentiality == "health"
    assert complaint.journal_note is None
    body = receipt_letter(granted_case).body
    assert long_date(dt.date(2026, 4, 7)) in body and long_date(dt.date(2026, 5, 5)) in body


def test_registered_the_day_after_is_late(granted_case: Case, herning_caseworker: Any) -> None:
    decision = backdate(sent_decision(granted_case), dt.date(2026, 3, 6))
    complaint = services.complaint_register(
        user=herning_caseworker,
        decision=decision,
        complainant="person",
        channel="email",
        received_on=dt.date(2026, 4, 8),  # Wednesday, the day after the deadline of Tuesday 7 April
        text="Jeg klager.",
    )
    assert complaint.in_time is False
    # 8 April + 28 days = Wednesday 6 May 2026.
    assert complaint.reassessment_due == dt.date(2026, 5, 6)
    body = receipt_letter(granted_case).body
    assert long_date(dt.date(2026, 4, 7)) in body  # "came after the deadline 7. april 2026"


def test_caseworker_records_a_later_receipt_of_the_decision(
    granted_case: Case, herning_caseworker: Any
) -> None:
    # Sent Friday 6 March, but the person shows they received it Monday 9 March: 9 March + 28 days is
    # Easter Monday 6 April → Tuesday 7 April. A complaint on Wednesday 8 April is then still late, and
    # on Tuesday 7 April in time.
    decision = backdate(sent_decision(granted_case), dt.date(2026, 3, 6))
    complaint = services.complaint_register(
        user=herning_caseworker,
        decision=decision,
        complainant="person",
        channel="letter",
        received_on=dt.date(2026, 4, 7),
        decision_received_on=dt.date(2026, 3, 9),
        text="Jeg klager.",
    )
    assert (complaint.decision_received_on, complaint.complaint_deadline) == (
        dt.date(2026, 3, 9),
        dt.date(2026, 4, 7),
    )
    assert complaint.in_time is True


def test_oral_complaint_is_kept_as_a_journal_note(granted_case: Case, herning_caseworker: Any) -> None:
    decision = sent_decision(granted_case)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.complaint_register(
            user=herning_caseworker,
            decision=decision,
            complainant="person",
            channel="oral",
            received_on=today,
            text="",
        )
    assert "journalnotat" in error.value.message_dict["text"][0]
    assert not JournalNote.objects.filter(case=granted_case).exists()
    complaint = services.complaint_register(
        user=herning_caseworker,
        decision=decision,
        complainant="person",
        channel="oral",
        received_on=today,
        text="Ringede: uenig i antallet af timer.",
    )
    assert complaint.journal_note is not None
    assert "Ringede: uenig i antallet af timer." in complaint.journal_note.text
    assert complaint.journal_note.case_id == granted_case.pk


@pytest.mark.parametrize(
    ("received_on", "field"),
    [
        (dt.date(1999, 12, 31), "received_on"),  # outside 2000–2100
        (None, "received_on"),  # placeholder: replaced by tomorrow in the test
        (dt.date(2026, 3, 5), "received_on"),  # before the decision was sent (6 March)
    ],
)
def test_insane_or_impossible_dates_are_refused(
    granted_case: Case, herning_caseworker: Any, received_on: dt.date | None, field: str
) -> None:
    decision = backdate(sent_decision(granted_case), dt.date(2026, 3, 6))
    received = received_on or timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.complaint_register(
            user=herning_caseworker,
            decision=decision,
            complainant="person",
            channel="letter",
            received_on=received,
            text="Klage",
        )
    assert field in error.value.message_dict
    assert not Complaint.objects.exists()


def test_decision_received_after_the_complaint_is_refused(
    granted_case: Case, herning_caseworker: Any
) -> None:
    decision = backdate(sent_decision(granted_case), dt.date(2026, 3, 6))
    with pytest.raises(ValidationError) as error:
        services.complaint_register(
            user=herning_caseworker,
            decision=decision,
            complainant="person",
            channel="letter",
            received_on=dt.date(2026, 3, 20),
            decision_received_on=dt.date(2026, 3, 21),
            text="Klage",
        )
    assert "decision_received_on" in error.value.message_dict


def test_only_a_caseworker_of_the_municipality_registers(granted_case: Case) -> None:
    decision = sent_decision(granted_case)
    for outsider in (factories.caseworker("751"), factories.user("manager", code="657")):
        with pytest.raises(PermissionDenied):
            services.complaint_register(
                user=outsider,
                decision=decision,
                complainant="person",
                channel="letter",
                received_on=timezone.localdate(),
                text="Klage",
            )


def test_a_complaint_after_a_remand_is_round_two(granted_case: Case, herning_caseworker: Any) -> None:
    decision = sent_decision(granted_case)
    factories.complaint(
        decision=decision,
        user=herning_caseworker,
        status=ComplaintStatus.APPEALS_DECIDED,
        appeals_outcome="remanded",
    )
    Case.objects.filter(pk=granted_case.pk).update(status=CaseStatus.DECIDED)
    person = factories.citizen(granted_case.person.cpr)
    complaint = services.complaint_file_in_portal(user=person, decision=decision, text="Igen uenig.")
    assert complaint.round == 2
    event = CaseEvent.objects.get(case=granted_case, type=EventType.COMPLAINT_RECEIVED)
    assert event.payload["round"] == 2


# --- a late complaint: accepted or refused ----------------------------------------------------------------


@pytest.fixture
def late_complaint(granted_case: Case) -> Complaint:
    decision = backdate(sent_decision(granted_case), timezone.localdate() - dt.timedelta(days=40))
    person = factories.citizen(granted_case.person.cpr)
    return services.complaint_file_in_portal(user=person, decision=decision, text="Uenig.")


def test_late_complaint_accepted_goes_on(late_complaint: Complaint, herning_caseworker: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.complaint_assess_late(
            user=herning_caseworker, complaint=late_complaint, accept=True, reason=" "
        )
    assert "reason" in error.value.message_dict
    complaint = services.complaint_assess_late(
        user=herning_caseworker, complaint=late_complaint, accept=True, reason="Var indlagt på hospital."
    )
    assert complaint.late_accepted is True and complaint.status == ComplaintStatus.OPEN
    case = Case.objects.get(pk=complaint.case_id)
    assert case.status == CaseStatus.COMPLAINT
    assert case.deadlines.get(kind=DeadlineKind.REASSESSMENT).met_at is None
    event = CaseEvent.objects.get(case=case, type=EventType.COMPLAINT_LATE_ASSESSED)
    assert event.payload == {
        "on": timezone.localdate().isoformat(),
        "complaint_id": complaint.pk,
        "round": 1,
        "accepted": True,
    }
    with pytest.raises(ValidationError, match="allerede vurderet"):
        services.complaint_assess_late(
            user=herning_caseworker, complaint=complaint, accept=False, reason="Nej"
        )


def test_late_complaint_refused_closes_with_a_deciding_letter(
    late_complaint: Complaint, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_assess_late(
            user=herning_caseworker,
            complaint=late_complaint,
            accept=False,
            reason="Der er ingen særlig grund",
        )
    assert complaint.status == ComplaintStatus.REJECTED_LATE and complaint.late_accepted is False
    case = Case.objects.get(pk=complaint.case_id)
    assert case.status == CaseStatus.DECIDED
    assert case.deadlines.get(kind=DeadlineKind.REASSESSMENT).met_at is not None
    letter = Letter.objects.get(case=case, kind=LetterKind.COMPLAINT_REJECTED)
    assert letter.recipient == "person" and letter.is_sent
    assert "Der er ingen særlig grund." in letter.body
    assert long_date(complaint.complaint_deadline) in letter.body
    # A refusal is itself a decision: it carries complaint guidance (FVL § 25) with its own last day.
    assert "Klagevejledning" in letter.fixed_footer
    assert "Klagevejledning" in pdf_text(letter)
    event = CaseEvent.objects.get(case=case, type=EventType.COMPLAINT_LATE_ASSESSED)
    assert event.payload["accepted"] is False
    # The case can be complained about again (about the refusal or the decision).
    assert not Complaint.objects.filter(case=case, status__in=["open", "forwarded"]).exists()


def test_a_complaint_in_time_is_not_assessed_as_late(granted_case: Case, herning_caseworker: Any) -> None:
    person = factories.citizen(granted_case.person.cpr)
    complaint = services.complaint_file_in_portal(
        user=person, decision=sent_decision(granted_case), text="Uenig."
    )
    with pytest.raises(ValidationError, match="rettidigt"):
        services.complaint_assess_late(user=herning_caseworker, complaint=complaint, accept=False, reason="x")


def test_withdrawal_closes_the_complaint(granted_case: Case, herning_caseworker: Any) -> None:
    person = factories.citizen(granted_case.person.cpr)
    complaint = services.complaint_file_in_portal(
        user=person, decision=sent_decision(granted_case), text="Uenig."
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.complaint_withdraw(
            user=herning_caseworker, complaint=complaint, on=today + dt.timedelta(days=1), note=""
        )
    assert set(error.value.message_dict) == {"on", "note"}
    services.complaint_withdraw(
        user=herning_caseworker, complaint=complaint, on=today, note="Ringede og trak den"
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.WITHDRAWN
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.DECIDED
    assert granted_case.deadlines.get(kind=DeadlineKind.REASSESSMENT).met_at is not None
    event = CaseEvent.objects.get(case=granted_case, type=EventType.COMPLAINT_WITHDRAWN)
    assert event.payload["on"] == today.isoformat() and event.payload["complaint_id"] == complaint.pk
    with pytest.raises(ValidationError, match="afsluttet"):
        services.complaint_withdraw(user=herning_caseworker, complaint=complaint, on=today, note="Igen")
    # A new complaint can now be filed.
    again = services.complaint_file_in_portal(
        user=person, decision=sent_decision(granted_case), text="Alligevel."
    )
    assert again.status == ComplaintStatus.OPEN


# --- two at once --------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_person_and_caseworker_at_once_make_one_complaint(
    granted_case: Case, herning_caseworker: Any
) -> None:
    decision = sent_decision(granted_case)
    person = factories.citizen(granted_case.person.cpr)
    results = at_once(
        [
            lambda: services.complaint_file_in_portal(user=person, decision=decision, text="Online."),
            lambda: services.complaint_register(
                user=herning_caseworker,
                decision=decision,
                complainant="person",
                channel="letter",
                received_on=timezone.localdate(),
                text="Brev.",
            ),
        ]
    )
    created = [r for r in results if isinstance(r, Complaint)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1 and len(refused) == 1, results
    assert "allerede en klage" in " ".join(refused[0].messages)
    assert Complaint.objects.filter(case=granted_case).count() == 1
    assert CaseEvent.objects.filter(case=granted_case, type=EventType.COMPLAINT_RECEIVED).count() == 1
