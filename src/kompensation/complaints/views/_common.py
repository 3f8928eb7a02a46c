"""What the re-assessment, forwarding and Ankestyrelsen pages share: the form page and running a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.services import access_log_record
from kompensation.cases.forms import DkfdsForm

from ..models import Complaint
from ..selectors import complaint_get_visible


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def visible(request: HttpRequest, pk: int) -> Complaint:
    return complaint_get_visible(user=user_of(request), pk=pk)


def log_view(request: HttpRequest, complaint: Complaint, page: str) -> None:
    """The complaint's pages show the complaint and the re-assessment: health data."""
    access_log_record(
        user=user_of(request),
        action=AccessLog.Action.VIEW,
        person_id=complaint.case.person_id,
        case_id=complaint.case_id,
        object_repr=f"{complaint}: {page}"[:200],
        request=request,
        health=True,
    )


def run(form: DkfdsForm, action: Callable[[], object]) -> bool:
    """Call the service; its errors land on the form, so nothing the user typed is lost."""
    try:
        action()
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    return True


def form_page(
    request: HttpRequest,
    complaint: Complaint,
    form: DkfdsForm,
    action: Callable[[], object],
    *,
    heading: str,
    submit: str,
    success: str,
    template: str = "complaints/casework_form.html",
    **extra: Any,
) -> HttpResponse:
    """GET shows the form on its own page; a valid POST runs the service and returns to the complaint."""
    if request.method == "POST" and form.is_valid() and run(form, action):
        messages.success(request, success)
        return redirect("complaints:detail", pk=complaint.pk)
    log_view(request, complaint, heading)
    context = {
        "complaint": complaint,
        "case": complaint.case,
        "form": form,
        "heading": heading,
        "submit": submit,
        **extra,
    }
    return render(request, template, context, status=400 if request.method == "POST" else 200)
