"""The manager's start page: the team's open cases and overdue deadlines (overdue follow-ups and open
change reports among them), this quarter's decisions and payouts, the complaint steps to watch (overdue
re-assessments and remands), and the share of first reassessments held on time. Read-only management
information; supervision (sampling, reviews) comes later."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.accounts.permissions import permission_required
from kompensation.followup.supervision import first_reassessments_on_time
from kompensation.payments.selectors import payouts_in_period
from kompensation.rules.payments import quarter_bounds, quarter_of

from . import overview_selectors, selectors
from .models import CaseStatus, DeadlineKind, Outcome


@permission_required("cases.use_overview")
def overview(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    start, end = quarter_bounds(year, quarter)
    team = selectors.overview_caseworkers(user=user, today=today)
    decisions = selectors.overview_decisions(user=user, start=start, end=end)
    return render(
        request,
        "cases/overview.html",
        {
            "today": today,
            "quarter": f"{quarter}. kvartal {year}",
            "start": start,
            "end": end,
            "team": team,
            "team_open": sum(row.open_cases for row in team),
            "team_overdue": sum(row.overdue for row in team),
            "team_follow_ups_overdue": sum(row.follow_ups_overdue for row in team),
            "team_change_reports": sum(row.change_reports for row in team),
            "first_reassessments": first_reassessments_on_time(user=user, today=today),
            "decisions": [(Outcome(key).label, count) for key, count in decisions.items()],
            "decisions_total": sum(decisions.values()),
            "payouts": payouts_in_period(user=user, start=start, end=end),
            "complaints": overview_selectors.overview_complaints(user=user, today=today),
            "overdue_steps": overview_selectors.overview_overdue_complaint_steps(user=user, today=today),
            "links": _complaint_links(),
        },
    )


def _complaint_links() -> dict[str, str]:
    """The inbox, filtered to the cases behind each complaint and follow-up figure (the whole team's, not
    only mine)."""
    inbox = reverse("cases:inbox")

    def link(**params: str) -> str:
        return f"{inbox}?{urlencode(params | {'mine': 'false'})}"

    every = selectors.ALL_STATUSES
    return {
        "open_complaints": link(status=CaseStatus.COMPLAINT),
        "reassessment_overdue": link(status=every, kind=DeadlineKind.REASSESSMENT, deadline="overdue"),
        "at_appeals": link(status=CaseStatus.FORWARDED),
        "remanded": link(status=every, kind=DeadlineKind.REMAND_DECISION),
        "remanded_overdue": link(status=every, kind=DeadlineKind.REMAND_DECISION, deadline="overdue"),
        "complaints": link(status=selectors.COMPLAINTS),
        "follow_ups_overdue": link(status=every, kind=selectors.FOLLOW_UPS, deadline="overdue"),
        "change_reports": link(status=every, kind=DeadlineKind.CHANGE_REPORT),
    }
