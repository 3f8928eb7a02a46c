"""Deadlines everywhere: overdue follow-ups and change reports in the caseworker's inbox, in the manager's
overview (with the share of first reassessments held on time), and the next follow-up on «Min sag».

Deadline, FollowUp and ChangeReport rows are written directly: the services that create them belong to
the other parts of follow-up. Every expected figure is counted by hand from the rows below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import selectors
from kompensation.cases.models import Case, Deadline, DeadlineKind, Grant
from kompensation.followup.models import FollowUp, FollowUpStatus
from kompensation.followup.supervision import first_reassessments_on_time
from tests import factories
from tests.followup.visits_world import grant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def decided(caseworker: Any, first_name: str = "Anne") -> Grant:
    """A decided case with a grant, its decision target met (so only the deadlines below are open)."""
    g = grant(caseworker, factories.register_company(), first_name=first_name)
    Deadline.objects.filter(case=g.case).update(met_at=timezone.now())
    return g


def deadline(g: Grant, kind: str, due: dt.date, *, met: bool = False) -> Deadline:
    return Deadline.objects.create(
        case=g.case, kind=kind, due=due, rule="Test", met_at=timezone.now() if met else None
    )


def inbox(user: Any, **filters: Any) -> list[Case]:
    return list(selectors.inbox_cases(user=user, filters=selectors.InboxFilters(**filters), today=TODAY))


# --- the inbox ----------------------------------------------------------------------------------------------


def test_the_inbox_shows_follow_ups_due_within_30_days_and_change_reports(herning_caseworker: Any) -> None:
    cw = herning_caseworker
    overdue_follow_up = decided(cw, "Overskredet")
    deadline(overdue_follow_up, DeadlineKind.FOLLOW_UP, days(-3))
    first_in_30_days = decided(cw, "Tredive")
    deadline(first_in_30_days, DeadlineKind.FIRST_FOLLOW_UP, days(30))
    in_31_days = decided(cw, "Enogtredive")
    deadline(in_31_days, DeadlineKind.FIRST_FOLLOW_UP, days(31))
    in_90_days = decided(cw, "Halvfems")
    deadline(in_90_days, DeadlineKind.FOLLOW_UP, days(90))
    change_report = decided(cw, "Ændring")
    deadline(change_report, DeadlineKind.CHANGE_REPORT, days(5))
    # A change report's deadline is work however far ahead it lies.
    change_report_later = decided(cw, "Senere")
    deadline(change_report_later, DeadlineKind.CHANGE_REPORT, days(60))
    # Overdue first, then soonest: -3, 5, 30, 60.
    assert inbox(cw) == [
        overdue_follow_up.case,
        change_report.case,
        first_in_30_days.case,
        change_report_later.case,
    ]
    # The whole caseload still has the follow-ups further ahead.
    assert {in_31_days.case, in_90_days.case} <= set(inbox(cw, status="alle"))


def test_a_met_deadline_leaves_the_inbox(herning_caseworker: Any) -> None:
    follow_up = decided(herning_caseworker)
    d = deadline(follow_up, DeadlineKind.FOLLOW_UP, days(-1))
    report = decided(herning_caseworker, "Bo")
    r = deadline(report, DeadlineKind.CHANGE_REPORT, days(2))
    assert inbox(herning_caseworker) == [follow_up.case, report.case]
    Deadline.objects.filter(pk__in=[d.pk, r.pk]).update(met_at=timezone.now())
    assert inbox(herning_caseworker) == []


def test_another_municipalitys_deadlines_never_appear(herning_caseworker: Any) -> None:
    viborg = decided(factories.caseworker("791"), "Vibeke")
    deadline(viborg, DeadlineKind.FOLLOW_UP, days(-10))
    deadline(viborg, DeadlineKind.CHANGE_REPORT, days(-1))
    for filters in ({}, {"mine": False}, {"status": "alle", "mine": False}, {"kind": selectors.FOLLOW_UPS}):
        assert inbox(herning_caseworker, **filters) == [], filters
    manager = factories.user(Role.MANAGER, code="657")
    assert inbox(manager, status="alle") == []


def test_the_deadline_kind_filter_picks_follow_ups_or_change_reports(herning_caseworker: Any) -> None:
    cw = herning_caseworker
    first = decided(cw, "Første")
    deadline(first, DeadlineKind.FIRST_FOLLOW_UP, days(-20))
    later = decided(cw, "Senere")
    deadline(later, DeadlineKind.FOLLOW_UP, days(10))
    deadline(later, DeadlineKind.CHANGE_REPORT, days(2))
    report = decided(cw, "Anmeldt")
    deadline(report, DeadlineKind.CHANGE_REPORT, days(4))
    assert inbox(cw, kind=selectors.FOLLOW_UPS) == [first.case, later.case]
    assert inbox(cw, kind=DeadlineKind.CHANGE_REPORT) == [later.case, report.case]
    assert inbox(cw, kind=selectors.FOLLOW_UPS, deadline="overdue") == [first.case]
    client = Client()
    client.force_login(cw)
    page = client.get(reverse("cases:inbox") + f"?kind={selectors.FOLLOW_UPS}")
    rows = {row["case"].pk: (row["next_label"], row["days_left"]) for row in page.context["rows"]}
    # The shown deadline is the chosen kind's: «later» shows its follow-up in 10 days, not the report in 2.
    assert rows == {first.case_id: ("Opfølgning", -20), later.case_id: ("Opfølgning", 10)}
    html = page.content.decode()
    assert "20 dage over fristen" in html and 'value="opfoelgning" selected' in html
    page = client.get(reverse("cases:inbox") + "?kind=change_report").content.decode()
    assert "Ændringsanmeldelse" in page and "Anmeldt" in page


# --- the manager's overview -------------------------------------------------------------------------------


def follow_up(
    g: Grant, due: dt.date, status: str, *, held_on: dt.date | None = None, first: bool = True
) -> None:
    FollowUp.objects.create(
        grant=g,
        case=g.case,
        first=first,
        due=due,
        form="phone",
        status=status,
        held_on=held_on,
        conclusion="unchanged" if status == FollowUpStatus.DONE else "",
    )


@pytest.fixture
def supervised(herning_caseworker: Any) -> dict[str, Any]:
    anna = herning_caseworker
    bo = factories.user(Role.CASEWORKER, username="bo")
    a1, a2, a3, a4 = (decided(anna, name) for name in ("Aa", "Ab", "Ac", "Ad"))
    deadline(a1, DeadlineKind.FIRST_FOLLOW_UP, days(-10))  # overdue follow-up
    deadline(a2, DeadlineKind.FOLLOW_UP, days(-1))  # overdue follow-up
    deadline(a2, DeadlineKind.CHANGE_REPORT, days(3))  # open change report, not overdue
    deadline(a3, DeadlineKind.FOLLOW_UP, TODAY)  # due today: not yet overdue
    deadline(a4, DeadlineKind.CHANGE_REPORT, days(-4), met=True)  # handled
    b1 = decided(bo, "Ba")
    Case.objects.filter(pk=b1.case_id).update(caseworker=bo)
    deadline(b1, DeadlineKind.CHANGE_REPORT, days(-2))  # overdue change report: overdue, not a follow-up
    viborg = decided(factories.caseworker("791"), "Vibeke")
    deadline(viborg, DeadlineKind.FOLLOW_UP, days(-30))
    deadline(viborg, DeadlineKind.CHANGE_REPORT, days(-30))
    # First reassessments (BEK § 15 stk. 4):
    follow_up(a1, days(-100), FollowUpStatus.DONE, held_on=days(-110))  # on time
    follow_up(a1, days(-200), FollowUpStatus.DONE, held_on=days(-190))  # 10 days late
    follow_up(a1, days(-10), FollowUpStatus.PLANNED)  # overdue: not held on time
    follow_up(a2, days(-5), FollowUpStatus.DONE, held_on=days(-5))  # on its last day: on time
    follow_up(a2, days(-50), FollowUpStatus.CANCELLED)  # the grant ended first: no longer due
    follow_up(a3, days(-400), FollowUpStatus.DONE, held_on=days(-400))  # more than 12 months ago
    follow_up(a3, days(20), FollowUpStatus.PLANNED)  # not yet due
    follow_up(a4, days(-20), FollowUpStatus.DONE, held_on=days(-30), first=False)  # a later follow-up
    follow_up(viborg, days(-30), FollowUpStatus.DONE, held_on=days(-20))  # Viborg's
    return {"anna": anna, "bo": bo}


def test_the_overview_counts_follow_ups_and_change_reports_by_hand(supervised: dict[str, Any]) -> None:
    client = Client()
    client.force_login(factories.user(Role.MANAGER, code="657"))
    response = client.get(reverse("cases:overview"))
    assert response.status_code == 200
    team = {
        row.name: (row.overdue, row.follow_ups_overdue, row.change_reports)
        for row in response.context["team"]
    }
    # Anna: a1 (-10) and a2 (-1) follow-ups overdue; a2's report open; a3 due today; a4's report met.
    assert team[supervised["anna"].display_name] == (2, 2, 1)
    # Bo: his one change report, two days overdue.
    assert team["Bo"] == (1, 0, 1)
    assert response.context["team_follow_ups_overdue"] == 2
    assert response.context["team_change_reports"] == 2
    # Due in the last 12 months: -200 (late), -100 (on time), -10 (still planned), -5 (on time): 2 of 4.
    first = response.context["first_reassessments"]
    assert (first.due, first.on_time, str(first.pct), first.audit_pct) == (4, 2, "50", 90)
    html = response.content.decode()
    assert 'data-testid="first-reassessments-pct">50 %' in html and "90 %" in html
    assert 'data-testid="team-follow-ups-overdue">2<' in html
    assert f"kind={selectors.FOLLOW_UPS}" in html and "kind=change_report" in html


def test_no_first_reassessment_due_shows_a_dash(herning_caseworker: Any) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    result = first_reassessments_on_time(user=manager, today=TODAY)
    assert (result.due, result.on_time, result.pct) == (0, 0, None)


def _grow(caseworker: Any, n: int) -> None:
    for i in range(n):
        g = decided(caseworker, f"Ekstra{i}")
        deadline(g, DeadlineKind.FOLLOW_UP, days(-i - 1))
        deadline(g, DeadlineKind.CHANGE_REPORT, days(i))
        follow_up(g, days(-i - 5), FollowUpStatus.DONE, held_on=days(-i - 5))


def test_the_overview_costs_the_same_queries_at_any_size(
    supervised: dict[str, Any], django_assert_num_queries: Any
) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    client = Client()
    client.force_login(manager)
    client.get(reverse("cases:overview"))  # the session and the first request's one-off reads
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cases:overview"))
    with django_assert_num_queries(4):
        selectors.overview_caseworkers(user=manager, today=TODAY)
    with django_assert_num_queries(1):
        first_reassessments_on_time(user=manager, today=TODAY)
    _grow(supervised["anna"], 6)
    _grow(factories.user(Role.CASEWORKER, username="cecilie"), 4)
    with django_assert_num_queries(4):
        rows = selectors.overview_caseworkers(user=manager, today=TODAY)
    assert {row.name: row.follow_ups_overdue for row in rows}["Cecilie"] == 4
    with django_assert_num_queries(1):
        assert first_reassessments_on_time(user=manager, today=TODAY).due == 4 + 10
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("cases:overview"))


# --- «Min sag» --------------------------------------------------------------------------------------------


def test_the_person_sees_the_next_follow_up_not_the_change_report(herning_caseworker: Any) -> None:
    g = decided(herning_caseworker)
    deadline(g, DeadlineKind.FOLLOW_UP, days(45))
    deadline(g, DeadlineKind.CHANGE_REPORT, days(2))
    rows = selectors.case_deadlines_for_person(case=g.case, today=TODAY)
    assert [(r.title, r.due, r.days_left) for r in rows] == [
        ("Næste opfølgning på din bevilling", days(45), 45)
    ]
    assert "hvordan det går med hjælpen" in rows[0].text
    client = Client()
    client.force_login(factories.citizen(g.case.person.cpr))
    html = client.get(reverse("portal:case", args=[g.case_id])).content.decode()
    assert "Næste opfølgning på din bevilling" in html and "45 dage tilbage" in html
    assert "Ændringsanmeldelse" not in html
