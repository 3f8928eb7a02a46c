"""The trial page of an aids case (SEL §§ 112–113): the case's trials, start one, end the open one."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases.lifecycle import can_investigate
from kompensation.cases.models import Case

from .. import aids as services
from .. import selectors
from ..forms_aids import TrialEndForm, TrialStartForm
from ..models import AidTrial


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    """An aids case by pk, for the rule to judge; other cases have no trial page."""
    case = Case.objects.select_related("person", "municipality").filter(pk=pk).first()
    if case is None or "trial" not in case.scheme_config.steps:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def _trial(case: Case, trial_pk: int) -> AidTrial:
    trial = AidTrial.objects.select_related("case").filter(pk=trial_pk, case=case).first()
    if trial is None:
        raise Http404("Afprøvningen findes ikke på sagen.")
    return trial


@permission_required("social.read_social_case", obj=_case)
@require_safe
def trial(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _case(request, pk))


@permission_required("social.change_social_case", obj=_case)
@require_POST
def trial_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = TrialStartForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: services.trial_start(case=case, user=_user(request), data=form.cleaned_data)
    ):
        messages.success(request, "Afprøvningen er startet og står på sagens tidslinje.")
        return redirect("social:trial", pk=case.pk)
    return _page(request, case, status=400, start_form=form)


@permission_required("social.change_social_case", obj=_case)
@require_POST
def trial_end(request: HttpRequest, pk: int, trial_pk: int) -> HttpResponse:
    case = _case(request, pk)
    found = _trial(case, trial_pk)
    form = TrialEndForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: services.trial_end(trial=found, user=_user(request), data=form.cleaned_data)
    ):
        messages.success(request, "Afprøvningen er afsluttet. Resultatet indgår i afgørelsen.")
        return redirect("social:trial", pk=case.pk)
    return _page(request, case, status=400, end_form=form)


def _page(request: HttpRequest, case: Case, *, status: int = 200, **forms: Any) -> HttpResponse:
    """The trial page, logged: what a trial showed is health data."""
    user = _user(request)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: afprøvning"[:200],
        request=request,
        health=True,
    )
    trials = selectors.trials_for(case=case)
    current = selectors.open_trial(trials)
    may_work = has("social.change_social_case", user, case) and can_investigate(case.status)
    context: dict[str, Any] = {
        "case": case,
        "trials": trials,
        "open_trial": current,
        "payments": selectors.aid_payments_for(case=case),
        "may_work": may_work,
    }
    if may_work:
        # A form sent back with errors is shown as sent, even if the trials changed meanwhile.
        context["start_form"] = forms.get("start_form") or (TrialStartForm() if current is None else None)
        context["end_form"] = forms.get("end_form") or (TrialEndForm() if current is not None else None)
    return render(request, "social/trial.html", context, status=status)
