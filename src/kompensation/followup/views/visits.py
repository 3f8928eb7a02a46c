"""Views: inspection visits («Tilsyn»). Caseworkers plan, record and cancel; managers read.

The list names companies only; the visit page and the planning form name the persons whose grants the
visit concerns, so they write the access log.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kompensation.accounts.models import User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record_cases
from kompensation.cases.models import Case, Employer

from .. import visit_selectors as selectors
from ..models import InspectionVisit, VisitStatus
from ..services import visits as services
from ..visit_forms import EmployerSearchForm, VisitCancelForm, VisitPlanForm, VisitRecordForm

# The list's filter: ?type=anmeldt or ?type=uanmeldt.
TYPE_FILTERS = {"anmeldt": True, "uanmeldt": False}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _visit(request: HttpRequest, pk: int, **kwargs: Any) -> InspectionVisit:
    visit = InspectionVisit.objects.filter(pk=pk).first()
    if visit is None:
        raise Http404("Tilsynsbesøget findes ikke, eller du har ikke adgang til det.")
    return visit


def _log_cases(request: HttpRequest, cases: list[Case]) -> None:
    unique = list({case.pk: case for case in cases}.values())
    access_log_record_cases(user=_user(request), cases=unique, request=request)


@permission_required("followup.list_visits")
@require_GET
def visits(request: HttpRequest) -> HttpResponse:
    """The municipality's visits: planned first, then held, then cancelled; announced or unannounced."""
    kind = request.GET.get("type", "")
    if kind not in TYPE_FILTERS:
        kind = ""
    rows = selectors.visit_list(user=_user(request), announced=TYPE_FILTERS.get(kind))
    page = Paginator(rows, 25).get_page(request.GET.get("side"))
    filters = [("", "Alle"), ("anmeldt", "Anmeldte"), ("uanmeldt", "Uanmeldte")]
    return render(
        request,
        "followup/visits.html",
        {
            "page": page,
            "kind": kind,
            "filters": filters,
            "may_plan": has("followup.plan_visit", request.user),
        },
    )


@permission_required("followup.plan_visit")
def visit_new(request: HttpRequest) -> HttpResponse:
    """Plan a visit: first find the company (by CVR or name), then tick the grants and choose the rest."""
    user = _user(request)
    today = timezone.localdate()
    cvr = (request.POST.get("cvr") or request.GET.get("cvr") or "").strip()
    if cvr:
        employer = selectors.visit_employer(user=user, cvr=cvr, today=today)
        if employer is not None:
            return _plan(request, employer)
        messages.error(
            request, "Virksomheden har ingen bevillinger i kommunen, som et tilsynsbesøg kan handle om."
        )
    search = EmployerSearchForm(request.GET if "q" in request.GET else None)
    matches = (
        selectors.visit_employers(user=user, q=search.cleaned_data["q"], today=today)
        if search.is_bound and search.is_valid()
        else []
    )
    return render(
        request,
        "followup/visit_new.html",
        {"search": search, "matches": matches, "searched": search.is_bound},
        status=400 if request.method == "POST" else 200,
    )


def _plan(request: HttpRequest, employer: Employer) -> HttpResponse:
    user = _user(request)
    grants = selectors.visit_grants_eligible(
        municipality_id=user.municipality_id, employer=employer, today=timezone.localdate()
    )
    posted = request.method == "POST"
    choices = list(grants)
    initial: dict[str, Any] = {"announced": "yes"}
    # From a case page (?sag=…) that case's grants are ticked; the company's only grant always is.
    case_pk = request.GET.get("sag", "")
    if case_pk.isdigit():
        initial["grants"] = [g.pk for g in choices if g.case_id == int(case_pk)]
    elif len(choices) == 1:
        initial["grants"] = [choices[0].pk]
    form = VisitPlanForm(request.POST if posted else None, grants=grants, initial=initial)
    created: list[InspectionVisit] = []

    def plan() -> None:
        data = form.cleaned_data
        created.append(
            services.visit_plan(
                user=user,
                employer=employer,
                grants=data["grants"],
                announced=data["announced"] == "yes",
                planned_on=data["planned_on"],
                purpose=data["purpose"],
            )
        )

    if posted and form.is_valid() and form.run_service(plan):
        visit = created[0]
        kind = "anmeldte" if visit.announced else "uanmeldte"
        messages.success(request, f"Det {kind} tilsynsbesøg hos {employer.name} er planlagt.")
        return redirect("followup:visit", pk=visit.pk)
    _log_cases(request, [g.case for g in choices])
    return render(
        request,
        "followup/visit_new.html",
        {"employer": employer, "form": form, "grant_count": len(choices)},
        status=400 if posted else 200,
    )


@permission_required("followup.read_visit", obj=_visit)
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit: what it concerns, its record; a caseworker records it as held or cancels it (POST)."""
    user = _user(request)
    row = selectors.visit_get_visible(user=user, pk=pk)
    today = timezone.localdate()
    record_form = VisitRecordForm(initial={"held_on": min(row.planned_on, today)})
    cancel_form = VisitCancelForm()
    status = 200
    if request.method == "POST":
        if not has("followup.record_visit", user, row):
            raise PermissionDenied("Kun kommunens sagsbehandlere kan registrere og aflyse tilsynsbesøg.")
        if request.POST.get("handling") == "aflys":
            cancel_form = VisitCancelForm(request.POST)
            done = cancel_form.is_valid() and cancel_form.run_service(
                lambda: services.visit_cancel(
                    user=user, visit=row, reason=cancel_form.cleaned_data["reason"]
                ),
            )
            success = "Besøget er aflyst."
        else:
            record_form = VisitRecordForm(request.POST)
            done = record_form.is_valid() and record_form.run_service(lambda: _record(user, row, record_form))
            success = "Besøget er registreret som holdt."
        if done:
            messages.success(request, success)
            return redirect("followup:visit", pk=row.pk)
        status = 400
    grants = selectors.visit_grants(visit=row)
    _log_cases(request, [g.case for g in grants])
    return render(
        request,
        "followup/visit.html",
        {
            "visit": row,
            "grants": grants,
            "record_form": record_form,
            "cancel_form": cancel_form,
            "planned": row.status == VisitStatus.PLANNED,
            "may_record": has("followup.record_visit", user, row),
            "list_url": reverse("followup:visits"),
        },
        status=status,
    )


def _record(user: User, visit: InspectionVisit, form: VisitRecordForm) -> InspectionVisit:
    data = form.cleaned_data
    return services.visit_record(
        user=user,
        visit=visit,
        held_on=data["held_on"],
        visitors=data["visitors"],
        met=data["met"],
        findings=data["findings"],
        documents_seen=data["documents_seen"],
        follow_up_needed=data["follow_up_needed"],
    )
