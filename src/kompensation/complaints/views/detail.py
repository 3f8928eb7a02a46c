from __future__ import annotations

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record
from kompensation.rules import deadlines

from ..forms import intake_forms
from ..models import Complaint
from ..selectors import complaint_get_visible


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    complaint = (
        Complaint.objects.select_related("case", "case__person", "case__employer").filter(pk=pk).first()
    )
    if complaint is None:
        raise Http404("Klagen findes ikke, eller du har ikke adgang til den.")
    return complaint


@permission_required("complaints.read_complaint", obj=_complaint)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The caseworker's page for one complaint: intake, re-assessment, forwarding and Ankestyrelsen."""
    return complaint_page(request, complaint_get_visible(user=cast(User, request.user), pk=pk))


def complaint_page(
    request: HttpRequest, complaint: Complaint, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The complaint page, logged; a part's view re-renders it with its bound form (`extra`) on an error."""
    user = cast(User, request.user)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=complaint.case.person_id,
        case_id=complaint.case_id,
        object_repr=str(complaint),
        request=request,
    )
    today = timezone.localdate()
    context = {
        "complaint": complaint,
        "case": complaint.case,
        "reassessment_days_left": deadlines.days_remaining(complaint.reassessment_due, today),
        **intake_forms(),
        **extra,
    }
    return render(request, "complaints/detail.html", context, status=status)
