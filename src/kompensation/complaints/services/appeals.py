"""What Ankestyrelsen does with a forwarded complaint: receipt, assignment, decision, remand (RSL § 67 ff.).

The municipality records Ankestyrelsen's dates as it learns them; each is a case event with the date it
happened (`on`), which processing time measures the AST steps from. A remand reopens the case for a new
decision within the municipality's own decision target, counted from the day the remand was received.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Case, CaseStatus, Deadline, DeadlineKind, DocumentType, EventType
from kompensation.cases.selectors import decision_target_weeks
from kompensation.cases.services import case_event_record, case_transition, document_store, require_caseworker
from kompensation.files import file_writes
from kompensation.rules import deadlines

from ..models import AppealsOutcome, Complaint, ComplaintStatus

MAX_REFERENCE = 40


def _date_errors(
    field: str, on: dt.date | None, *, not_before: list[tuple[dt.date | None, str]], today: dt.date
) -> dict[str, str]:
    if on is None:
        return {field: "Angiv datoen."}
    if not deadlines.is_sane_date(on):
        return {field: "Datoen skal ligge mellem 1. januar 2000 og 31. december 2100."}
    if on > today:
        return {field: f"Datoen kan ikke ligge efter i dag ({today:%d.%m.%Y})."}
    for earliest, what in not_before:
        if earliest is not None and on < earliest:
            return {field: f"Datoen kan ikke ligge før {what} ({earliest:%d.%m.%Y})."}
    return {}


def _locked(complaint: Complaint) -> tuple[Case, Complaint]:
    case = Case.objects.select_for_update().get(pk=complaint.case_id)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.case = case
    if complaint.status != ComplaintStatus.FORWARDED or case.status != CaseStatus.FORWARDED:
        raise ValidationError(
            "Klagen er ikke hos Ankestyrelsen nu "
            f"(klagens status: «{complaint.get_status_display()}», sagens: «{case.get_status_display()}»)."
        )
    return case, complaint


def _event(case: Case, type_: str, user: User, complaint: Complaint, on: dt.date, **extra: object) -> None:
    case_event_record(
        case, type_, user, on=on.isoformat(), complaint_id=complaint.pk, round=complaint.round, **extra
    )


def complaint_appeals_received(
    *, user: User, complaint: Complaint, on: dt.date, reference: str = ""
) -> Complaint:
    """Ankestyrelsen has received the complaint (their acknowledgement), with their journal number."""
    require_caseworker(user, complaint.case)
    reference = reference.strip()
    with transaction.atomic():
        case, complaint = _locked(complaint)
        if complaint.appeals_received_on is not None:
            raise ValidationError("Ankestyrelsens modtagelse er allerede registreret.")
        errors = _date_errors(
            "on",
            on,
            not_before=[(complaint.forwarded_on, "den dag, klagen blev sendt til Ankestyrelsen")],
            today=timezone.localdate(),
        )
        if len(reference) > MAX_REFERENCE:
            errors["reference"] = f"Journalnummeret må højst være {MAX_REFERENCE} tegn."
        if errors:
            raise ValidationError(errors)
        complaint.appeals_received_on = on
        complaint.appeals_reference = reference
        complaint.save(update_fields=["appeals_received_on", "appeals_reference"])
        _event(case, EventType.APPEALS_RECEIVED, user, complaint, on)
    return complaint


def complaint_appeals_assigned(*, user: User, complaint: Complaint, on: dt.date) -> Complaint:
    """The day a caseworker at Ankestyrelsen took the complaint (when Ankestyrelsen tells us)."""
    require_caseworker(user, complaint.case)
    with transaction.atomic():
        case, complaint = _locked(complaint)
        if complaint.appeals_assigned_on is not None:
            raise ValidationError("Sagsbehandleren i Ankestyrelsen er allerede registreret.")
        errors = _date_errors(
            "on",
            on,
            not_before=[
                (complaint.forwarded_on, "den dag, klagen blev sendt til Ankestyrelsen"),
                (complaint.appeals_received_on, "den dag, Ankestyrelsen modtog klagen"),
            ],
            today=timezone.localdate(),
        )
        if errors:
            raise ValidationError(errors)
        complaint.appeals_assigned_on = on
        complaint.save(update_fields=["appeals_assigned_on"])
        _event(case, EventType.APPEALS_ASSIGNED, user, complaint, on)
    return complaint


APPEALS_DATES = {"received": "appeals_received_on", "assigned": "appeals_assigned_on"}
MAX_REASON = 2_000


def complaint_appeals_date_correct(
    *, user: User, complaint: Complaint, which: str, on: dt.date, reason: str
) -> Complaint:
    """Correct a recorded Ankestyrelsen date (its receipt, or the day a caseworker was assigned) while its
    decision is not yet recorded. Events are never changed: the correction is a new event of the same kind
    (payload corrected=True, the reason and the date it replaces), and processing time reads the latest."""
    require_caseworker(user, complaint.case)
    reason = reason.strip()
    with transaction.atomic():
        case, complaint = _locked(complaint)
        field = APPEALS_DATES.get(which)
        if field is None:
            raise ValidationError({"which": "Vælg, hvilken dato der skal rettes."})
        previous: dt.date | None = getattr(complaint, field)
        if previous is None:
            raise ValidationError({"which": "Datoen er ikke registreret endnu; registrér den i stedet."})
        not_before = [(complaint.forwarded_on, "den dag, klagen blev sendt til Ankestyrelsen")]
        if which == "assigned":
            not_before.append((complaint.appeals_received_on, "den dag, Ankestyrelsen modtog klagen"))
        errors = _date_errors("on", on, not_before=not_before, today=timezone.localdate())
        assigned = complaint.appeals_assigned_on
        if which == "received" and not errors and assigned is not None and on > assigned:
            errors["on"] = (
                f"Datoen kan ikke ligge efter den dag, sagsbehandleren i Ankestyrelsen blev tildelt "
                f"({assigned:%d.%m.%Y})."
            )
        if not errors and on == previous:
            errors["on"] = f"Datoen er allerede {previous:%d.%m.%Y}. Angiv den rigtige dato."
        if not reason:
            errors["reason"] = (
                "Skriv, hvorfor datoen rettes (fx Ankestyrelsens kvittering viser en anden dato)."
            )
        elif len(reason) > MAX_REASON:
            errors["reason"] = f"Begrundelsen må højst være {MAX_REASON:,} tegn.".replace(",", ".")
        if errors:
            raise ValidationError(errors)
        setattr(complaint, field, on)
        complaint.save(update_fields=[field])
        type_ = EventType.APPEALS_RECEIVED if which == "received" else EventType.APPEALS_ASSIGNED
        _event(case, type_, user, complaint, on, corrected=True, reason=reason, replaces=previous.isoformat())
    return complaint


def complaint_appeals_decided(
    *,
    user: User,
    complaint: Complaint,
    on: dt.date,
    outcome: str,
    upload: UploadedFile | None,
    remand_received_on: dt.date | None = None,
) -> Complaint:
    """Ankestyrelsen's decision, with its document: ends the complaint, or (remand) reopens the case."""
    require_caseworker(user, complaint.case)
    today = timezone.localdate()
    with file_writes(), transaction.atomic():
        case, complaint = _locked(complaint)
        errors = _date_errors(
            "on",
            on,
            not_before=[
                (complaint.forwarded_on, "den dag, klagen blev sendt til Ankestyrelsen"),
                (complaint.appeals_received_on, "den dag, Ankestyrelsen modtog klagen"),
                (complaint.appeals_assigned_on, "den dag, sagsbehandleren i Ankestyrelsen blev tildelt"),
            ],
            today=today,
        )
        if outcome not in AppealsOutcome.values:
            errors["outcome"] = "Vælg Ankestyrelsens resultat: stadfæstet, ændret, hjemvist eller afvist."
        if upload is None:
            errors["upload"] = "Vedhæft Ankestyrelsens afgørelse (PDF, Word, JPG eller PNG)."
        if outcome == AppealsOutcome.REMANDED:
            remand_received_on = remand_received_on or on
            if "on" not in errors:
                errors |= _date_errors(
                    "remand_received_on",
                    remand_received_on,
                    not_before=[(on, "Ankestyrelsens afgørelse")],
                    today=today,
                )
        elif remand_received_on is not None:
            errors["remand_received_on"] = "Datoen for modtaget hjemvisning hører kun til en hjemvisning."
        if errors:
            raise ValidationError(errors)
        assert upload is not None
        document = document_store(
            user=user, upload=upload, doc_type=DocumentType.APPEALS_DECISION, case=case, field="upload"
        )
        complaint.appeals_decided_on = on
        complaint.appeals_outcome = outcome
        complaint.appeals_document = document
        complaint.status = ComplaintStatus.APPEALS_DECIDED
        complaint.remand_received_on = remand_received_on if outcome == AppealsOutcome.REMANDED else None
        complaint.save()
        _event(case, EventType.APPEALS_DECIDED, user, complaint, on, outcome=outcome, document_id=document.pk)
        if outcome == AppealsOutcome.REMANDED:
            assert remand_received_on is not None
            case_transition(case, CaseStatus.REMANDED)
            weeks = decision_target_weeks(case.municipality_id)
            Deadline.objects.create(
                case=case,
                kind=DeadlineKind.REMAND_DECISION,
                due=deadlines.decision_target(remand_received_on, weeks=weeks),
                rule=f"RSL § 3 stk. 2: kommunens frist på {weeks} uger, regnet fra hjemvisningen",
            )
            _event(case, EventType.REMAND_RECEIVED, user, complaint, remand_received_on)
        else:
            case_transition(case, CaseStatus.DECIDED)
    return complaint
