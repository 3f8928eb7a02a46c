"""The manager's start page: the team's open cases and overdue deadlines, this quarter's decisions and
payouts. Read-only management information; supervision (sampling, reviews) comes later."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.accounts.permissions import permission_required
from kompensation.payments.selectors import payouts_in_period
from kompensation.rules.payments import quarter_bounds, quarter_of

from . import selectors
from .models import Outcome


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
            "decisions": [(Outcome(key).label, count) for key, count in decisions.items()],
            "decisions_total": sum(decisions.values()),
            "payouts": payouts_in_period(user=user, start=start, end=end),
        },
    )
