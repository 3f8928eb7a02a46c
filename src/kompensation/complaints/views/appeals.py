"""Ankestyrelsen's steps as the municipality learns them: receipt, caseworker assigned, decision."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from kompensation.accounts.permissions import permission_required

from ..forms_casework import (
    AppealsAssignedForm,
    AppealsDateCorrectionForm,
    AppealsDecidedForm,
    AppealsReceivedForm,
)
from ..services import (
    complaint_appeals_assigned,
    complaint_appeals_date_correct,
    complaint_appeals_decided,
    complaint_appeals_received,
)
from ._common import form_page, user_of, visible
from .detail import _complaint


@permission_required("complaints.handle_complaint", obj=_complaint)
def appeals_received(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = visible(request, pk)
    form = AppealsReceivedForm(request.POST or None)
    return form_page(
        request,
        complaint,
        form,
        lambda: complaint_appeals_received(user=user_of(request), complaint=complaint, **form.cleaned_data),
        heading="Modtaget i Ankestyrelsen",
        submit="Registrér modtagelsen",
        success="Ankestyrelsens modtagelse er registreret.",
    )


@permission_required("complaints.handle_complaint", obj=_complaint)
def appeals_assigned(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = visible(request, pk)
    form = AppealsAssignedForm(request.POST or None)
    return form_page(
        request,
        complaint,
        form,
        lambda: complaint_appeals_assigned(user=user_of(request), complaint=complaint, **form.cleaned_data),
        heading="Sagsbehandler tildelt i Ankestyrelsen",
        submit="Registrér datoen",
        success="Datoen er registreret.",
    )


@permission_required("complaints.handle_complaint", obj=_complaint)
def appeals_decided(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = visible(request, pk)
    form = AppealsDecidedForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        complaint,
        form,
        lambda: complaint_appeals_decided(
            user=user_of(request),
            complaint=complaint,
            on=form.cleaned_data["on"],
            outcome=form.cleaned_data["outcome"],
            upload=form.cleaned_data["upload"],
            remand_received_on=form.cleaned_data.get("remand_received_on"),
        ),
        heading="Ankestyrelsens afgørelse",
        submit="Registrér afgørelsen",
        success="Ankestyrelsens afgørelse er registreret.",
    )


@permission_required("complaints.handle_complaint", obj=_complaint)
def appeals_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a recorded Ankestyrelsen date, with a reason, until Ankestyrelsen's decision is recorded."""
    complaint = visible(request, pk)
    form = AppealsDateCorrectionForm(request.POST or None)
    return form_page(
        request,
        complaint,
        form,
        lambda: complaint_appeals_date_correct(
            user=user_of(request), complaint=complaint, **form.cleaned_data
        ),
        heading="Ret en dato fra Ankestyrelsen",
        submit="Ret datoen",
        success="Datoen er rettet. Den oprindelige registrering står stadig i sagens historik.",
    )
