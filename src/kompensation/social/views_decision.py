"""The decision page of a case under Serviceloven. Thin: parse the form, call the drafting service, and go
on to the shared letter page (`cases:decision_letter`), where the letter is edited and sent."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases.lifecycle import can_decide
from kompensation.cases.models import Case
from kompensation.cases.selectors import case_decision_heading
from kompensation.rules import social as rules

from .decisions import social_decision_draft
from .forms_decision import SocialDecisionForm
from .selectors import circle_rows, decision_initial, measurement_for


def _case(request: HttpRequest, pk: int, **kwargs: object) -> Case:
    """Any case by pk, for the rule to judge."""
    case = Case.objects.select_related("person", "municipality").filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


@permission_required("social.change_social_case", obj=_case)
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    case = _case(request, pk)
    if case.scheme_config.decision_url != "social:decision":
        # A personal-assistance case is decided on its own page.
        return redirect(case.scheme_config.decision_url, pk=case.pk)
    today = timezone.localdate()
    posted = request.method == "POST"
    form = SocialDecisionForm(
        request.POST if posted else None,
        initial=decision_initial(case=case, today=today),
        scheme=case.scheme_config,
    )
    if posted and form.is_valid():
        try:
            social_decision_draft(case=case, user=user, data=form.decision_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Afgørelsen er gemt. Gennemlæs brevet, og send det.")
            return redirect("cases:decision_letter", pk=case.pk)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: afgørelse",
        request=request,
        health=True,
    )
    rows, circle = circle_rows(case=case)
    measurement = measurement_for(case=case, today=today) if case.scheme_config.measured else None
    return render(
        request,
        "social/decision.html",
        {
            "case": case,
            "form": form,
            "heading": case_decision_heading(case=case),
            "may_decide": can_decide(case.status),
            "circle_rows": rows,
            "circle": circle,
            "measurement": measurement,
            "measurement_rows": [(a, rules.CATEGORY_LABELS[a.category]) for a in measurement.activities]
            if measurement
            else [],
            "trials": case.aid_trials.select_related("supplier").all(),
            "hearings": case.hearings.all(),
        },
        status=400 if posted else 200,
    )
