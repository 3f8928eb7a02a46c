"""Complaining on Mine sider: the person about a decision on their case, the employer about the subsidy.

Two short steps — the complaint in one's own words, then «Tjek og send» with an optional attachment — and a
receipt. The employer's pages show only the subsidy decision and its own complaint: never the person's
complaint or anything about their health.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases import selectors as case_selectors
from kompensation.cases.models import Case, Decision
from kompensation.complaints import selectors, services
from kompensation.complaints.forms import PortalAttachmentForm, PortalComplaintForm
from kompensation.complaints.models import Complainant, Complaint
from kompensation.rules import deadlines


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    case = Case.objects.select_related("person", "employer", "municipality").filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def _complaint(request: HttpRequest, pk: int, **kwargs: Any) -> Complaint:
    complaint = (
        Complaint.objects.select_related("case", "case__person", "case__employer").filter(pk=pk).first()
    )
    if complaint is None:
        raise Http404("Klagen findes ikke, eller du har ikke adgang til den.")
    return complaint


@dataclass(frozen=True)
class ComplaintOffer:
    """A decision the complainant can still complain about, and by when (RSL § 67)."""

    decision: Decision
    received_on: dt.date
    last_day: dt.date
    late: bool


def complaint_offer(*, case: Case, complainant: str, today: dt.date) -> ComplaintOffer | None:
    """The newest decision the complainant received (the employer: its subsidy letter), if no complaint is
    being handled; «Klag over afgørelsen» on «Min sag» and the employer's start page."""
    if not selectors.case_can_receive_complaint(case=case):
        return None
    if complainant == Complainant.EMPLOYER:
        decision = selectors.subsidy_decision(case=case)
    else:
        decision = selectors.case_sent_decisions(case=case).first()
    if decision is None:
        return None
    received = services.decision_receipt_date(decision=decision, complainant=complainant)
    if received is None:
        return None
    last_day = deadlines.complaint_deadline(received)
    return ComplaintOffer(decision, received, last_day, today > last_day)


def _complaint_flow(request: HttpRequest, case: Case, complainant: str) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    employer = complainant == Complainant.EMPLOYER
    offer = complaint_offer(case=case, complainant=complainant, today=today)
    context: dict[str, Any] = {
        "case": case,
        "offer": offer,
        "employer": employer,
        "live": selectors.case_live_complaint(case=case) is not None,
        "today": today,
        "reassessment_due": deadlines.reassessment_deadline(today),
    }
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"Klage over {'tilskuddet' if employer else 'afgørelsen'} i sag {case.reference}",
        request=request,
    )
    if offer is None:
        return render(request, "portal/complaint_new.html", context)
    posted = request.method == "POST"
    form = PortalComplaintForm(request.POST if posted else None, employer=employer)
    attachment = PortalAttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    context |= {"form": form, "attachment_form": attachment, "step": "text"}
    if not posted:
        return render(request, "portal/complaint_new.html", context)
    if "edit" in request.POST:
        # «Ret klagen» on the check page: back to the text, as typed.
        form = PortalComplaintForm(initial={"text": request.POST.get("text", "")}, employer=employer)
        context["form"] = form
        return render(request, "portal/complaint_new.html", context)
    if not form.is_valid():
        return render(request, "portal/complaint_new.html", context, status=400)
    if "send" not in request.POST:
        context["step"] = "check"
        return render(request, "portal/complaint_new.html", context)
    context["step"] = "check"
    if not attachment.is_valid():
        return render(request, "portal/complaint_new.html", context, status=400)
    try:
        complaint = services.complaint_file_in_portal(
            user=user,
            decision=offer.decision,
            text=form.cleaned_data["text"],
            document=attachment.cleaned_data.get("document"),
        )
    except ValidationError as error:
        _errors_to_forms(error, form, attachment)
        if form.errors:
            context["step"] = "text"
        return render(request, "portal/complaint_new.html", context, status=400)
    return redirect("portal:complaint_receipt", pk=complaint.pk)


def _errors_to_forms(
    error: ValidationError, form: PortalComplaintForm, attachment: PortalAttachmentForm
) -> None:
    """The attachment's errors beside the file field, everything else with the text."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        if field in attachment.fields:
            attachment.add_error(field, messages)
        else:
            form.add_error(field if field in form.fields else None, messages)


@permission_required("complaints.file_complaint", obj=_case)
def complaint_new(request: HttpRequest, pk: int) -> HttpResponse:
    """«Klag over afgørelsen»: the person, about a decision on their own case."""
    case = case_selectors.case_get_visible(user=_user(request), pk=pk)
    return _complaint_flow(request, case, Complainant.PERSON)


@permission_required("complaints.file_subsidy_complaint", obj=_case)
def employer_complaint_new(request: HttpRequest, pk: int) -> HttpResponse:
    """«Klag over tilskuddet»: the employer, about the subsidy decision on its CVR's case."""
    case = case_selectors.case_get_visible(user=_user(request), pk=pk)
    return _complaint_flow(request, case, Complainant.EMPLOYER)


@permission_required(
    "complaints.read_own_complaint",
    obj=_complaint,
    not_found="Klagen findes ikke, eller du har ikke adgang til den.",
)
def complaint_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt: reference, the day the complaint came, and the last day of the re-assessment."""
    user = _user(request)
    complaint = selectors.complaint_get_visible(user=user, pk=pk)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=complaint.case.person_id,
        case_id=complaint.case_id,
        object_repr=f"Kvittering for klage {selectors.complaint_reference(complaint)}",
        request=request,
    )
    return render(
        request,
        "portal/complaint_receipt.html",
        {
            "complaint": complaint,
            "case": complaint.case,
            "reference": selectors.complaint_reference(complaint),
            "status_text": selectors.complaint_status_text(complaint),
            "employer_complaint": complaint.complainant == Complainant.EMPLOYER,
        },
    )
