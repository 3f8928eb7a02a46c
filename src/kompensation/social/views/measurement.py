"""The personal circle and the measurement of a § 95 or § 96 case: the caseworker's working pages.

Reading them is `social.read_social_case` (a manager may read); posting is `social.change_social_case` (a
caseworker of the case's municipality). The explanation the decision needs — task by task, why, and the
whole need — is what the caseworker types here; the totals and the law's findings come from
`rules.social` on every read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases.models import Case
from kompensation.cases.schemes import SOCIAL_SCHEMES, scheme_of
from kompensation.rules import social as rules

from .. import selectors, services
from ..forms_measurement import ActivityForm, CircleForm, FactsForm
from ..models import Activity, MeasurementFacts

ViewFunc = Callable[..., HttpResponse]
NOT_FOUND = "Siden findes ikke for denne sag, eller du har ikke adgang til den."
# The value of the hidden field that says which of the measurement page's forms was posted.
FACTS = "forudsaetninger"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    """Any case by pk, for the rule to judge."""
    case = Case.objects.select_related("person", "municipality").filter(pk=pk).first()
    if case is None:
        raise Http404(NOT_FOUND)
    return case


def read_or_change(view: ViewFunc) -> ViewFunc:
    """GET reads the page (`social.read_social_case`); POST changes it (`social.change_social_case`)."""
    read = permission_required("social.read_social_case", obj=_case)(view)
    change = permission_required("social.change_social_case", obj=_case)(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = (change if request.method == "POST" else read)(request, *args, **kwargs)
        return response

    wrapped.permission = "social.read_social_case"  # type: ignore[attr-defined]  # POST: change_social_case
    return wrapped


def _step_case(request: HttpRequest, pk: int, step: str) -> Case:
    """The case, if its scheme has this step (a PA case has no personal circle; an aid no measurement)."""
    case = _case(request, pk)
    if case.scheme not in SOCIAL_SCHEMES or step not in scheme_of(case.scheme).steps:
        raise Http404(NOT_FOUND)
    return case


def _may_change(user: User, case: Case) -> bool:
    return has("social.change_social_case", user, case) and services.social_case_editable(case)


def _log(request: HttpRequest, case: Case, page: str) -> None:
    """The pages hold the person's impairment and daily life: health data, logged as such."""
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: {page}",
        request=request,
        health=True,
    )


# --- the personal circle ----------------------------------------------------------------------------------


@read_or_change
def circle(request: HttpRequest, pk: int) -> HttpResponse:
    case = _step_case(request, pk, "circle")
    user = _user(request)
    criteria = rules.CIRCLE[case.scheme]  # type: ignore[index]
    answers = {a.criterion: a for a in case.circle_answers.all()}
    posted = request.method == "POST"
    form = CircleForm(request.POST if posted else None, criteria=criteria, answers=answers)
    if posted:
        if form.is_valid() and not form.answers():
            form.add_error(None, "Vælg en vurdering ved mindst ét kriterium.")
        elif form.is_valid() and form.run_service(
            lambda: services.circle_assess(case=case, user=user, answers=form.answers())
        ):
            messages.success(request, "Vurderingen af personkredsen er gemt.")
            return redirect("social:circle", pk=case.pk)
    rows, result = selectors.circle_rows(case=case)
    _log(request, case, "personkreds")
    return render(
        request,
        "social/circle.html",
        {
            "case": case,
            "scheme": case.scheme_config,
            "form": form,
            "rows": rows,
            "result": result,
            "may_change": _may_change(user, case),
        },
        status=400 if posted else 200,
    )


# --- the measurement --------------------------------------------------------------------------------------


def _measurement_page(
    request: HttpRequest,
    case: Case,
    *,
    activity_form: ActivityForm | None = None,
    facts_form: FactsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    view = selectors.measurement_view(case=case, today=timezone.localdate())
    _log(request, case, "udmåling")
    return render(
        request,
        "social/measurement.html",
        {
            "case": case,
            "scheme": case.scheme_config,
            "view": view,
            "m": view.measurement,
            "age": selectors.person_age(case, timezone.localdate()),
            "activity_form": activity_form or ActivityForm(),
            "facts_form": facts_form or FactsForm(scheme=case.scheme, facts=view.facts),
            "may_change": _may_change(user, case),
            "facts_value": FACTS,
        },
        status=status,
    )


@read_or_change
def measurement(request: HttpRequest, pk: int) -> HttpResponse:
    case = _step_case(request, pk, "measurement")
    if request.method != "POST":
        return _measurement_page(request, case)
    user = _user(request)
    page = reverse("social:measurement", args=[case.pk])
    if request.POST.get("handling") == FACTS:
        facts = MeasurementFacts.objects.filter(case=case).first()
        facts_form = FactsForm(request.POST, scheme=case.scheme, facts=facts)
        if facts_form.is_valid() and facts_form.run_service(
            lambda: services.measurement_facts_save(case=case, user=user, data=facts_form.data_for_service()),
        ):
            messages.success(request, "Forudsætningerne er gemt, og udmålingen er regnet igen.")
            return redirect(f"{page}#stoettebehov")
        return _measurement_page(request, case, facts_form=facts_form, status=400)
    form = ActivityForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: services.activity_save(case=case, user=user, data=form.cleaned_data)
    ):
        messages.success(request, f"Aktiviteten «{form.cleaned_data['name']}» er tilføjet udmålingen.")
        return redirect(f"{page}#aktiviteter")
    return _measurement_page(request, case, activity_form=form, status=400)


def _activity(case: Case, activity_pk: int) -> Activity:
    row = Activity.objects.filter(pk=activity_pk, case=case).first()
    if row is None:
        raise Http404(NOT_FOUND)
    return row


@read_or_change
def activity(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """One row of the measurement: read, or changed by the caseworker."""
    case = _step_case(request, pk, "measurement")
    row = _activity(case, activity_pk)
    user = _user(request)
    posted = request.method == "POST"
    form = ActivityForm(request.POST if posted else None, instance=row)
    if (
        posted
        and form.is_valid()
        and form.run_service(
            lambda: services.activity_save(case=case, user=user, data=form.cleaned_data, activity=row)
        )
    ):
        messages.success(request, f"Aktiviteten «{row.name}» er rettet.")
        return redirect(reverse("social:measurement", args=[case.pk]) + "#aktiviteter")
    _log(request, case, f"udmåling, aktivitet {row.pk}")
    return render(
        request,
        "social/activity.html",
        {
            "case": case,
            "row": row,
            "weekly_hours": row.as_rule().weekly_hours,
            "form": form,
            "may_change": _may_change(user, case),
        },
        status=400 if posted else 200,
    )


@permission_required("social.change_social_case", obj=_case)
def activity_delete(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """Deleting a row asks first (a page of its own, so it works without JavaScript)."""
    case = _step_case(request, pk, "measurement")
    row = _activity(case, activity_pk)
    page = reverse("social:measurement", args=[case.pk]) + "#aktiviteter"
    if request.method == "POST":
        name = row.name
        try:
            services.activity_delete(case=case, user=_user(request), activity=row)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(page)
        messages.success(request, f"Aktiviteten «{name}» er slettet fra udmålingen.")
        return redirect(page)
    _log(request, case, f"udmåling, slet aktivitet {row.pk}")
    return render(
        request,
        "social/activity_delete.html",
        {"case": case, "row": row, "weekly_hours": row.as_rule().weekly_hours},
    )
