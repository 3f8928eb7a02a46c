"""Processing time pages: the case page's bar and table, the Tabel 4.1 report (rows, averages, CSV,
scoping, query count) and the Tabel 4.3 per-year report. Cases get their milestones as CaseEvent rows
written directly, with known dates; expected weeks are days / 7 by hand (comments), half up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import Case, CaseEvent, EventType, Person
from kompensation.insights import selectors
from kompensation.insights.selectors import ReportFilters
from tests import factories

pytestmark = pytest.mark.django_db

D = dt.date
PERIOD = {"date_from": "2024-01-01", "date_to": "2024-12-31"}


RECEIVED = D(2024, 1, 2)


def make_case(code: str = "657", received: D = RECEIVED, last_name: str = "Testesen") -> Case:
    person = Person.objects.create(
        cpr=factories.new_cpr(),
        first_name="Anne",
        last_name=last_name,
        municipality=factories.municipality(code),
    )
    return Case.objects.create(municipality=person.municipality, person=person, received_on=received)


def event(case: Case, type_: str, on: D, **payload: Any) -> None:
    """A milestone event as the services write it: `at` when recorded (noon that day), payload["on"]."""
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    if type_ == EventType.CASE_OPENED:
        payload = {"received_on": on.isoformat(), **payload}
    else:
        payload = {"on": on.isoformat(), **payload}
    CaseEvent.objects.create(case=case, type=type_, at=at, payload=payload)


def simple(case: Case, received: D, active: D | None, decided: D) -> Case:
    event(case, EventType.CASE_OPENED, received)
    if active:
        event(case, EventType.ACTIVE_STEP, active, label="Hjemmebesøg")
    event(case, EventType.DECISION_SENT, decided, outcome="grant")
    return case


def forwarded(case: Case) -> Case:
    """Received 4 Sep 2023; active 25 Sep (21 days → 3,0); decided 20 Nov (56 → 8,0); complaint 11 Dec,
    forwarded 5 Jan 2024 (46 → 6,6); AST received 8 Jan, assigned 4 Mar (56 → 8,0), decided 15 Apr
    (42 → 6,0). Total 221 days → 31,6. The first decision is in 2023."""
    simple(case, D(2023, 9, 4), D(2023, 9, 25), D(2023, 11, 20))
    event(case, EventType.COMPLAINT_RECEIVED, D(2023, 12, 11), round=1, complaint_id=1)
    event(case, EventType.COMPLAINT_REASSESSED, D(2024, 1, 2), round=1, outcome="upheld")
    event(case, EventType.COMPLAINT_FORWARDED, D(2024, 1, 5), round=1)
    event(case, EventType.APPEALS_RECEIVED, D(2024, 1, 8), round=1)
    event(case, EventType.APPEALS_ASSIGNED, D(2024, 3, 4), round=1)
    event(case, EventType.APPEALS_DECIDED, D(2024, 4, 15), round=1, outcome="upheld")
    return case


def remanded(case: Case) -> Case:
    """Tabel 4.1's Sag 4A: 2,3 22,1 6,7 16,0 22,3 36,4 1,1 6,9 – 113,9.
    Received 7 Jan 2019; +16 days active 23 Jan (16/7 = 2,29 → 2,3); +155 decided 27 Jun (22,14 → 22,1);
    complaint 7 Jul; +47 forwarded 13 Aug (6,71 → 6,7); AST received 15 Aug; +112 assigned 5 Dec (16,0);
    +156 decided 9 May 2020 (22,29 → 22,3); remand received 14 May; new decision 22 Aug; complaint 2
    11 Sep; +255 forwarded 24 Jan 2021 (36,43 → 36,4); AST received 25 Jan; +8 assigned 2 Feb (1,14 → 1,1);
    +48 decided 22 Mar (6,86 → 6,9). 797 days → 113,86 → 113,9."""
    simple(case, D(2019, 1, 7), D(2019, 1, 23), D(2019, 6, 27))
    event(case, EventType.COMPLAINT_RECEIVED, D(2019, 7, 7), round=1)
    event(case, EventType.COMPLAINT_FORWARDED, D(2019, 8, 13), round=1)
    event(case, EventType.APPEALS_RECEIVED, D(2019, 8, 15), round=1)
    event(case, EventType.APPEALS_ASSIGNED, D(2019, 12, 5), round=1)
    event(case, EventType.APPEALS_DECIDED, D(2020, 5, 9), round=1, outcome="remanded")
    event(case, EventType.REMAND_RECEIVED, D(2020, 5, 14), round=1)
    event(case, EventType.DECISION_SENT, D(2020, 8, 22), outcome="grant")
    event(case, EventType.COMPLAINT_RECEIVED, D(2020, 9, 11), round=2)
    event(case, EventType.COMPLAINT_FORWARDED, D(2021, 1, 24), round=2)
    event(case, EventType.APPEALS_RECEIVED, D(2021, 1, 25), round=2)
    event(case, EventType.APPEALS_ASSIGNED, D(2021, 2, 2), round=2)
    event(case, EventType.APPEALS_DECIDED, D(2021, 3, 22), round=2, outcome="upheld")
    return case


def test_the_remanded_case_has_tabel_4_1s_sag_4a_row(db: None) -> None:
    # The day counts between the dates above, checked one by one: 23 Jan − 7 Jan = 16; 23 Jan → 27 Jun 2019:
    # 8 + 28 + 31 + 30 + 31 + 27 = 155; 27 Jun → 13 Aug: 3 + 31 + 13 = 47; 15 Aug → 5 Dec: 16 + 30 + 31 + 30
    # + 5 = 112; 5 Dec 2019 → 9 May 2020: 26 + 31 + 29 + 31 + 30 + 9 = 156; 14 May 2020 → 24 Jan 2021:
    # 17 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 24 = 255; 25 Jan → 2 Feb = 8; 2 Feb → 22 Mar: 26 + 22 = 48.
    case = remanded(make_case())
    user = factories.user(Role.NATIONAL, code=None)
    report = selectors.processing_time_report(user=user, filters=ReportFilters(scheme="pa"))
    (row,) = report.rows
    assert [str(c.weeks) if c and c.weeks is not None else None for c in row.cells] == [
        "2.3", "22.1", "6.7", "16.0", "22.3", "36.4", "1.1", "6.9",
    ]  # fmt: skip
    assert str(row.times.total_weeks) == "113.9" and row.reference == case.reference


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_report_lists_cases_with_their_weeks_sorted_by_total_with_averages(db: None) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    long = forwarded(make_case())  # first decision 20 Nov 2023, total 31,6
    # 1 Mar → 11 Mar 2024 (10 days → 1,4), → 22 Apr (20 + 22 = 42 → 6,0); total 52 → 7,4.
    short = simple(make_case(), D(2024, 3, 1), D(2024, 3, 11), D(2024, 4, 22))
    no_decision = make_case()
    event(no_decision, EventType.CASE_OPENED, D(2024, 3, 1))
    response = _client(manager).get(
        reverse("insights:processing_time"), {"date_from": "2023-01-01", "date_to": "2024-12-31"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["page"].object_list
    assert [r.case_id for r in rows] == [long.pk, short.pk]  # longest total first; no decision: not listed
    assert [str(r.times.total_weeks) for r in rows] == ["31.6", "7.4"]
    assert f'href="{reverse("cases:detail", args=[long.pk])}"' in html
    assert "31,6" in html and "7,4" in html and "Anne" not in html
    # Averages: initial (21 + 10) / 14 = 2,21 → 2,2; investigation (56 + 42) / 14 = 7,0; complaint 46/7 → 6,6
    # (one case); total (221 + 52) / 14 = 19,5. With every scheme the aids' trial column is shown too, empty:
    # no PA case has a trial.
    averages = response.context["averages"]
    assert [str(v) if v is not None else None for v in averages[:5]] == ["2.2", "7.0", None, "6.6", "8.0"]
    assert str(response.context["report"].averages.total) == "19.5"
    # Only cases with a complaint; the period is the first decision's (2024 leaves the 2023 case out).
    assert [r.case_id for r in _client(manager).get(
        reverse("insights:processing_time"), {**PERIOD, "only_complaints": "on", "date_from": "2023-01-01"}
    ).context["page"].object_list] == [long.pk]  # fmt: skip
    assert [
        r.case_id
        for r in _client(manager).get(reverse("insights:processing_time"), PERIOD).context["page"].object_list
    ] == [short.pk]


def test_the_default_period_is_the_last_12_months(db: None) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    today = timezone.localdate()
    recent = simple(make_case(), today - dt.timedelta(days=30), None, today - dt.timedelta(days=2))
    simple(make_case(), D(2019, 1, 2), None, D(2019, 2, 1))  # long ago: outside
    response = _client(manager).get(reverse("insights:processing_time"))
    assert [r.case_id for r in response.context["page"].object_list] == [recent.pk]


def test_csv_has_a_header_semicolons_and_decimal_commas(db: None) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    case = simple(make_case(), D(2024, 3, 1), D(2024, 3, 11), D(2024, 4, 22))
    response = _client(manager).get(reverse("insights:processing_time_csv"), {**PERIOD, "scheme": "pa"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Sag;Første afgørelse;KM – Indledende kontakt;KM – Sagsoplysning, udmåling og afgørelse;"
        "KM – Klage og genvurdering;AST – Tid inden sagen fordeles til sagsbehandler;AST – Sagsbehandling;"
        "KM – Sagsbehandling, klage og genvurdering efter hjemvisning;"
        "AST – Tid inden sagen fordeles til sagsbehandler 2;AST – Sagsbehandling 2;I alt"
    )
    assert lines[1] == f"{case.reference};22.04.2024;1,4;6,0;;;;;;;7,4"
    assert lines[2] == "Gennemsnit;;1,4;6,0;;;;;;;7,4"
    # The same through ?format=csv on the page's own address.
    same = _client(manager).get(
        reverse("insights:processing_time"), {**PERIOD, "scheme": "pa", "format": "csv"}
    )
    assert same.content.decode("utf-8-sig").splitlines() == lines


def test_a_herning_manager_never_sees_another_municipalitys_case_and_star_sees_both(db: None) -> None:
    herning = simple(make_case("657"), D(2024, 3, 1), None, D(2024, 3, 29))
    viborg = simple(make_case("751", last_name="Fremmedsen"), D(2024, 3, 1), None, D(2024, 4, 26))
    manager = factories.user(Role.MANAGER, code="657")
    ids = [
        r.case_id for r in _client(manager).get(reverse("insights:processing_time"), PERIOD).context["page"]
    ]
    assert ids == [herning.pk]
    csv_text = _client(manager).get(reverse("insights:processing_time_csv"), PERIOD).content.decode()
    assert viborg.reference not in csv_text
    star = factories.user(Role.NATIONAL, code=None)
    response = _client(star).get(reverse("insights:processing_time"), PERIOD)
    assert [r.case_id for r in response.context["page"]] == [viborg.pk, herning.pk]  # 8,0 before 4,0
    html = response.content.decode()
    assert "Fremmedsen" not in html and "Testesen" not in html  # references only, never names
    assert f'href="{reverse("cases:detail", args=[herning.pk])}"' not in html  # STAR has no case page
    viborg_only = {**PERIOD, "municipality": str(factories.municipality("751").pk)}
    assert [
        r.case_id for r in _client(star).get(reverse("insights:processing_time"), viborg_only).context["page"]
    ] == [viborg.pk]
    # A municipal user cannot widen the scope with the municipality parameter.
    assert [
        r.case_id
        for r in _client(manager).get(reverse("insights:processing_time"), viborg_only).context["page"]
    ] == [herning.pk]


def test_the_payment_officer_has_no_report(db: None) -> None:
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    assert _client(officer).get(reverse("insights:processing_time")).status_code == 403


@pytest.mark.parametrize("route", ["insights:processing_time", "insights:processing_time_years"])
def test_query_count_does_not_grow_with_the_number_of_cases(
    route: str, django_assert_max_num_queries: Any
) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    client = _client(manager)

    def build(n: int) -> None:
        for i in range(n):
            if i % 2:
                forwarded(make_case())
            else:
                simple(make_case(), D(2024, 3, 1), D(2024, 3, 8), D(2024, 4, 5))

    build(5)
    client.get(reverse(route), {"date_from": "2023-01-01"})  # warm up: one-time lookups are not per case
    with django_assert_max_num_queries(8) as five:
        assert client.get(reverse(route), {"date_from": "2023-01-01"}).status_code == 200
    build(25)
    with django_assert_max_num_queries(len(five.captured_queries)) as thirty:
        response = client.get(reverse(route), {"date_from": "2023-01-01"})
    assert response.status_code == 200
    assert len(thirty.captured_queries) == len(five.captured_queries)


def test_years_report_groups_by_the_year_of_the_first_decision(db: None) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    forwarded(make_case())  # decided 2023: total 31,6
    # 2024: 1 Mar → 29 Mar = 28 days (4,0) and 1 Mar → 12 Apr = 42 days (6,0): investigation avg 70/14 = 5,0.
    simple(make_case(), D(2024, 3, 1), None, D(2024, 3, 29))
    simple(make_case(), D(2024, 3, 1), None, D(2024, 4, 12))
    response = _client(manager).get(reverse("insights:processing_time_years"), {"date_from": "2023-01-01"})
    years = response.context["years"]
    assert [(y.year, y.averages.cases) for y in years] == [(2024, 2), (2023, 1)]
    assert str(years[0].averages.per_step["km_investigation"]) == "5.0"
    assert str(years[1].averages.total) == "31.6"
    csv_lines = (
        _client(manager)
        .get(reverse("insights:processing_time_years_csv"), {"date_from": "2023-01-01"})
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert csv_lines[0].startswith("År;KM – Indledende kontakt;") and csv_lines[0].endswith(
        ";I alt;Antal sager"
    )
    # Initial, investigation, the aids' trial (empty for PA), complaint, AST ×2, after remand, AST ×2, total.
    assert csv_lines[1] == "2024;;5,0;;;;;;;;5,0;2"
    assert csv_lines[2] == "2023;3,0;8,0;;6,6;8,0;6,0;;;;31,6;1"


def test_bad_dates_rerender_with_a_danish_error(db: None) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    response = _client(manager).get(
        reverse("insights:processing_time"), {"date_from": "2024-05-01", "date_to": "2024-04-01"}
    )
    assert response.status_code == 200
    assert "Slutdatoen skal ligge på eller efter startdatoen." in response.content.decode()


def test_the_case_page_shows_the_steps_as_a_bar_and_a_table_with_the_running_step(db: None) -> None:
    caseworker = factories.caseworker("657")
    case = make_case()
    # Received 4 Sep 2023, active 25 Sep (21 days → 3,0), decided 20 Nov (56 → 8,0), complaint 11 Dec.
    simple(case, D(2023, 9, 4), D(2023, 9, 25), D(2023, 11, 20))
    event(case, EventType.COMPLAINT_RECEIVED, D(2023, 12, 11), round=1)
    response = _client(caseworker).get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert "Sagsbehandlingstid" in html and "Vis som tabel" in html
    today = timezone.localdate()
    running_days = (today - D(2023, 11, 20)).days
    rows = {s.step.code: s for s in response.context["processing_time"].rows}
    assert rows["km_complaint"].ongoing and rows["km_complaint"].days == running_days
    assert str(rows["km_initial"].weeks) == "3.0" and str(rows["km_investigation"].weeks) == "8.0"
    assert rows["ast_waiting"].weeks is None
    # The bar: one rect per measured step (3), widths from the days, adding up to the viewBox's 1000.
    segments = response.context["processing_time"].segments
    assert [s.code for s in segments] == ["km_initial", "km_investigation", "km_complaint"]
    assert sum(s.width for s in segments) == 1000
    assert segments[0].width == round(1000 * 21 / (21 + 56 + running_days))
    assert html.count("<rect ") == 3 and " style=" not in html
    table = html[html.index('data-testid="processing-time-table"') :]
    assert "i gang" in table and "20.11.2023" in table and "–" in table
    # Only finished steps make the total: 21 + 56 = 77 days → 11,0.
    assert "11,0" in table
