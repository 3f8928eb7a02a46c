"""The manager's start page, checked by hand on a small world: two Herning caseworkers, an unassigned
case, and a Viborg case that must never count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import services
from kompensation.cases.models import Case, CaseStatus, Deadline, DeadlineKind, Decision, Grant
from kompensation.payments.models import PaymentRequest, Payout, RequestStatus
from kompensation.rules.payments import quarter_bounds, quarter_of
from tests import factories

pytestmark = pytest.mark.django_db


def _register(user: Any) -> Case:
    return services.application_register_paper(
        user=user,
        data=factories.paper_data(
            cpr=factories.register_person(code=user.municipality.code), cvr=factories.register_company()
        ),
        assistants=factories.ASSISTANT,
    )


def _due(case: Case, kind: str, due: dt.date) -> None:
    Deadline.objects.filter(case=case, kind=kind).update(due=due)


def _payout(
    grant: Grant, month: int, gross: str, offset: str = "0", *, at: dt.datetime | None = None
) -> None:
    start = dt.date(2020, month, 1)
    request = PaymentRequest.objects.create(
        grant=grant,
        municipality=grant.case.municipality,
        employer=grant.case.employer,
        period_start=start,
        period_end=start + dt.timedelta(days=27),
        mode="detailed",
        status=RequestStatus.APPROVED,
        created_by=grant.decision.decided_by,
        requested_total=Decimal(gross),
        approved_total=Decimal(gross),
    )
    payout = Payout.objects.create(
        request=request, gross=Decimal(gross), offset=Decimal(offset), net=Decimal(gross) - Decimal(offset)
    )
    if at is not None:
        Payout.objects.filter(pk=payout.pk).update(created_at=at)


@pytest.fixture
def world(granted_case: Case, herning_caseworker: Any) -> dict[str, Any]:
    today = timezone.localdate()
    start, _ = quarter_bounds(*quarter_of(today))
    last_quarter = timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=1), dt.time(12)))
    anna = herning_caseworker
    bo = factories.user(Role.CASEWORKER, username="bo")
    factories.user(Role.CASEWORKER, username="cecilie")  # on the team, no cases
    viborg_cw = factories.caseworker("791")

    # Anna: the granted case (decided this quarter), two open cases.
    a3 = granted_case
    a1, a2 = _register(anna), _register(anna)
    _due(a1, DeadlineKind.DECISION, today - dt.timedelta(days=10))  # overdue
    _due(a2, DeadlineKind.DECISION, today - dt.timedelta(days=2))  # overdue
    _due(a3, DeadlineKind.FIRST_FOLLOW_UP, today - dt.timedelta(days=5))  # overdue, on a decided case
    # Bo: one open case with its target ahead, one overdue deadline already met, and a refused case.
    b1 = _register(bo)
    Deadline.objects.create(
        case=b1, kind=DeadlineKind.HEARING_RESPONSE, due=today - dt.timedelta(days=20), met_at=timezone.now()
    )
    b2 = _register(bo)
    Case.objects.filter(pk=b2.pk).update(status=CaseStatus.DECIDED)
    Deadline.objects.filter(case=b2).update(met_at=timezone.now())
    Decision.objects.create(case=b2, outcome="refusal", reasons="x", decided_by=bo, sent_at=timezone.now())
    Decision.objects.create(
        case=b2, outcome="partial_grant", reasons="x", decided_by=bo, sent_at=last_quarter
    )
    Decision.objects.create(case=b1, outcome="grant", reasons="udkast", decided_by=bo)  # a draft: not sent
    # Unassigned, overdue by one day.
    u1 = _register(anna)
    Case.objects.filter(pk=u1.pk).update(caseworker=None)
    _due(u1, DeadlineKind.DECISION, today - dt.timedelta(days=1))
    # Viborg: open, overdue, decided and paid; none of it is Herning's.
    v1 = _register(viborg_cw)
    _due(v1, DeadlineKind.DECISION, today - dt.timedelta(days=30))
    v2 = _register(viborg_cw)
    viborg_decision = Decision.objects.create(
        case=v2,
        outcome="grant",
        hours_per_week=Decimal("5"),
        start_date=dt.date(2020, 1, 1),
        reasons="x",
        decided_by=viborg_cw,
        sent_at=timezone.now(),
    )
    _payout(Grant.objects.create(decision=viborg_decision, case=v2), 1, "5000.00")
    # Herning's payouts: two this quarter, one last quarter.
    grant = a3.grants.get()
    _payout(grant, 1, "1234.50")
    _payout(grant, 3, "2000.00", "250.00")
    _payout(grant, 5, "999.00", at=last_quarter)
    return {"anna": anna, "bo": bo, "today": today}


def test_overview_counts_by_hand(world: dict[str, Any]) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("cases:overview"))
    assert response.status_code == 200
    today = world["today"]
    team = {row.name: (row.open_cases, row.overdue, row.oldest_overdue) for row in response.context["team"]}
    assert team == {
        # a1, a2 open (a3 decided); overdue: a1 (-10), a2 (-2), a3's follow-up (-5): 3, oldest today-10.
        world["anna"].display_name: (2, 3, today - dt.timedelta(days=10)),
        # b1 open (b2 decided); b1's past hearing deadline was met, so nothing is overdue.
        "Bo": (1, 0, None),
        "Cecilie": (0, 0, None),
        # u1: open, decision target one day past.
        "Ufordelt": (1, 1, today - dt.timedelta(days=1)),
    }
    assert response.context["team_open"] == 4 and response.context["team_overdue"] == 4
    # Sent this quarter in Herning: the granted case's grant and b2's refusal. Not the partial grant sent
    # last quarter, not b1's unsent draft, not Viborg's grant.
    assert dict(response.context["decisions"]) == {
        "Bevilling": 1,
        "Delvis bevilling": 0,
        "Afslag": 1,
        "Ophør af bevilling": 0,
    }
    payouts = response.context["payouts"]
    # 1.234,50 + 2.000,00 = 3.234,50 granted; net 1.234,50 + (2.000,00 - 250,00) = 2.984,50. Not the
    # 999,00 of last quarter, not Viborg's 5.000,00.
    assert (payouts.count, payouts.gross, payouts.net) == (2, Decimal("3234.50"), Decimal("2984.50"))
    html = response.content.decode()
    assert "3.234,50 kr." in html and "2.984,50 kr." in html
    assert "table--responsive-headers" in html and 'data-title="Åbne sager"' in html
    assert 'href="/sager/overblik/">Overblik</a>' in html  # the nav link


def test_only_the_manager_has_the_overview(world: dict[str, Any]) -> None:
    for user in (world["anna"], factories.user(Role.PAYMENT_OFFICER, code="657")):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("cases:overview")).status_code == 403
        assert "Overblik" not in client.get(reverse("cases:inbox")).content.decode()
