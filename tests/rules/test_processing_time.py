"""Processing time per step (Ankestyrelsen's Tabel 3.2/4.1). Expected weeks are days / 7 by hand, one
decimal, rounded half up; the day counts are written out in the comments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules import processing_time as pt
from kompensation.rules.processing_time import Milestone as M

D = Decimal
TABLE_4_1 = [
    "km_initial",
    "km_investigation",
    "km_complaint",
    "ast_waiting",
    "ast_processing",
    "km_after_remand",
    "ast_waiting_2",
    "ast_processing_2",
]


def row(times: pt.CaseTimes) -> list[Decimal | None]:
    by_code = times.by_code()
    return [by_code[code].weeks for code in TABLE_4_1]


def test_the_steps_are_tabel_4_1s_columns_with_the_trial_for_aids_only() -> None:
    assert [s.code for s in pt.steps_for("pa")] == TABLE_4_1
    assert [s.code for s in pt.steps_for("aid")] == [*TABLE_4_1[:2], "km_trial", *TABLE_4_1[2:]]
    labels = {s.code: s.label_da for s in pt.STEPS}
    assert labels["km_initial"] == "KM – Indledende kontakt"
    assert labels["km_after_remand"] == "KM – Sagsbehandling, klage og genvurdering efter hjemvisning"
    assert labels["ast_processing_2"] == "AST – Sagsbehandling 2"


def test_the_milestone_kinds_are_the_case_event_types() -> None:
    from kompensation.cases.models import EventType

    for kind in (
        pt.CASE_OPENED,
        pt.ACTIVE_STEP,
        pt.DECISION_SENT,
        pt.COMPLAINT_RECEIVED,
        pt.COMPLAINT_REASSESSED,
        pt.COMPLAINT_FORWARDED,
        pt.APPEALS_RECEIVED,
        pt.APPEALS_ASSIGNED,
        pt.APPEALS_DECIDED,
        pt.REMAND_RECEIVED,
    ):
        assert kind in EventType.values


def test_a_simple_case_without_complaint() -> None:
    times = pt.case_times(
        [
            M("case_opened", date(2024, 3, 1)),
            M("active_step", date(2024, 3, 11)),  # 10 days → 1,428… → 1,4
            M("decision_sent", date(2024, 4, 22)),  # 11 Mar → 22 Apr: 20 + 22 = 42 days → 6,0
        ]
    )
    assert row(times) == [D("1.4"), D("6.0"), None, None, None, None, None, None]
    assert times.total_days == 52 and times.total_weeks == D("7.4")  # 52 / 7 = 7,428…


def test_a_case_without_active_step_has_no_initial_contact_and_investigates_from_receipt() -> None:
    times = pt.case_times([M("case_opened", date(2024, 3, 1)), M("decision_sent", date(2024, 3, 29))])
    assert row(times)[:2] == [None, D("4.0")]  # 1 → 29 March: 28 days


def test_a_complaint_that_ended_in_a_full_change_runs_to_the_reassessment() -> None:
    times = pt.case_times(
        [
            M("case_opened", date(2024, 1, 2)),
            M("active_step", date(2024, 1, 9)),  # 7 days → 1,0
            M("decision_sent", date(2024, 2, 6)),  # 22 + 6 = 28 days → 4,0
            M("complaint_received", date(2024, 2, 27)),
            M(
                "complaint_reassessed", date(2024, 3, 19), outcome="changed"
            ),  # 6 Feb → 19 Mar: 23 + 19 = 42 → 6,0
            M("decision_sent", date(2024, 3, 19)),
        ]
    )
    assert row(times) == [D("1.0"), D("4.0"), D("6.0"), None, None, None, None, None]
    assert times.total_weeks == D("11.0")  # 77 days


def test_an_upheld_complaint_is_measured_to_its_forwarding_and_not_to_the_reassessment() -> None:
    times = pt.case_times(
        [
            M("case_opened", date(2024, 1, 2)),
            M("decision_sent", date(2024, 2, 6)),
            M("complaint_received", date(2024, 2, 20)),
            M("complaint_reassessed", date(2024, 3, 5), outcome="upheld"),
            M("complaint_forwarded", date(2024, 3, 8)),  # 6 Feb → 8 Mar: 23 + 8 = 31 days → 4,428… → 4,4
        ]
    )
    assert times.by_code()["km_complaint"].weeks == D("4.4")


def test_a_forwarded_case_with_ankestyrelsens_steps() -> None:
    times = pt.case_times(
        [
            M("case_opened", date(2023, 9, 4)),
            M("active_step", date(2023, 9, 25)),  # 21 days → 3,0
            M("decision_sent", date(2023, 11, 20)),  # 25 Sep → 20 Nov: 5 + 31 + 20 = 56 days → 8,0
            M("complaint_received", date(2023, 12, 11)),
            M("complaint_forwarded", date(2024, 1, 5)),  # 20 Nov → 5 Jan: 10 + 31 + 5 = 46 → 6,571… → 6,6
            M("appeals_received", date(2024, 1, 8)),
            M("appeals_assigned", date(2024, 3, 4)),  # 8 Jan → 4 Mar: 23 + 29 + 4 = 56 → 8,0 (2024 leap)
            M("appeals_decided", date(2024, 4, 15), outcome="upheld"),  # 4 Mar → 15 Apr: 27 + 15 = 42 → 6,0
        ]
    )
    assert row(times) == [D("3.0"), D("8.0"), D("6.6"), D("8.0"), D("6.0"), None, None, None]
    # 21 + 56 + 46 + 56 + 42 = 221 days → 31,571… → 31,6 (the 3 days from forwarding to receipt are no step)
    assert times.total_weeks == D("31.6")


def test_ankestyrelsens_assignment_unknown_leaves_waiting_empty_and_processing_from_receipt() -> None:
    times = pt.case_times(
        [
            M("case_opened", date(2024, 1, 2)),
            M("decision_sent", date(2024, 2, 6)),
            M("complaint_forwarded", date(2024, 3, 1)),
            M("appeals_received", date(2024, 3, 4)),
            M(
                "appeals_decided", date(2024, 5, 6), outcome="changed"
            ),  # 4 Mar → 6 May: 27 + 30 + 6 = 63 → 9,0
        ]
    )
    by_code = times.by_code()
    assert by_code["ast_waiting"].weeks is None
    assert by_code["ast_processing"].weeks == D("9.0")


def _chain(start: date, steps: list[tuple[str, int, int, str]]) -> list[M]:
    """Milestones `days` after the previous one: (kind, days, round, outcome)."""
    out, on = [], start
    for kind, days, round_, outcome in steps:
        on += timedelta(days=days)
        out.append(M(kind, on, round_, outcome))
    return out


def _remanded(days: list[int]) -> list[M]:
    """A case remanded once, its new decision complained about and forwarded again: the 8 steps of Tabel 4.1
    last days[0..7] days. Between the steps: 2 days by post to Ankestyrelsen, 5 days for the remand to reach
    the municipality, a new decision 100 days into the step after the remand and a complaint 20 days later."""
    initial, investigation, complaint, wait, process, after, wait2, process2 = days
    return _chain(
        date(2019, 1, 7),
        [
            ("case_opened", 0, 1, ""),
            ("active_step", initial, 1, ""),
            ("decision_sent", investigation, 1, ""),
            ("complaint_received", 10, 1, ""),
            ("complaint_reassessed", complaint - 15, 1, "upheld"),
            ("complaint_forwarded", 5, 1, ""),
            ("appeals_received", 2, 1, ""),
            ("appeals_assigned", wait, 1, ""),
            ("appeals_decided", process, 1, "remanded"),
            ("remand_received", 5, 1, ""),
            ("decision_sent", 100, 1, ""),
            ("complaint_received", 20, 2, ""),
            ("complaint_forwarded", after - 120, 2, ""),
            ("appeals_received", 1, 2, ""),
            ("appeals_assigned", wait2, 2, ""),
            ("appeals_decided", process2, 2, "upheld"),
        ],
    )


def test_a_remanded_case_reproduces_tabel_4_1_sag_4a() -> None:
    # Sag 4A: 2,3 22,1 6,7 16,0 22,3 36,4 1,1 6,9 – i alt 113,9. Days chosen to give those weeks:
    # 16/7 = 2,285… → 2,3; 155/7 = 22,142… → 22,1; 47/7 = 6,714… → 6,7; 112/7 = 16,0; 156/7 = 22,285… → 22,3;
    # 255/7 = 36,428… → 36,4; 8/7 = 1,142… → 1,1; 48/7 = 6,857… → 6,9.
    # Total: 16+155+47+112+156+255+8+48 = 797 days; 797/7 = 113,857… → 113,9 (the rounded columns add up to
    # 113,8: Tabel 4.1 adds days, not rounded weeks).
    times = pt.case_times(_remanded([16, 155, 47, 112, 156, 255, 8, 48]))
    assert row(times) == [D(w) for w in ["2.3", "22.1", "6.7", "16.0", "22.3", "36.4", "1.1", "6.9"]]
    assert times.total_weeks == D("113.9")


def test_tabel_4_1_sag_1a() -> None:
    # 5,4 47,9 24,3 0,0 18,9 56,6 2,1 9,1 = 164,3: 38/7 = 5,428…; 335/7 = 47,857…; 170/7 = 24,285…; 0;
    # 132/7 = 18,857…; 396/7 = 56,571…; 15/7 = 2,142…; 64/7 = 9,142…; 1150 days / 7 = 164,285… → 164,3.
    times = pt.case_times(_remanded([38, 335, 170, 0, 132, 396, 15, 64]))
    assert row(times) == [D(w) for w in ["5.4", "47.9", "24.3", "0.0", "18.9", "56.6", "2.1", "9.1"]]
    assert times.total_weeks == D("164.3")


def test_after_a_remand_without_a_new_complaint_the_step_ends_at_the_new_decision() -> None:
    times = pt.case_times(
        [
            M("case_opened", date(2024, 1, 2)),
            M("decision_sent", date(2024, 2, 6)),
            M("complaint_forwarded", date(2024, 3, 1)),
            M("appeals_received", date(2024, 3, 4)),
            M("appeals_decided", date(2024, 5, 6), outcome="remanded"),
            M("remand_received", date(2024, 5, 8)),
            M("decision_sent", date(2024, 6, 19)),  # 8 May → 19 Jun: 23 + 19 = 42 days → 6,0
        ]
    )
    assert times.by_code()["km_after_remand"].weeks == D("6.0")
    assert times.by_code()["ast_waiting_2"].weeks is None


def test_the_ongoing_step_counts_up_to_today_on_the_case_page() -> None:
    decided = [
        M("case_opened", date(2024, 1, 2)),
        M("active_step", date(2024, 1, 9)),
        M("decision_sent", date(2024, 2, 6)),
    ]
    complained = [*decided, M("complaint_received", date(2024, 2, 20))]
    today = date(2024, 3, 5)  # 6 Feb → 5 Mar: 23 + 5 = 28 days → 4,0
    running = pt.case_times(complained, today=today).by_code()["km_complaint"]
    assert running.ongoing and running.weeks == D("4.0") and running.end is None
    # Without a complaint, a decided case has nothing running.
    assert not any(s.ongoing for s in pt.case_times(decided, today=today).steps)
    # A withdrawn complaint stops it too.
    withdrawn = [*complained, M("complaint_closed", date(2024, 2, 27))]
    assert not any(s.ongoing for s in pt.case_times(withdrawn, today=today).steps)
    # Reports (no `today`) never count a running step, nor put it in the total.
    report = pt.case_times(complained)
    assert report.by_code()["km_complaint"].weeks is None and report.total_weeks == D("5.0")  # 35 days
    # A case just received is in initial contact, not (also) in investigation.
    fresh = pt.case_times([M("case_opened", date(2024, 3, 1))], today=date(2024, 3, 8)).by_code()
    assert fresh["km_initial"].ongoing and fresh["km_initial"].weeks == D("1.0")
    assert not fresh["km_investigation"].ongoing


def test_an_aids_trial_is_measured_for_aids_only() -> None:
    milestones = [
        M("case_opened", date(2024, 1, 2)),
        M("active_step", date(2024, 1, 9)),
        M("trial_started", date(2024, 1, 15)),
        M("trial_ended", date(2024, 2, 12)),  # 16 + 12 = 28 days → 4,0
        M("decision_sent", date(2024, 2, 20)),
    ]
    assert pt.case_times(milestones, scheme="aid").by_code()["km_trial"].weeks == D("4.0")
    assert "km_trial" not in pt.case_times(milestones, scheme="pa").by_code()


def test_dates_out_of_order_are_not_measured() -> None:
    times = pt.case_times(
        [M("case_opened", date(2024, 3, 1)), M("decision_sent", date(2024, 2, 1))]
    ).by_code()
    assert times["km_investigation"].weeks is None


def test_averages_are_over_the_cases_that_have_the_step_rounded_half_up() -> None:
    def case(initial: int, investigation: int) -> list[M]:
        return _chain(
            date(2024, 1, 1),
            [
                ("case_opened", 0, 1, ""),
                ("active_step", initial, 1, ""),
                ("decision_sent", investigation, 1, ""),
            ],
        )

    times = [
        pt.case_times(case(1, 14)),
        pt.case_times(case(2, 14)),
        pt.case_times(case(2, 14)),
        pt.case_times(case(2, 28)),
        pt.case_times([M("case_opened", date(2024, 1, 1)), M("decision_sent", date(2024, 1, 8))]),
    ]
    avg = pt.averages(times)
    # Initial contact: 4 cases, 1 + 2 + 2 + 2 = 7 days; 7 / (7 × 4) = 0,25 → half up 0,3 (half-even: 0,2).
    assert avg.per_step["km_initial"] == D("0.3") and avg.counts["km_initial"] == 4
    # Investigation: 5 cases, 14 + 14 + 14 + 28 + 7 = 77 days; 77 / 35 = 2,2.
    assert avg.per_step["km_investigation"] == D("2.2")
    assert avg.per_step["km_complaint"] is None
    # Total: (15 + 16 + 16 + 30 + 7) = 84 days over 5 cases; 84 / 35 = 2,4.
    assert avg.total == D("2.4") and avg.cases == 5


def test_averages_per_year_of_the_first_decision() -> None:
    def case(received: date, decided: date) -> pt.CaseTimes:
        return pt.case_times([M("case_opened", received), M("decision_sent", decided)])

    years = pt.averages_by_year(
        [
            case(date(2023, 12, 1), date(2024, 1, 5)),  # 35 days, decided 2024
            case(date(2024, 2, 1), date(2024, 2, 15)),  # 14 days, 2024
            case(date(2023, 3, 1), date(2023, 3, 8)),  # 7 days, 2023
            pt.case_times([M("case_opened", date(2024, 1, 1))]),  # no decision: left out
        ]
    )
    assert [(y.year, y.averages.cases) for y in years] == [(2024, 2), (2023, 1)]
    assert years[0].averages.per_step["km_investigation"] == D("3.5")  # 49 / 14
    assert years[1].averages.total == D("1.0")


ordered_gaps = st.lists(st.integers(min_value=0, max_value=400), min_size=8, max_size=8)


@given(ordered_gaps)
def test_no_step_is_negative_and_the_total_is_the_shown_steps_days(gaps: list[int]) -> None:
    # The complaint step holds 15 fixed days, the step after the remand 120 (see _remanded).
    days = [g + 120 if i == 5 else g + 15 if i == 2 else g for i, g in enumerate(gaps)]
    times = pt.case_times(_remanded(days))
    shown = [s for s in times.steps if s.days is not None]
    assert len(shown) == 8
    assert all(s.days is not None and s.days >= 0 for s in shown)
    total = sum(s.days for s in shown if s.days is not None)
    assert total == sum(days) and times.total_days == total
    assert times.total_weeks == (D(total) / 7).quantize(D("0.1"), rounding="ROUND_HALF_UP")
    # The rounded columns add up to the total within 0,05 week per column.
    column_sum = sum((s.weeks for s in shown if s.weeks is not None), D(0))
    assert abs(times.total_weeks - column_sum) <= D("0.05") * len(shown)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=50))
def test_weeks_round_half_up(days: int, count: int) -> None:
    exact = D(days) / (7 * count)
    got = pt.weeks(days, count)
    assert abs(got - exact) <= D("0.05")
    # Half up: exactly halfway goes up, never down.
    if (exact * 100) % 10 == 5 and exact * 100 == int(exact * 100):
        assert got > exact
