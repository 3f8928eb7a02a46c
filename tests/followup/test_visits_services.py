"""Inspection visits: planning, recording and cancelling, the grants a visit may concern, and the events
on every case it concerns (never the findings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import CaseEvent, Employer, EventType, GrantStatus
from kompensation.followup import visit_selectors
from kompensation.followup.models import InspectionVisit, VisitStatus
from kompensation.followup.services.visits import visit_cancel, visit_plan, visit_record
from tests import factories
from tests.concurrency import at_once
from tests.followup.visits_world import grant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(herning_caseworker: Any) -> dict[str, Any]:
    """Two Herning grants at one company, one at another, and a Viborg grant at the first company."""
    cvr = factories.register_company(name="Tilsynsfirma ApS")
    anne = grant(herning_caseworker, cvr, first_name="Anne")
    bo = grant(herning_caseworker, cvr, first_name="Bo")
    other = grant(herning_caseworker, factories.register_company(name="Andetfirma ApS"))
    viborg_cw = factories.caseworker("791")
    viborg = grant(viborg_cw, cvr, first_name="Vibeke")
    return {
        "cw": herning_caseworker,
        "employer": Employer.objects.get(cvr=cvr),
        "anne": anne,
        "bo": bo,
        "other": other,
        "viborg": viborg,
        "viborg_cw": viborg_cw,
    }


def plan(w: dict[str, Any], **overrides: Any) -> InspectionVisit:
    values: dict[str, Any] = {
        "user": w["cw"],
        "employer": w["employer"],
        "grants": [w["anne"], w["bo"]],
        "announced": False,
        "planned_on": TODAY + dt.timedelta(days=10),
        "purpose": "Se at assistancen gives som bevilget.",
    }
    return visit_plan(**(values | overrides))


def events(visit: InspectionVisit) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(type=EventType.INSPECTION_RECORDED, payload__visit_id=visit.pk).order_by(
            "case_id", "pk"
        )
    )


def test_plan_links_the_grants_and_writes_an_event_on_every_case(world: dict[str, Any]) -> None:
    visit = plan(world)
    assert visit.status == VisitStatus.PLANNED and visit.announced is False
    assert visit.municipality == world["cw"].municipality and visit.created_by == world["cw"]
    assert set(visit.grants.all()) == {world["anne"], world["bo"]}
    written = events(visit)
    assert [e.case_id for e in written] == sorted([world["anne"].case_id, world["bo"].case_id])
    for event, g in zip(written, sorted([world["anne"], world["bo"]], key=lambda g: g.case_id), strict=True):
        assert event.payload == {
            "visit_id": visit.pk,
            "announced": False,
            "status": "planned",
            "on": (TODAY + dt.timedelta(days=10)).isoformat(),
            "grant_ids": [g.pk],
        }
        assert event.actor == world["cw"]


def test_plan_needs_a_grant_a_date_and_a_purpose(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        plan(world, grants=[], planned_on=None, purpose="  ")
    assert set(caught.value.message_dict) == {"grants", "planned_on", "purpose"}
    assert "mindst én bevilling" in caught.value.message_dict["grants"][0]
    with pytest.raises(ValidationError) as caught:
        plan(world, planned_on=dt.date(1999, 12, 31))
    assert set(caught.value.message_dict) == {"planned_on"}
    assert (
        not InspectionVisit.objects.exists()
        and not CaseEvent.objects.filter(type=EventType.INSPECTION_RECORDED).exists()
    )


def test_a_grant_at_another_company_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        plan(world, grants=[world["anne"], world["other"]])
    assert "Tilsynsfirma ApS" in caught.value.message_dict["grants"][0]
    assert not InspectionVisit.objects.exists()


def test_a_grant_of_another_municipality_is_refused(world: dict[str, Any]) -> None:
    # Herning's caseworker and Viborg's grant at the same company; and the other way round.
    with pytest.raises(PermissionDenied):
        plan(world, grants=[world["anne"], world["viborg"]])
    with pytest.raises(PermissionDenied):
        plan(world, user=world["viborg_cw"], grants=[world["anne"]])
    assert not InspectionVisit.objects.exists()


def test_only_a_caseworker_plans(world: dict[str, Any]) -> None:
    for role in (Role.MANAGER, Role.PAYMENT_OFFICER):
        with pytest.raises(PermissionDenied):
            plan(world, user=factories.user(role, code="657"))
    with pytest.raises(PermissionDenied):
        plan(world, user=factories.employer_user(world["employer"].cvr))


def test_grants_ended_within_a_year_may_be_visited_not_older_ones(world: dict[str, Any]) -> None:
    cw, cvr = world["cw"], world["employer"].cvr
    stopped_recently = grant(cw, cvr, status=GrantStatus.STOPPED, ended_on=TODAY - dt.timedelta(days=300))
    lapsed_recently = grant(
        cw, cvr, status=GrantStatus.LAPSED, start=dt.date(2024, 1, 1), end=TODAY - dt.timedelta(days=30)
    )
    stopped_long_ago = grant(cw, cvr, status=GrantStatus.STOPPED, ended_on=TODAY - dt.timedelta(days=400))
    visit = plan(world, grants=[stopped_recently, lapsed_recently])
    assert visit.grants.count() == 2
    with pytest.raises(ValidationError) as caught:
        plan(world, grants=[stopped_long_ago])
    assert "ophørt inden for det seneste år" in caught.value.message_dict["grants"][0]


def test_the_year_is_counted_from_today_to_the_grants_last_day() -> None:
    """The selector on a fixed day, 23 November 2026: a year back is 23 November 2025 (that day included)."""
    cw = factories.caseworker("657")
    cvr = factories.register_company()
    today = dt.date(2026, 11, 23)
    on_the_day = grant(cw, cvr, status=GrantStatus.STOPPED, ended_on=dt.date(2025, 11, 23))
    day_before = grant(cw, cvr, status=GrantStatus.STOPPED, ended_on=dt.date(2025, 11, 22))
    # Stopped early: the day it stopped counts, not the decided end still ahead.
    stopped_early = grant(
        cw, cvr, status=GrantStatus.STOPPED, end=dt.date(2027, 12, 31), ended_on=dt.date(2025, 6, 30)
    )
    lapsed_on_the_day = grant(
        cw, cvr, status=GrantStatus.LAPSED, start=dt.date(2024, 11, 24), end=dt.date(2025, 11, 23)
    )
    running = grant(cw, cvr, end=dt.date(2027, 6, 30))
    eligible = visit_selectors.visit_grants_eligible(
        municipality_id=cw.municipality_id, employer=Employer.objects.get(cvr=cvr), today=today
    )
    assert set(eligible) == {on_the_day, lapsed_on_the_day, running}
    assert day_before not in eligible and stopped_early not in eligible


def test_record_a_held_visit(world: dict[str, Any]) -> None:
    visit = plan(world, planned_on=TODAY - dt.timedelta(days=1))
    held = visit_record(
        user=world["cw"],
        visit=visit,
        held_on=TODAY,
        visitors="Mette Kjær",
        met="Personen, assistenten og lederen",
        findings="Assistenten læste bilag op som bevilget.",
        documents_seen="Timesedler for oktober",
        follow_up_needed=True,
    )
    held.refresh_from_db()
    assert (held.status, held.held_on, held.visitors, held.follow_up_needed) == (
        VisitStatus.HELD,
        TODAY,
        "Mette Kjær",
        True,
    )
    assert held.recorded_by == world["cw"] and held.documents_seen == "Timesedler for oktober"
    recorded = [e for e in events(visit) if e.payload["status"] == "held"]
    assert len(recorded) == 2
    for event in recorded:
        assert event.payload["on"] == TODAY.isoformat() and event.payload["announced"] is False
        # The findings stay on the visit: no text of them on the case timeline.
        assert "Assistenten" not in str(event.payload) and "Timesedler" not in str(event.payload)
    with pytest.raises(ValidationError, match="allerede gennemført"):
        visit_record(
            user=world["cw"],
            visit=visit,
            held_on=TODAY,
            visitors="Mette",
            met="",
            findings="Igen",
            documents_seen="",
            follow_up_needed=False,
        )


def test_record_needs_findings_and_a_day_not_in_the_future(world: dict[str, Any]) -> None:
    visit = plan(world)
    with pytest.raises(ValidationError) as caught:
        visit_record(
            user=world["cw"],
            visit=visit,
            held_on=TODAY + dt.timedelta(days=1),
            visitors="",
            met="",
            findings=" ",
            documents_seen="",
            follow_up_needed=False,
        )
    assert set(caught.value.message_dict) == {"held_on", "visitors", "findings"}
    assert "fremtiden" in caught.value.message_dict["held_on"][0]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and visit.findings == ""


def test_record_and_cancel_belong_to_the_municipalitys_caseworkers(world: dict[str, Any]) -> None:
    visit = plan(world)
    manager = factories.user(Role.MANAGER, code="657")
    for user in (world["viborg_cw"], manager):
        with pytest.raises(PermissionDenied):
            visit_cancel(user=user, visit=visit, reason="Nej")
        with pytest.raises(PermissionDenied):
            visit_record(
                user=user,
                visit=visit,
                held_on=TODAY,
                visitors="X",
                met="",
                findings="Y",
                documents_seen="",
                follow_up_needed=False,
            )


def test_cancel_with_a_reason(world: dict[str, Any]) -> None:
    visit = plan(world)
    with pytest.raises(ValidationError) as caught:
        visit_cancel(user=world["cw"], visit=visit, reason="")
    assert set(caught.value.message_dict) == {"reason"}
    cancelled = visit_cancel(user=world["cw"], visit=visit, reason="Virksomheden holder lukket i uge 52.")
    assert cancelled.status == VisitStatus.CANCELLED
    assert cancelled.findings == "Virksomheden holder lukket i uge 52."
    written = [e for e in events(visit) if e.payload["status"] == "cancelled"]
    assert len(written) == 2 and all("lukket" not in str(e.payload) for e in written)
    with pytest.raises(ValidationError, match="allerede aflyst"):
        visit_cancel(user=world["cw"], visit=visit, reason="Igen")
    with pytest.raises(ValidationError, match="allerede aflyst"):
        visit_record(
            user=world["cw"],
            visit=visit,
            held_on=TODAY,
            visitors="X",
            met="",
            findings="Y",
            documents_seen="",
            follow_up_needed=False,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_and_cancel_at_once_leave_one_outcome(world: dict[str, Any]) -> None:
    visit = plan(world, planned_on=TODAY)
    results = at_once(
        [
            lambda: visit_record(
                user=world["cw"],
                visit=visit,
                held_on=TODAY,
                visitors="Mette Kjær",
                met="",
                findings="Alt som bevilget.",
                documents_seen="",
                follow_up_needed=False,
            ),
            lambda: visit_cancel(user=world["cw"], visit=visit, reason="Sygdom i virksomheden."),
        ]
    )
    # The row lock: one caller changes the visit, the other finds it already held or cancelled.
    failed = [r for r in results if isinstance(r, ValidationError)]
    assert len(failed) == 1 and "allerede" in failed[0].messages[0]
    visit.refresh_from_db()
    assert visit.status in (VisitStatus.HELD, VisitStatus.CANCELLED)
    changed = [e for e in events(visit) if e.payload["status"] != "planned"]
    assert len(changed) == 2 and {e.payload["status"] for e in changed} == {visit.status}
