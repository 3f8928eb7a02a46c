"""The complaint's steps in the existing pages: the case page's actions per stage, the decision page's
headline, the complaint deadlines in the caseworker's inbox and on «Min sag», and the manager's supervision
of overdue complaint steps — counted by hand on a small world, with a Viborg case that must never count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import overview_selectors, selectors, services
from kompensation.cases.models import Case, CaseStatus, Deadline, DeadlineKind
from tests import factories

pytestmark = pytest.mark.django_db

S = CaseStatus


def _register(user: Any) -> Case:
    return services.application_register_paper(
        user=user,
        data=factories.paper_data(
            cpr=factories.register_person(code=user.municipality.code), cvr=factories.register_company()
        ),
        assistants=factories.ASSISTANT,
    )


def _at(case: Case, status: str, *deadlines: tuple[str, int, bool]) -> Case:
    """Put a registered case in a stage (directly: the pages are under test here, not the complaint
    services) with complaint deadlines (kind, days from today, met)."""
    Case.objects.filter(pk=case.pk).update(status=status)
    Deadline.objects.filter(case=case).update(met_at=timezone.now())  # the first decision's target was met
    today = timezone.localdate()
    for kind, days, met in deadlines:
        Deadline.objects.create(
            case=case,
            kind=kind,
            due=today + dt.timedelta(days=days),
            met_at=timezone.now() if met else None,
            rule="test",
        )
    case.refresh_from_db()
    return case


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(granted_case: Case, herning_caseworker: Any) -> dict[str, Any]:
    anna = herning_caseworker
    viborg = factories.caseworker("791")
    R, D = DeadlineKind.REASSESSMENT, DeadlineKind.REMAND_DECISION
    # A real complaint about the granted case; its re-assessment was due 3 days ago (overdue).
    factories.complaint(decision=granted_case.decisions.get(), user=anna)
    complaint = granted_case
    Deadline.objects.create(
        case=complaint, kind=R, due=timezone.localdate() - dt.timedelta(days=3), rule="RSL § 66"
    )
    w = {
        "anna": anna,
        "complaint": complaint,
        "complaint_in_time": _at(_register(anna), S.COMPLAINT, (R, 10, False)),
        "complaint_due_today": _at(_register(anna), S.COMPLAINT, (R, 0, False)),  # the day itself: in time
        "forwarded": _at(_register(anna), S.FORWARDED, (R, -20, True)),  # forwarded in time: met
        "remanded": _at(_register(anna), S.REMANDED, (R, -90, True), (D, -5, False)),
        # Remanded, and back under investigation: still awaiting the new decision.
        "remanded_investigating": _at(_register(anna), S.INVESTIGATING, (D, 20, False)),
        "decided": _at(_register(anna), S.DECIDED, (R, -40, True)),  # re-assessed in time, closed
        "fresh": _register(anna),  # an ordinary new case
        "viborg_complaint": _at(_register(viborg), S.COMPLAINT, (R, -8, False)),
        "viborg_forwarded": _at(_register(viborg), S.FORWARDED),
        "viborg_remanded": _at(_register(viborg), S.REMANDED, (D, -1, False)),
        "viborg": viborg,
    }
    return w


# --- the manager's supervision --------------------------------------------------------------------------


def test_overview_complaint_counts_by_hand(world: dict[str, Any]) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    response = _client(manager).get(reverse("cases:overview"))
    assert response.status_code == 200
    # The team's open work: 3 complaints, 2 awaiting a new decision after a remand, 1 new case = 6; the
    # forwarded case waits for Ankestyrelsen and the decided one rests, so neither is open work.
    team = {row.name: row.open_cases for row in response.context["team"]}
    assert team[world["anna"].display_name] == 6
    counts = response.context["complaints"]
    # In complaint: the granted case, the one in time, the one due today = 3 (Viborg's is not Herning's).
    assert counts.open_complaints == 3
    # Re-assessment overdue: only the granted case (due 3 days ago). Due today is still in time; the
    # forwarded and decided cases' deadlines were met.
    assert counts.reassessment_overdue == 1
    assert counts.at_appeals == 1  # the forwarded case
    # Awaiting a new decision after a remand: the remanded case and the one back under investigation.
    assert counts.remanded == 2
    assert counts.remanded_overdue == 1  # the remanded case, 5 days past
    steps = [(s.reference, s.caseworker, s.step, s.days_overdue) for s in response.context["overdue_steps"]]
    name = world["anna"].display_name
    assert steps == [
        (world["remanded"].reference, name, "Ny afgørelse efter hjemvisning", 5),
        (world["complaint"].reference, name, "Genvurdering af klage", 3),
    ]
    html = response.content.decode()
    assert 'id="h-complaints">Klager</h2>' in html
    assert "Hos Ankestyrelsen" in html and world["viborg_complaint"].reference not in html


def test_overview_links_lead_to_the_same_cases(world: dict[str, Any]) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    client = _client(manager)
    links = client.get(reverse("cases:overview")).context["links"]

    def listed(url: str) -> set[int]:
        response = client.get(url)
        assert response.status_code == 200
        return {row["case"].pk for row in response.context["rows"]}

    w = world
    assert listed(links["open_complaints"]) == {
        w["complaint"].pk,
        w["complaint_in_time"].pk,
        w["complaint_due_today"].pk,
    }
    assert listed(links["reassessment_overdue"]) == {w["complaint"].pk}
    assert listed(links["at_appeals"]) == {w["forwarded"].pk}
    assert listed(links["remanded"]) == {w["remanded"].pk, w["remanded_investigating"].pk}
    assert listed(links["remanded_overdue"]) == {w["remanded"].pk}


def test_supervision_reads_are_one_query_each(world: dict[str, Any], django_assert_num_queries: Any) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    today = timezone.localdate()
    with django_assert_num_queries(1):
        overview_selectors.overview_complaints(user=manager, today=today)
    with django_assert_num_queries(1):
        overview_selectors.overview_overdue_complaint_steps(user=manager, today=today)


# --- the caseworker's inbox ----------------------------------------------------------------------------


def test_open_inbox_holds_complaints_and_remands_not_forwarded_or_decided(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    rows = selectors.inbox_cases(user=world["anna"], filters=selectors.InboxFilters(), today=today)
    w = world
    assert {c.pk for c in rows} == {
        w[k].pk
        for k in (
            "complaint",
            "complaint_in_time",
            "complaint_due_today",
            "remanded",
            "remanded_investigating",
            "fresh",
        )
    }


def test_complaints_tab_with_next_complaint_deadline(
    world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    with django_assert_num_queries(1):
        rows = list(
            selectors.inbox_cases(
                user=world["anna"], filters=selectors.InboxFilters(status=selectors.COMPLAINTS), today=today
            )
        )
    w = world
    # Soonest complaint deadline first: remand -5, re-assessment -3, 0, +10, remand +20; the forwarded case
    # has no open complaint deadline, so it comes last.
    assert [c.pk for c in rows] == [
        w["remanded"].pk,
        w["complaint"].pk,
        w["complaint_due_today"].pk,
        w["complaint_in_time"].pk,
        w["remanded_investigating"].pk,
        w["forwarded"].pk,
    ]
    # The granted case's first follow-up (a year ahead) is not what the complaints tab shows.
    assert rows[1].next_kind == DeadlineKind.REASSESSMENT  # type: ignore[attr-defined]
    assert rows[-1].next_due is None  # type: ignore[attr-defined]


def test_inbox_page_shows_complaint_deadlines(world: dict[str, Any]) -> None:
    client = _client(world["anna"])
    response = client.get(reverse("cases:inbox") + "?status=klager&mine=true")
    assert response.status_code == 200
    html = response.content.decode()
    labels = {row["case"].pk: row["next_label"] for row in response.context["rows"]}
    assert labels[world["complaint"].pk] == "Genvurdering af klage"
    assert labels[world["remanded"].pk] == "Ny afgørelse efter hjemvisning"
    assert labels[world["forwarded"].pk] == ""
    assert "3 dage over fristen" in html and "5 dage over fristen" in html
    assert '<td class="k-overdue">3 dage over fristen</td>' in html
    assert '<strong aria-current="page">Klager</strong>' in html
    # The open inbox labels the re-assessment too (it is the granted case's soonest deadline).
    response = client.get(reverse("cases:inbox"))
    labels = {row["case"].pk: row["next_label"] for row in response.context["rows"]}
    assert labels[world["complaint"].pk] == "Genvurdering af klage"
    assert labels[world["fresh"].pk] == "Afgørelse"
    assert "Hos Ankestyrelsen" in response.content.decode()  # the tab


def test_forwarded_tab_and_foreign_municipality(world: dict[str, Any]) -> None:
    response = _client(world["anna"]).get(reverse("cases:inbox") + "?status=forwarded&mine=false")
    assert {row["case"].pk for row in response.context["rows"]} == {world["forwarded"].pk}
    viborg = _client(world["viborg"]).get(reverse("cases:inbox") + "?status=klager&mine=false")
    assert {row["case"].pk for row in viborg.context["rows"]} == {
        world["viborg_complaint"].pk,
        world["viborg_forwarded"].pk,
        world["viborg_remanded"].pk,
    }
    assert world["complaint"].reference not in viborg.content.decode()


# --- the case page and the decision page ---------------------------------------------------------------


def _actions(client: Client, case: Case) -> str:
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    if 'data-testid="case-actions"' not in html:
        return ""
    start = html.index('data-testid="case-actions"')
    return html[start : html.index("</div>", start)]


def test_case_page_actions_follow_the_stage(world: dict[str, Any]) -> None:
    client = _client(world["anna"])
    complaint = _actions(client, world["complaint"])
    assert "Træf afgørelse" in complaint and "Sagsoplysning" in complaint
    # A complaint cannot go to hearing in the lifecycle, and its first active step is long past.
    assert "Send partshøring" not in complaint and "Registrér aktivt skridt" not in complaint
    remanded = _actions(client, world["remanded"])
    assert "Send partshøring" in remanded and "Træf afgørelse" in remanded
    assert _actions(client, world["forwarded"]) == ""  # waiting for Ankestyrelsen
    assert _actions(client, world["decided"]) == ""
    fresh = _actions(client, world["fresh"])
    assert "Registrér aktivt skridt" in fresh and "Træf afgørelse" not in fresh
    # A caseworker of another municipality never gets the page.
    foreign = _client(world["viborg"])
    assert foreign.get(reverse("cases:detail", args=[world["complaint"].pk])).status_code == 404


def test_hearing_can_be_sent_in_a_remanded_case(world: dict[str, Any]) -> None:
    case = world["remanded"]
    services.hearing_send(case=case, user=world["anna"], facts="Ny lægeerklæring efter hjemvisningen.")
    case.refresh_from_db()
    assert case.status == S.HEARING


def test_decision_page_headline(world: dict[str, Any]) -> None:
    client = _client(world["anna"])

    def headline(case: Case) -> str:
        response = client.get(reverse("cases:decision", args=[case.pk]))
        assert response.status_code == 200
        return str(response.context["heading"])

    assert headline(world["complaint"]) == "Ny afgørelse efter klage"
    assert headline(world["remanded"]) == "Ny afgørelse efter hjemvisning"
    assert headline(world["remanded_investigating"]) == "Ny afgørelse efter hjemvisning"
    assert headline(world["fresh"]) == "Træf afgørelse"
    html = client.get(reverse("cases:decision", args=[world["remanded"].pk])).content.decode()
    assert "<h1>Ny afgørelse efter hjemvisning</h1>" in html


def test_late_notice_is_for_awaited_decisions_only(world: dict[str, Any]) -> None:
    # During re-assessment the complaint's own deadline runs; no "decision delayed" letter.
    with pytest.raises(ValidationError, match="kun besked om forsinkelse"):
        services.late_decision_notify(
            case=world["complaint_in_time"],
            expected_on=timezone.localdate() + dt.timedelta(days=60),
            reason="Venter",
            user=world["anna"],
        )


# --- «Min sag» -----------------------------------------------------------------------------------------


def test_person_sees_the_complaint_deadlines(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    rows = selectors.case_deadlines_for_person(case=world["complaint"], today=today)
    by_title = {row.title: (row.due, row.days_left) for row in rows}
    assert by_title["Jobcentret genvurderer din klage senest"] == (today - dt.timedelta(days=3), -3)
    remanded = selectors.case_deadlines_for_person(case=world["remanded_investigating"], today=today)
    assert [(r.title, r.days_left) for r in remanded] == [("Ny afgørelse efter hjemvisning", 20)]
    # On the page, for the person themself.
    case = world["complaint_in_time"]
    page = _client(factories.citizen(case.person.cpr)).get(reverse("portal:case", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jobcentret genvurderer din klage senest" in html and "Jobcentret genvurderer afgørelsen" in html
