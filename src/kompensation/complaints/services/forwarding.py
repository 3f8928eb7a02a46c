"""Forwarding a complaint to Ankestyrelsen (RSL § 66) and building its package after commit."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Case, CaseStatus, Confidentiality, EventType
from kompensation.cases.services import case_event_record, case_transition, require_caseworker
from kompensation.files import file_writes
from kompensation.letters import services as letters
from kompensation.letters.models import LetterKind, Recipient

from ..casework_letters import forwarded_employer_letter, forwarded_letter
from ..models import Complainant, Complaint, ComplaintStatus, ReassessmentOutcome, package_path
from .reassessment import late_complaint_unresolved, reassessment_deadline_meet

logger = logging.getLogger(__name__)

FORWARDED_OUTCOMES = (ReassessmentOutcome.UPHELD, ReassessmentOutcome.PARTLY_CHANGED)


def complaint_forward_errors(complaint: Complaint) -> list[str]:
    """Why the complaint cannot be forwarded yet; empty when it can."""
    if complaint.status != ComplaintStatus.OPEN:
        return [f"Klagen kan ikke sendes: den har status «{complaint.get_status_display()}»."]
    errors = []
    if late_complaint_unresolved(complaint):
        errors.append(
            "Klagen er modtaget efter klagefristen. Tag først stilling til, om den skal behandles alligevel."
        )
    if complaint.reassessment_outcome not in FORWARDED_OUTCOMES:
        errors.append(
            "Genvurdér klagen først. Kun en afgørelse, der fastholdes eller kun ændres delvist, sendes til "
            "Ankestyrelsen (retssikkerhedslovens § 66)."
        )
    return errors


def complaint_forward(*, user: User, complaint: Complaint) -> Complaint:
    """Send the complaint to Ankestyrelsen today: letters now, the package after commit."""
    from ..package import case_documents
    from ..tasks import build_package

    require_caseworker(user, complaint.case)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=complaint.case_id)
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("case", "decision", "new_decision", "reassessment_letter")
            .get(pk=complaint.pk)
        )
        errors = complaint_forward_errors(complaint)
        if errors:
            raise ValidationError(errors)
        if case.status != CaseStatus.COMPLAINT:
            raise ValidationError(
                f"Sagen har status «{case.get_status_display()}» og kan ikke sendes videre."
            )
        now = timezone.now()
        today = timezone.localdate(now)
        complaint.case = case
        complaint.forwarded_on = today
        complaint.status = ComplaintStatus.FORWARDED
        reassessment = complaint.reassessment_letter
        assert reassessment is not None
        if not reassessment.is_sent:
            # The person's copy of the re-assessment goes with the forwarding letter.
            complaint.reassessment_letter = letters.letter_send(letter=reassessment, user=user)
        subject, body = forwarded_letter(complaint, document_count=len(case_documents(complaint)))
        complaint.forwarding_letter = letters.letter_send(
            letter=letters.letter_create(
                case=case,
                kind=LetterKind.COMPLAINT_FORWARDED,
                subject=subject,
                body=body,
                confidentiality=Confidentiality.HEALTH,
                recipient=Recipient.PERSON,
            ),
            user=user,
        )
        if complaint.complainant == Complainant.EMPLOYER and case.employer is not None:
            subject, body = forwarded_employer_letter(complaint)
            letters.letter_send(
                letter=letters.letter_create(
                    case=case,
                    kind=LetterKind.COMPLAINT_FORWARDED,
                    subject=subject,
                    body=body,
                    confidentiality=Confidentiality.SUBSIDY,
                    recipient=Recipient.EMPLOYER,
                ),
                user=user,
            )
        complaint.save()
        reassessment_deadline_meet(case, now)
        case_transition(case, CaseStatus.FORWARDED)
        case_event_record(
            case,
            EventType.COMPLAINT_FORWARDED,
            user,
            on=today.isoformat(),
            complaint_id=complaint.pk,
            round=complaint.round,
        )
        complaint_id = complaint.pk
        # robust: a queue that cannot take the task must not undo the forwarding; complaints_build_packages
        # (the sweep) builds it later.
        transaction.on_commit(lambda: build_package.enqueue(complaint_id), robust=True)
    return complaint


def complaint_package_build(*, complaint_id: int) -> bool:
    """Build and store the forwarding package; True if this call did. Idempotent, like `letter_render`."""
    from .. import package

    complaint = (
        Complaint.objects.select_related(
            "case",
            "case__municipality",
            "case__person",
            "case__employer",
            "decision__letter",
            "new_decision__letter",
            "reassessment_letter",
            "document",
        )
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or complaint.forwarded_on is None or complaint.package:
        return False
    try:
        pdf, manifest = package.build(complaint)
    except Exception:
        logger.exception("Oversendelsespakken for klage %s kunne ikke dannes; prøves igen.", complaint_id)
        raise
    sha256 = hashlib.sha256(pdf).hexdigest()
    with file_writes() as files, transaction.atomic():
        complaint = Complaint.objects.select_for_update().select_related("case").get(pk=complaint_id)
        if complaint.package:
            return False
        complaint.package.name = files.write(
            package_path(complaint, f"oversendelse-{complaint.pk}-{sha256[:12]}.pdf"), pdf
        )
        complaint.package_sha256 = sha256
        complaint.package_manifest = manifest
        complaint.save(update_fields=["package", "package_sha256", "package_manifest"])
    return True


def complaints_missing_package() -> list[int]:
    """Forwarded complaints whose package was never built (a lost or failed task)."""
    return list(
        Complaint.objects.filter(forwarded_on__isnull=False, package="")
        .order_by("forwarded_on", "pk")
        .values_list("pk", flat=True)
    )
