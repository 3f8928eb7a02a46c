"""Reads of complaints, always through the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kompensation import formats
from kompensation.accounts.models import User
from kompensation.cases.models import Case, CaseStatus, Decision

from .models import LIVE_COMPLAINT_STATUSES, Complainant, Complaint, ComplaintStatus
from .permissions import complaint_scope


def complaint_list_visible_to(*, user: User) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(complaint_scope(user))
        .select_related("case", "case__person", "case__employer", "decision")
        .order_by("-received_on", "-id")
    )


def complaint_get_visible(*, user: User, pk: int) -> Complaint:
    complaint = complaint_list_visible_to(user=user).filter(pk=pk).first()
    if complaint is None:
        raise Http404("Klagen findes ikke, eller du har ikke adgang til den.")
    return complaint


def case_complaints(*, case: Case) -> QuerySet[Complaint]:
    """The case's complaints, newest first (the caller has already been allowed to read the case)."""
    return case.complaints.select_related("decision").order_by("-received_on", "-id")


def case_live_complaint(*, case: Case) -> Complaint | None:
    return case.complaints.filter(status__in=LIVE_COMPLAINT_STATUSES).first()


def case_sent_decisions(*, case: Case) -> QuerySet[Decision]:
    """The decisions that can be complained about: those sent, newest first."""
    return (
        case.decisions.filter(sent_at__isnull=False)
        .select_related("letter", "employer_letter")
        .order_by("-sent_at", "-id")
    )


def case_can_receive_complaint(*, case: Case) -> bool:
    """A decision has been sent and no complaint is being handled: «Registrér klage» / «Klag»."""
    return (
        case.status == CaseStatus.DECIDED
        and case_sent_decisions(case=case).exists()
        and case_live_complaint(case=case) is None
    )


def subsidy_decision(*, case: Case) -> Decision | None:
    """The newest decision the employer got its own letter about (the subsidy), if any."""
    return case_sent_decisions(case=case).filter(employer_letter__sent_at__isnull=False).first()


def complaint_reference(complaint: Complaint) -> str:
    """The number the complainant can quote: KL-<year received>-<number>."""
    return f"KL-{complaint.received_on.year}-{complaint.pk:06d}"


def complaint_status_text(complaint: Complaint) -> str:
    """The complaint's status in the complainant's words (the person's, or the employer's)."""
    you = "virksomheden" if complaint.complainant == Complainant.EMPLOYER else "du"
    due = formats.long_date(complaint.reassessment_due)
    if complaint.status == ComplaintStatus.OPEN:
        if not complaint.in_time and complaint.late_accepted is None:
            return (
                f"Klagen kom efter fristen ({formats.long_date(complaint.complaint_deadline)}). Jobcentret "
                f"vurderer først, om den alligevel kan behandles, og giver {you} besked."
            )
        return (
            f"Jobcentret ser på afgørelsen igen. Inden den {due} ændrer jobcentret afgørelsen, eller sender "
            f"klagen til Ankestyrelsen, og {you} får besked."
        )
    texts = {
        ComplaintStatus.CHANGED: f"Jobcentret har ændret afgørelsen, og {you} har fået en ny afgørelse.",
        ComplaintStatus.FORWARDED: "Jobcentret har sendt klagen til Ankestyrelsen, som træffer afgørelse i "
        "klagesagen.",
        ComplaintStatus.APPEALS_DECIDED: "Ankestyrelsen har truffet afgørelse i klagesagen.",
        ComplaintStatus.REJECTED_LATE: f"Klagen kom for sent og bliver ikke behandlet. {you.capitalize()} "
        "har fået et brev med begrundelsen.",
        ComplaintStatus.WITHDRAWN: "Klagen er trukket tilbage.",
    }
    return texts.get(ComplaintStatus(complaint.status), complaint.get_status_display())
