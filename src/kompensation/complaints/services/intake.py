"""Complaint intake (RSL §§ 66–67): a complaint about a sent decision, from the person or — about the
subsidy — the employer; in the portal, by letter or e-mail, or orally (recorded with a journal note).

The complaint deadline runs from the day the complainant received the decision: for Digital Post the day
it was delivered (`rules.deadlines.expected_receipt`). A complaint after the deadline is still received
(the case goes to «Klage – genvurderes», so the 4 weeks to re-assess apply); the caseworker then decides,
with reasons, whether to handle it anyway (`complaint_assess_late`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases import services as case_services
from kompensation.cases.models import (
    Case,
    CaseStatus,
    Confidentiality,
    Deadline,
    DeadlineKind,
    Decision,
    Document,
    DocumentType,
    EventType,
    JournalNote,
)
from kompensation.cases.validators import sane_date_errors
from kompensation.files import file_writes
from kompensation.letters import services as letters
from kompensation.letters.complaints import complaint_receipt_letter, complaint_rejected_letter
from kompensation.letters.models import LetterKind, Recipient
from kompensation.rules import deadlines

from ..models import (
    LIVE_COMPLAINT_STATUSES,
    AppealsOutcome,
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintStatus,
)

MAX_TEXT = 10_000
REASSESSMENT_RULE = "Retssikkerhedsloven § 66: genvurdering eller videresendelse inden 4 uger"
LIVE_COMPLAINT_MESSAGE = (
    "Der er allerede en klage i sagen, som er under behandling. En ny klage kan først registreres, når den "
    "er afsluttet."
)
NOT_SENT_MESSAGE = "Der kan kun klages over en afgørelse, der er sendt."
# The caseworker registers what came by post, e-mail or was said; the portal is the complainant's own.
REGISTERED_CHANNELS = (ComplaintChannel.LETTER, ComplaintChannel.EMAIL, ComplaintChannel.ORAL)


def _confidentiality(complainant: str) -> str:
    """The person's complaint may tell of their health; the employer's concerns the subsidy only."""
    return Confidentiality.SUBSIDY if complainant == Complainant.EMPLOYER else Confidentiality.HEALTH


def _recipient(complainant: str) -> str:
    return Recipient.EMPLOYER if complainant == Complainant.EMPLOYER else Recipient.PERSON


def decision_receipt_date(*, decision: Decision, complainant: str) -> dt.date | None:
    """The day the complainant received the decision: its Digital Post delivery date (RSL § 67).

    The person received the decision letter; the employer its own version (the subsidy's terms). None if
    that letter was never sent.
    """
    letter = decision.employer_letter if complainant == Complainant.EMPLOYER else decision.letter
    if letter is None or letter.sent_at is None:
        return None
    return deadlines.expected_receipt(timezone.localdate(letter.sent_at))


def _complaint_round(case: Case) -> int:
    """Round 2 (and on) is a complaint about the new decision after Ankestyrelsen remanded the case."""
    remands = case.complaints.filter(appeals_outcome=AppealsOutcome.REMANDED).count()
    return 1 + remands


def _check(
    *,
    decision: Decision,
    complainant: str,
    received_on: dt.date,
    text: str,
    received_decision_on: dt.date | None,
    text_field: str = "text",
) -> dict[str, str]:
    """Every reason the intake cannot go ahead, by field, so the form shows them all at once."""
    errors: dict[str, str] = {}
    if decision.sent_at is None:
        return {"decision": NOT_SENT_MESSAGE}
    case = decision.case
    if complainant not in Complainant.values:
        errors["complainant"] = "Vælg hvem der klager."
    elif complainant == Complainant.EMPLOYER and (
        case.employer is None or decision.employer_letter is None or decision.employer_letter.sent_at is None
    ):
        errors["complainant"] = "Virksomheden har ikke fået en afgørelse om tilskud i denne sag."
    sent_on = timezone.localdate(decision.sent_at)
    today = timezone.localdate()
    sane = sane_date_errors(received_on=received_on, decision_received_on=received_decision_on)
    errors |= sane
    if "received_on" not in sane:
        if received_on > today:
            errors["received_on"] = "Datoen for klagen kan ikke ligge i fremtiden."
        elif received_on < sent_on:
            errors["received_on"] = (
                f"Klagen kan ikke være modtaget før afgørelsen blev sendt ({sent_on:%d.%m.%Y})."
            )
    if received_decision_on is not None and "decision_received_on" not in sane:
        if received_decision_on < sent_on:
            errors["decision_received_on"] = (
                f"Afgørelsen kan ikke være modtaget før den blev sendt ({sent_on:%d.%m.%Y})."
            )
        elif received_decision_on > received_on:
            errors["decision_received_on"] = "Afgørelsen skal være modtaget senest den dag, klagen kom."
    if not text.strip():
        errors[text_field] = "Skriv klagen: hvad er klageren uenig i, og hvorfor?"
    elif len(text) > MAX_TEXT:
        errors[text_field] = f"Klagen må højst være {MAX_TEXT:,} tegn.".replace(",", ".")
    return errors


def _intake(
    *,
    user: User,
    decision: Decision,
    complainant: str,
    channel: str,
    received_on: dt.date,
    text: str,
    received_decision_on: dt.date,
    upload: UploadedFile | None,
    oral_note: bool,
) -> Complaint:
    """Write the complaint with its deadline, event and receipt letter; call inside `file_writes()`."""
    with transaction.atomic():
        # Locked: two complaints arriving at once (the person online, the caseworker registering a letter)
        # make one complaint, and the second is told so.
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("municipality", "person", "employer")
            .get(pk=decision.case_id)
        )
        if case.complaints.filter(status__in=LIVE_COMPLAINT_STATUSES).exists():
            raise ValidationError(LIVE_COMPLAINT_MESSAGE)
        if case.status != CaseStatus.DECIDED:
            raise ValidationError(
                f"Sagen har status «{CaseStatus(case.status).label}». "
                "Der kan klages, når afgørelsen er sendt."
            )
        document: Document | None = None
        if upload is not None:
            upload.seek(0)
            document = case_services.document_store(
                user=user,
                upload=upload,
                doc_type=DocumentType.OTHER,
                case=case,
                field="document",
                confidentiality=_confidentiality(complainant),
            )
        note: JournalNote | None = None
        if oral_note:
            note = case_services.journal_note_add(
                case=case,
                user=user,
                text=f"Mundtlig klage modtaget {received_on:%d.%m.%Y} "
                f"({Complainant(complainant).label.lower()}):\n{text.strip()}",
            )
        complaint_deadline = deadlines.complaint_deadline(received_decision_on)
        in_time = deadlines.complaint_in_time(received_decision_on, received_on)
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    case=case,
                    decision=decision,
                    round=_complaint_round(case),
                    complainant=complainant,
                    channel=channel,
                    received_on=received_on,
                    text=text.strip(),
                    document=document,
                    journal_note=note,
                    decision_received_on=received_decision_on,
                    complaint_deadline=complaint_deadline,
                    in_time=in_time,
                    reassessment_due=deadlines.reassessment_deadline(received_on),
                    created_by=user,
                )
        except IntegrityError as exc:
            raise ValidationError(LIVE_COMPLAINT_MESSAGE) from exc
        # A late complaint goes to «Klage – genvurderes» too: the 4 weeks to re-assess run from its receipt,
        # and the complaint page asks the caseworker to decide first whether it is handled at all.
        case_services.case_transition(case, CaseStatus.COMPLAINT)
        Deadline.objects.create(
            case=case, kind=DeadlineKind.REASSESSMENT, due=complaint.reassessment_due, rule=REASSESSMENT_RULE
        )
        case_services.case_event_record(
            case,
            EventType.COMPLAINT_RECEIVED,
            user,
            on=received_on.isoformat(),
            complaint_id=complaint.pk,
            round=complaint.round,
            complainant=complainant,
            channel=channel,
            in_time=in_time,
            decision_id=decision.pk,
        )
        subject, body = complaint_receipt_letter(complaint=complaint)
        letter = letters.letter_create(
            case=case,
            kind=LetterKind.COMPLAINT_RECEIPT,
            subject=subject,
            body=body,
            confidentiality=_confidentiality(complainant),
            recipient=_recipient(complainant),
        )
        letters.letter_send(letter=letter, user=user)
    return complaint


def _portal_complainant(user: User, case: Case) -> str:
    if user.role == Role.CITIZEN and user.cpr and case.person.cpr == user.cpr:
        return Complainant.PERSON
    if (
        user.role == Role.EMPLOYER
        and user.cvr
        and case.employer is not None
        and case.employer.cvr == user.cvr
    ):
        return Complainant.EMPLOYER
    raise PermissionDenied("Kun personen selv eller sagens virksomhed kan klage over afgørelsen.")


def _upload_errors(upload: UploadedFile | None, *, field: str) -> dict[str, str]:
    """The complaint's attachment is checked like any document, before anything is stored."""
    if upload is None:
        return {}
    try:
        case_services.document_check(upload=upload, doc_type=DocumentType.OTHER, field=field)
    except ValidationError as exc:
        return {k: v[0] for k, v in exc.message_dict.items()}
    return {}


def complaint_file_in_portal(
    *, user: User, decision: Decision, text: str, document: UploadedFile | None = None
) -> Complaint:
    """The person (their own case) or the employer (its CVR's case, about the subsidy) complains on Mine
    sider; received today. A late complaint is received too, and the receipt says it will be assessed."""
    case = decision.case
    complainant = _portal_complainant(user, case)
    today = timezone.localdate()
    received_decision_on = decision_receipt_date(decision=decision, complainant=complainant)
    errors = _check(
        decision=decision,
        complainant=complainant,
        received_on=today,
        text=text,
        received_decision_on=received_decision_on,
    )
    if received_decision_on is None and not errors:
        errors["decision"] = NOT_SENT_MESSAGE
    errors |= _upload_errors(document, field="document")
    if errors:
        raise ValidationError(errors)
    assert received_decision_on is not None
    with file_writes():
        return _intake(
            user=user,
            decision=decision,
            complainant=complainant,
            channel=ComplaintChannel.PORTAL,
            received_on=today,
            text=text,
            received_decision_on=received_decision_on,
            upload=document,
            oral_note=False,
        )


def complaint_register(
    *,
    user: User,
    decision: Decision,
    complainant: str,
    channel: str,
    received_on: dt.date,
    text: str,
    decision_received_on: dt.date | None = None,
    upload: UploadedFile | None = None,
) -> Complaint:
    """The caseworker registers a complaint that came by letter or e-mail (the scanned letter stored on the
    case), or orally (recorded as a journal note with what was said). The actual day the complainant
    received the decision may be recorded; it defaults to the Digital Post delivery date."""
    case = decision.case
    case_services.require_caseworker(user, case)
    errors: dict[str, str] = {}
    if channel not in REGISTERED_CHANNELS:
        errors["channel"] = "Vælg hvordan klagen kom: brev, e-mail eller mundtligt."
    received_decision_on = decision_received_on
    if received_decision_on is None and complainant in Complainant.values:
        received_decision_on = decision_receipt_date(decision=decision, complainant=complainant)
    errors |= _check(
        decision=decision,
        complainant=complainant,
        received_on=received_on,
        text=text,
        received_decision_on=received_decision_on,
    )
    if channel == ComplaintChannel.ORAL and "text" in errors:
        errors["text"] = "Skriv, hvad der blev sagt: det gemmes som journalnotat i sagen."
    errors |= _upload_errors(upload, field="upload")
    if errors:
        raise ValidationError(errors)
    assert received_decision_on is not None
    with file_writes():
        return _intake(
            user=user,
            decision=decision,
            complainant=complainant,
            channel=channel,
            received_on=received_on,
            text=text,
            received_decision_on=received_decision_on,
            upload=upload,
            oral_note=channel == ComplaintChannel.ORAL,
        )


def _locked_open(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("case", "decision")
        .get(pk=complaint.pk)
    )


def _meet_reassessment(case: Case) -> None:
    case.deadlines.filter(kind=DeadlineKind.REASSESSMENT, met_at__isnull=True).update(met_at=timezone.now())


def complaint_assess_late(*, user: User, complaint: Complaint, accept: bool, reason: str) -> Complaint:
    """A complaint after the deadline: handle it anyway, or refuse it, with reasons (RSL § 67 stk. 1).

    Refused, the complaint closes, the case is decided again as before, and the complainant gets a letter —
    itself a decision, so it carries complaint guidance.
    """
    case_services.require_caseworker(user, complaint.case)
    if not reason.strip():
        raise ValidationError({"reason": "Skriv begrundelsen for vurderingen."})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": f"Begrundelsen må højst være {MAX_TEXT:,} tegn.".replace(",", ".")})
    with transaction.atomic():
        complaint = _locked_open(complaint)
        if complaint.in_time:
            raise ValidationError("Klagen er kommet rettidigt og skal ikke vurderes som for sen.")
        if complaint.late_accepted is not None or complaint.status != ComplaintStatus.OPEN:
            raise ValidationError("Klagen er allerede vurderet.")
        case = complaint.case
        complaint.late_accepted = accept
        complaint.late_reason = reason.strip()
        fields = ["late_accepted", "late_reason"]
        if not accept:
            complaint.status = ComplaintStatus.REJECTED_LATE
            fields.append("status")
        complaint.save(update_fields=fields)
        if not accept:
            _meet_reassessment(case)
            case_services.case_transition(case, CaseStatus.DECIDED)
            subject, body = complaint_rejected_letter(complaint=complaint, reason=reason)
            letter = letters.letter_create(
                case=case,
                kind=LetterKind.COMPLAINT_REJECTED,
                subject=subject,
                body=body,
                confidentiality=_confidentiality(complaint.complainant),
                recipient=_recipient(complaint.complainant),
            )
            letters.letter_send(letter=letter, user=user)
        case_services.case_event_record(
            case,
            EventType.COMPLAINT_LATE_ASSESSED,
            user,
            on=timezone.localdate().isoformat(),
            complaint_id=complaint.pk,
            round=complaint.round,
            accepted=accept,
        )
    return complaint


def complaint_withdraw(*, user: User, complaint: Complaint, on: dt.date, note: str) -> Complaint:
    """The complainant withdrew the complaint (told the caseworker, or wrote): it closes, and the case is
    decided as before. The note is kept as a journal note."""
    case_services.require_caseworker(user, complaint.case)
    errors: dict[str, str] = sane_date_errors(on=on)
    if "on" not in errors:
        if on > timezone.localdate():
            errors["on"] = "Datoen kan ikke ligge i fremtiden."
        elif on < complaint.received_on:
            errors["on"] = (
                f"Klagen kan ikke være trukket tilbage før den kom ({complaint.received_on:%d.%m.%Y})."
            )
    if not note.strip():
        errors["note"] = "Skriv, hvordan klageren trak klagen tilbage (fx telefon eller brev)."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        complaint = _locked_open(complaint)
        if complaint.status not in LIVE_COMPLAINT_STATUSES:
            raise ValidationError("Klagen er afsluttet og kan ikke trækkes tilbage.")
        case = complaint.case
        complaint.status = ComplaintStatus.WITHDRAWN
        complaint.save(update_fields=["status"])
        journal = case_services.journal_note_add(
            case=case, user=user, text=f"Klagen er trukket tilbage {on:%d.%m.%Y}: {note.strip()}"
        )
        _meet_reassessment(case)
        case_services.case_transition(case, CaseStatus.DECIDED)
        case_services.case_event_record(
            case,
            EventType.COMPLAINT_WITHDRAWN,
            user,
            on=on.isoformat(),
            complaint_id=complaint.pk,
            round=complaint.round,
            note_id=journal.pk,
        )
    return complaint
