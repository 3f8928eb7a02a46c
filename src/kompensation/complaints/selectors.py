"""Reads of complaints, always through the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kompensation.accounts.models import User
from kompensation.cases.models import Case

from .models import LIVE_COMPLAINT_STATUSES, Complaint
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
