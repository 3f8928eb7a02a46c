"""The caseworker's follow-up work: the due-soon list, the follow-up page, planning and recording."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from kompensation.accounts.models import AccessLog, Role, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record
from kompensation.rules import deadlines
from kompensation.rules import followup as rules

from ..forms_plans import PlanForm, RecordForm
from ..models import Conclusion, FollowUp, FollowUpForm, FollowUpStatus, Participant
from ..selectors_plans import (
    due_group,
    follow_up_proposal_for,
    follow_up_register_hints,
    follow_ups_due,
    grant_follow_up_history,
    grant_risk_factors,
)
from ..services.plans import follow_up_plan as plan_service
from ..services.plans import legal_first_due
from ..services.records import follow_up_record as record_service

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _follow_up(request: HttpRequest, pk: int) -> FollowUp:
    """Any follow-up by pk, for the rule to judge."""
    follow_up = (
        FollowUp.objects.select_related(
            "case__person", "case__employer", "case__municipality", "grant__decision", "deadline"
        )
        .filter(pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404("Opfølgningen findes ikke, eller du har ikke adgang til den.")
    return follow_up


@permission_required("followup.use_due_list")
@require_safe
def due(request: HttpRequest) -> HttpResponse:
    """«Opfølgning»: the planned follow-ups, overdue first, then those due within 60 days, then later."""
    user = _user(request)
    # A manager has no cases of their own: the team is their view.
    team = user.role == Role.MANAGER or request.GET.get("visning") == "team"
    today = timezone.localdate()
    page = Paginator(follow_ups_due(user=user, team=team), PAGE_SIZE).get_page(request.GET.get("side"))
    rows = []
    for follow_up in page:
        days = deadlines.days_remaining(follow_up.due, today)
        rows.append({"follow_up": follow_up, "days_left": days, "group": due_group(days)})
    return render(
        request,
        "followup/due.html",
        {
            "page": page,
            "rows": rows,
            "team": team,
            "may_choose": user.role == Role.CASEWORKER,
            "query": "visning=team" if team and user.role == Role.CASEWORKER else "",
        },
    )


@permission_required("followup.read_follow_up", obj=_follow_up)
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _follow_up(request, pk))


@permission_required("followup.plan_follow_up", obj=_follow_up)
@require_POST
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(request, pk)
    form = PlanForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: plan_service(user=_user(request), follow_up=follow_up, **form.plan())
    ):
        messages.success(request, "Opfølgningen er planlagt, og fristen er flyttet.")
        return redirect("followup:detail", pk=follow_up.pk)
    return _page(request, follow_up, status=400, plan_form=form)


@permission_required("followup.record_follow_up", obj=_follow_up)
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = _follow_up(request, pk)
    form = RecordForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: record_service(
            user=_user(request),
            follow_up=follow_up,
            held_on=form.cleaned_data.get("held_on"),
            checks=form.checks(),
            conclusion=form.cleaned_data.get("conclusion") or "",
            conclusion_note=form.cleaned_data.get("conclusion_note") or "",
            next_plan=form.next_plan(),
            ending=form.ending(),
        ),
    ):
        conclusion = form.cleaned_data["conclusion"]
        if conclusion == Conclusion.ADJUSTED:
            messages.success(
                request,
                "Opfølgningen er registreret. Træf nu den nye afgørelse; den erstatter bevillingen fra sin "
                "startdato.",
            )
            return redirect("cases:decision", pk=follow_up.case_id)
        if conclusion == Conclusion.ENDED:
            messages.success(
                request,
                "Opfølgningen er registreret, og afgørelsen om ophør er sendt til personen og virksomheden.",
            )
            return redirect("cases:detail", pk=follow_up.case_id)
        messages.success(
            request,
            "Opfølgningen er registreret med et journalnotat, og næste opfølgning er planlagt. Der er ikke "
            "sendt brev: bevillingen er uændret.",
        )
        return redirect("followup:detail", pk=follow_up.pk)
    return _page(request, follow_up, status=400, record_form=form)


def _page(request: HttpRequest, follow_up: FollowUp, *, status: int = 200, **forms: Any) -> HttpResponse:
    """The follow-up page, logged: the risk profile and the record may hold health data."""
    user = _user(request)
    today = timezone.localdate()
    grant = follow_up.grant
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=follow_up.case.person_id,
        case_id=follow_up.case_id,
        object_repr=f"{follow_up.case}: {follow_up}"[:200],
        request=request,
        health=True,
    )
    seen = grant_risk_factors(grant=grant, today=today)
    ticked = set(follow_up.risk_factors) | {f.code for f in seen}
    proposal = follow_up_proposal_for(grant=grant, today=today, ticked=ticked)
    may_work = follow_up.status == FollowUpStatus.PLANNED and has(
        "followup.record_follow_up", user, follow_up
    )
    context: dict[str, Any] = {
        "follow_up": follow_up,
        "case": follow_up.case,
        "grant": grant,
        "decision": grant.decision,
        "seen": seen,
        "proposal": proposal,
        "proposal_form_label": FollowUpForm(proposal.form).label,
        "proposal_participants": [Participant(p).label for p in proposal.participants],
        "legal_due": legal_first_due(grant) if follow_up.first else None,
        "days_left": deadlines.days_remaining(follow_up.due, today),
        "history": grant_follow_up_history(follow_up=follow_up),
        "questionnaires": follow_up.questionnaires.all(),
        "may_work": may_work,
        "checks": _done_checks(follow_up),
    }
    if may_work:
        plan_form = forms.get("plan_form") or PlanForm(initial=_plan_initial(follow_up, ticked))
        record_form = forms.get("record_form") or RecordForm(
            initial=_record_initial(follow_up, ticked, proposal, today)
        )
        hints = follow_up_register_hints(follow_up=follow_up, today=today)
        context |= {
            "plan_form": plan_form,
            "record_form": record_form,
            "check_rows": [
                {
                    "check": c,
                    "answer": record_form[f"check_{c.code}"],
                    "note": record_form[f"check_{c.code}_note"],
                    "hint": hints.get(c.code),
                }
                for c in rules.SEVEN_CHECKS
            ],
        }
    return render(request, "followup/detail.html", context, status=status)


def _plan_initial(follow_up: FollowUp, ticked: set[str]) -> dict[str, Any]:
    return {
        "form": follow_up.form,
        "participants": list(follow_up.participants),
        "due": follow_up.due,
        "risk_factors": sorted(ticked),
        "reason": follow_up.plan_reason,
    }


def _record_initial(
    follow_up: FollowUp, ticked: set[str], proposal: rules.FollowUpProposal, today: dt.date
) -> dict[str, Any]:
    """The next plan starts from the proposal, counted from today."""
    proposed = rules.proposed_due(today, proposal)
    return {
        "held_on": today,
        "next_form": proposal.form,
        "next_participants": list(proposal.participants),
        "next_due": proposed,
        "next_on_change_only": proposed is None,
        "next_risk_factors": sorted(ticked),
    }


def _done_checks(follow_up: FollowUp) -> list[dict[str, str]]:
    """A held follow-up's checks in the law's order, for reading."""
    if follow_up.status != FollowUpStatus.DONE:
        return []
    rows = []
    for check in rules.SEVEN_CHECKS:
        entry = follow_up.checks.get(check.code) or {}
        rows.append(
            {
                "label": check.label,
                "answer": "Ja" if entry.get("answer") == "yes" else "Nej",
                "note": entry.get("note", ""),
            }
        )
    return rows
