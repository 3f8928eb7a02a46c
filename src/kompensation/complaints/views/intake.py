"""Complaint intake for the caseworker: register a complaint, assess a late one, record a withdrawal."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases import selectors as case_selectors
from kompensation.cases.models import Case, Decision
from kompensation.formats import number

from .. import selectors, services
from ..forms import ComplaintRegisterForm, LateAssessmentForm, WithdrawForm
from ..models import Complaint
from .detail import _complaint, complaint_page


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case(request: HttpRequest, case_pk: int, **kwargs: Any) -> Case:
    case = Case.objects.select_related("person", "employer").filter(pk=case_pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def _decision_label(decision: Decision) -> str:
    label = decision.get_outcome_display()
    if decision.hours_per_week is not None:
        label += f", {number(decision.hours_per_week)} timer/uge"
    assert decision.sent_at is not None
    return f"{label} – sendt {decision.sent_at:%d.%m.%Y}"


@permission_required("complaints.register_complaint", obj=_case)
def register(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A complaint that came by letter, e-mail or orally; the scanned letter goes on the case."""
    user = _user(request)
    case = case_selectors.case_get_visible(user=user, pk=case_pk)
    decisions = {d.pk: d for d in selectors.case_sent_decisions(case=case)}
    latest = next(iter(decisions.values()), None)
    initial: dict[str, Any] = {"complainant": "person"}
    if latest is not None:
        initial["decision"] = latest.pk
        initial["decision_received_on"] = services.decision_receipt_date(
            decision=latest, complainant="person"
        )
    posted = request.method == "POST"
    form = ComplaintRegisterForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=initial,
        decision_choices=[(pk, _decision_label(d)) for pk, d in decisions.items()],
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_register(
                user=user,
                decision=decisions[data["decision"]],
                complainant=data["complainant"],
                channel=data["channel"],
                received_on=data["received_on"],
                text=data["text"],
                decision_received_on=data.get("decision_received_on"),
                upload=data.get("upload"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Klagen er registreret, og klageren får en kvittering."
                + ("" if complaint.in_time else " Klagen kom efter fristen: vurdér, om den kan behandles."),
            )
            return redirect("complaints:detail", pk=complaint.pk)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: registrér klage",
        request=request,
    )
    return render(
        request,
        "complaints/register.html",
        {
            "case": case,
            "form": form,
            "live": selectors.case_live_complaint(case=case),
            "has_decision": latest is not None,
        },
        status=400 if posted else 200,
    )


def _own(request: HttpRequest, pk: int) -> Complaint:
    return selectors.complaint_get_visible(user=_user(request), pk=pk)


@permission_required("complaints.handle_complaint", obj=_complaint)
@require_POST
def assess_late(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _own(request, pk)
    form = LateAssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_assess_late(
                user=_user(request),
                complaint=complaint,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if form.cleaned_data["accept"]:
                messages.success(request, "Klagen behandles, selv om den kom for sent.")
            else:
                messages.success(request, "Klagen er afvist som for sen, og klageren får et brev om det.")
            return redirect("complaints:detail", pk=complaint.pk)
    return complaint_page(request, complaint, status=400, late_form=form)


@permission_required("complaints.handle_complaint", obj=_complaint)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _own(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_withdraw(
                user=_user(request),
                complaint=complaint,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Klagen er registreret som trukket tilbage. Sagen er afgjort som før.")
            return redirect("complaints:detail", pk=complaint.pk)
    return complaint_page(request, complaint, status=400, withdraw_form=form)
