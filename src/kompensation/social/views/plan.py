"""The monthly payment plan of a BPA or cash-allowance grant: every month, its amount, rates and payout."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases.models import Case

from .. import selectors


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    """A § 95 or § 96 case by pk, for the rule to judge; other cases have no plan."""
    case = Case.objects.select_related("person", "municipality").filter(pk=pk).first()
    if case is None or not case.scheme_config.measured:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


@permission_required("social.read_social_case", obj=_case)
@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = cast(User, request.user)
    # The payee may be a relative, named by CPR: the view is logged like any other view of the person.
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: udbetalingsplan"[:200],
        request=request,
        health=False,
    )
    today = timezone.localdate()
    context = {"case": case, "today": today, "panel": selectors.plan_panel(case=case, today=today)}
    return render(request, "social/plan.html", context)
