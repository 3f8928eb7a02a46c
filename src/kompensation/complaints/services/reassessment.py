"""The re-assessment of a complaint (RSL § 66): change the decision fully, in part, or uphold it.

A change is a new decision, made first through the case's own decision flow (`cases.services.decision_draft`
and `decision_send` work while the case is in COMPLAINT and leave it there). The re-assessment then links
that decision and records the outcome: a full change closes the complaint and the case is decided again;
a partial change or an upheld decision waits to be forwarded to Ankestyrelsen (`complaint_forward`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Case, CaseStatus, Confidentiality, DeadlineKind, Decision, EventType
from kompensation.cases.services import case_event_record, case_transition, require_caseworker
from kompensation.letters import services as letters
from kompensation.letters.models import LetterKind, Recipient

from ..casework_letters import reassessment_letter
from ..models import Complaint, ComplaintStatus, ReassessmentOutcome

MAX_TEXT = 20_000

NEEDS_NEW_DECISION = (
    "Træf først den nye afgørelse under «Træf ny afgørelse», og send den. Når klagen giver helt eller "
    "delvist medhold, er ændringen en ny afgørelse med eget brev og klagevejledning (retssikkerhedslovens "
    "§ 66). Registrér derefter genvurderingen her."
)


def reassessment_new_decision(complaint: Complaint) -> Decision | None:
    """The newest decision sent after the one complained about, on or after the day the complaint came."""
    complained = complaint.decision.sent_at
    later = complaint.case.decisions.filter(sent_at__isnull=False)
    if complained is not None:
        later = later.filter(sent_at__gt=complained)
    latest = later.exclude(pk=complaint.decision_id).order_by("-sent_at", "-pk").first()
    if latest is None or latest.sent_at is None:
        return None
    return latest if timezone.localdate(latest.sent_at) >= complaint.received_on else None


def late_complaint_unresolved(complaint: Complaint) -> bool:
    """A late complaint is handled only once the caseworker has accepted it (RSL § 67; FVL)."""
    return not complaint.in_time and complaint.late_accepted is not True


def _errors(
    complaint: Complaint, outcome: str, reasons: str, new_information: str, new_decision: Decision | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome not in ReassessmentOutcome.values:
        errors["outcome"] = "Vælg, om afgørelsen ændres fuldt ud, ændres delvist eller fastholdes."
    elif outcome in (ReassessmentOutcome.CHANGED, ReassessmentOutcome.PARTLY_CHANGED):
        if new_decision is None:
            errors["outcome"] = NEEDS_NEW_DECISION
    elif new_decision is not None:
        errors["outcome"] = (
            f"Der er sendt en ny afgørelse i sagen efter klagen (den {new_decision.sent_at:%d.%m.%Y}). "
            "Vælg «ændres fuldt ud» eller «ændres delvist», så genvurderingen og den nye afgørelse hænger "
            "sammen."
        )
    if not reasons.strip():
        errors["reasons"] = (
            "Skriv begrundelsen for genvurderingen: hvad klagen siger, og hvorfor afgørelsen ændres eller "
            "fastholdes. Den står i genvurderingen, som personen og Ankestyrelsen får."
        )
    elif len(reasons) > MAX_TEXT:
        errors["reasons"] = f"Begrundelsen må højst være {MAX_TEXT:,} tegn.".replace(",", ".")
    if len(new_information) > MAX_TEXT:
        errors["new_information"] = f"De nye oplysninger må højst fylde {MAX_TEXT:,} tegn.".replace(",", ".")
    return errors


def complaint_reassess(
    *, user: User, complaint: Complaint, outcome: str, reasons: str, new_information: str = ""
) -> Complaint:
    """Record the re-assessment and compose its letter; a full change sends it and closes the complaint.

    Until the complaint is forwarded, a re-assessment may be recorded again (its unsent letter follows).
    """
    require_caseworker(user, complaint.case)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=complaint.case_id)
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("case", "decision")
            .get(pk=complaint.pk)
        )
        if complaint.status != ComplaintStatus.OPEN or case.status != CaseStatus.COMPLAINT:
            raise ValidationError(
                f"Klagen kan ikke genvurderes nu: den har status «{complaint.get_status_display()}»."
            )
        if late_complaint_unresolved(complaint):
            raise ValidationError(
                "Klagen er modtaget efter klagefristen. Tag først stilling til, om den for sene klage "
                "skal behandles alligevel."
            )
        new_decision = reassessment_new_decision(complaint)
        errors = _errors(complaint, outcome, reasons, new_information, new_decision)
        if errors:
            raise ValidationError(errors)
        today = timezone.localdate()
        complaint.reassessment_outcome = outcome
        complaint.reassessment_reasons = reasons.strip()
        complaint.new_information = new_information.strip()
        complaint.reassessed_on = today
        complaint.reassessed_by = user
        complaint.new_decision = new_decision if outcome != ReassessmentOutcome.UPHELD else None
        complaint.case = case
        subject, body = reassessment_letter(complaint)
        letter = complaint.reassessment_letter
        if letter is None or letter.is_sent:
            letter = letters.letter_create(
                case=case,
                kind=LetterKind.REASSESSMENT,
                subject=subject,
                body=body,
                confidentiality=Confidentiality.HEALTH,
                recipient=Recipient.PERSON,
            )
        else:
            letter = letters.letter_edit(letter=letter, user=user, subject=subject, body=body)
        if outcome == ReassessmentOutcome.CHANGED:
            letter = letters.letter_send(letter=letter, user=user)
            complaint.status = ComplaintStatus.CHANGED
            reassessment_deadline_meet(case, timezone.now())
            case_transition(case, CaseStatus.DECIDED)
        complaint.reassessment_letter = letter
        complaint.save()
        case_event_record(
            case,
            EventType.COMPLAINT_REASSESSED,
            user,
            on=today.isoformat(),
            complaint_id=complaint.pk,
            round=complaint.round,
            outcome=outcome,
            decision_id=complaint.new_decision_id,
        )
    return complaint


def reassessment_deadline_meet(case: Case, at: dt.datetime) -> None:
    case.deadlines.filter(kind=DeadlineKind.REASSESSMENT, met_at__isnull=True).update(met_at=at)
