"""Serviceloven §§ 95–96: the measurement, its thresholds, age limits and deductions, worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.social import (
    Activity,
    Circumstances,
    activity_errors,
    below_need,
    measure,
    need_statement,
)

D = Decimal


def row(category: str, minutes: int, times: int = 1, per: str = "week", **kw: object) -> Activity:
    return Activity(
        category=category,  # type: ignore[arg-type]
        name=kw.pop("name", category),  # type: ignore[arg-type]
        minutes=minutes,
        occurrences=D(times),
        per=per,  # type: ignore[arg-type]
        reason="Kan ikke selv",
        **kw,  # type: ignore[arg-type]
    )


CASH_ADULT = Circumstances(scheme="cash", age=40)
BPA = Circumstances(scheme="bpa", age=40)


def codes(activities: list[Activity], circumstances: Circumstances) -> set[str]:
    return {f.code for f in measure(activities, circumstances).findings}


# --- totals ----------------------------------------------------------------------------------------


def test_a_daily_row_counts_seven_times_a_week() -> None:
    # 30 minutes twice a day: 30 × 2 × 7 = 420 minutes = 7 hours a week.
    m = measure([row("personal_care", 30, 2, per="day")], BPA)
    assert m.total_hours == D("7.00")
    assert m.hours_by_category == {"personal_care": D("7.00")}


def test_the_need_is_rounded_up_to_the_half_hour() -> None:
    # 25 minutes a day: 175 minutes = 2.9166… hours, shown as 2.92; the decision must cover 3 hours.
    m = measure([row("personal_care", 25, 1, per="day")], BPA)
    assert m.total_hours == D("2.92")
    assert m.need_hours == D("3.0")
    # 30 minutes a day: exactly 3.5 hours, nothing to round.
    assert measure([row("personal_care", 30, 1, per="day")], BPA).need_hours == D("3.5")


def test_actual_and_standby_hours_are_totalled_apart() -> None:
    # Care 10 h actual (600 min) and help outside the home 4 h stand-by (240 min).
    m = measure([row("personal_care", 600), row("outside_home", 240, hour_kind="standby")], BPA)
    assert (m.actual_hours, m.standby_hours, m.total_hours) == (D("10.00"), D("4.00"), D("14.00"))


# --- § 95 stk. 2: more than 20 hours a week ---------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "met"),
    [(1200, False), (1201, True), (1230, True), (1140, False)],
)
def test_cash_threshold_is_more_than_20_hours(minutes: int, met: bool) -> None:
    # 1,200 minutes is exactly 20 hours: not «more than 20». 1,201 minutes is 20.02 hours.
    m = measure([row("personal_care", minutes)], CASH_ADULT)
    assert m.threshold_met is met


def test_relief_is_measured_but_not_counted_towards_the_20_hours() -> None:
    # Care 20 h + relief 10 h: the need is 30 h, but only the 20 h of care count, and 20 is not more than 20.
    m = measure([row("personal_care", 1200), row("relief", 600)], CASH_ADULT)
    assert m.total_hours == D("30.00")
    assert m.qualifying_hours == D("20.00")
    assert m.threshold_met is False


def test_practical_help_and_help_outside_the_home_count_towards_the_20_hours() -> None:
    # 12 h care + 5 h cleaning and laundry + 4 h family visits = 21 h > 20.
    m = measure([row("personal_care", 720), row("practical", 300), row("outside_home", 240)], CASH_ADULT)
    assert m.qualifying_hours == D("21.00")
    assert m.threshold_met is True


def test_bpa_has_no_hour_threshold() -> None:
    assert measure([row("personal_care", 60)], BPA).threshold_met is None


# --- § 95 stk. 4: supervision only for ages 18–23, only at night -------------------------------------


@pytest.mark.parametrize(
    ("age", "night", "refused"),
    [(17, True, True), (18, True, False), (23, True, False), (24, True, True), (20, False, True)],
)
def test_cash_supervision_only_for_18_to_23_year_olds_at_night(age: int, night: bool, refused: bool) -> None:
    activities = [row("supervision", 480, 7, night=night)]
    found = codes(activities, Circumstances(scheme="cash", age=age))
    assert ("supervision_cash" in found) is refused


def test_bpa_supervision_has_no_age_limit() -> None:
    assert "supervision_cash" not in codes([row("supervision", 480, 7)], Circumstances(scheme="bpa", age=70))


def test_accompaniment_belongs_under_97_not_in_cash_allowance() -> None:
    assert "accompaniment_cash" in codes([row("accompaniment", 120)], CASH_ADULT)
    assert "accompaniment_cash" not in codes([row("accompaniment", 120)], BPA)


# --- stand-by hours and round-the-clock need ------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["bpa", "cash"])
def test_pure_supervision_is_never_standby_hours(scheme: str) -> None:
    circumstances = Circumstances(scheme=scheme, age=20)  # type: ignore[arg-type]
    assert "standby_supervision" in codes(
        [row("supervision", 60, night=True, hour_kind="standby")], circumstances
    )
    assert "standby_supervision" not in codes([row("supervision", 60, night=True)], circumstances)
    assert "standby_supervision" not in codes([row("outside_home", 60, hour_kind="standby")], circumstances)


def test_round_the_clock_without_an_emergency_call_is_actual_hours_the_whole_week() -> None:
    # 100 hours measured, but the person needs help around the clock and cannot call for it: 24 × 7 = 168.
    around = Circumstances(scheme="bpa", age=35, round_the_clock=True, can_call_for_help=False)
    m = measure([row("personal_care", 6000)], around)
    assert m.total_hours == D("100.00")
    assert m.need_hours == D(168)
    assert m.payable_hours == D(168)
    assert "round_the_clock_actual" not in {f.code for f in m.findings}
    # Stand-by hours do not cover such a need.
    assert "round_the_clock_actual" in codes([row("personal_care", 6000, hour_kind="standby")], around)
    # Able to use an emergency call: the measured 100 hours stand.
    able = Circumstances(scheme="bpa", age=35, round_the_clock=True, can_call_for_help=True)
    assert measure([row("personal_care", 6000)], able).need_hours == D(100)


def test_round_the_clock_need_less_what_an_aid_covers() -> None:
    # 168 h needed; a washing-drying toilet (§ 112) covers 14 h of toilet help a week: BPA pays 168 − 14.
    around = Circumstances(scheme="bpa", age=35, round_the_clock=True, can_call_for_help=False)
    m = measure([row("personal_care", 6000), row("personal_care", 840, covered_by="SEL § 112")], around)
    assert m.need_hours == D(168)
    assert m.covered_elsewhere_hours == D("14.00")
    assert m.payable_hours == D(154)


# --- warnings when a category the law requires is missing --------------------------------------------


def test_cash_warns_of_missing_practical_help_outside_home_and_relief() -> None:
    m = measure([row("personal_care", 1500)], CASH_ADULT)
    assert {f.code for f in m.warnings} == {"practical_missing", "outside_home_missing", "relief_missing"}
    assert m.errors == ()


def test_no_relief_warning_when_the_carer_declines_relief_or_in_bpa() -> None:
    declines = Circumstances(scheme="cash", age=40, carer_declines_relief=True)
    assert "relief_missing" not in codes([row("personal_care", 1500)], declines)
    assert codes([row("personal_care", 1500)], BPA) == {"practical_missing", "outside_home_missing"}


def test_the_warnings_go_once_the_categories_are_measured() -> None:
    rows = [row("personal_care", 1200), row("practical", 120), row("outside_home", 120), row("relief", 240)]
    assert codes(rows, CASH_ADULT) == set()


# --- deductions: what other provisions cover ----------------------------------------------------------


def test_relief_in_kind_is_part_of_the_need_and_deducted_from_the_payment() -> None:
    # 35 h care + 10 h relief given in kind under § 84: need 45 h, the allowance pays 45 − 10 = 35 h.
    m = measure(
        [row("personal_care", 2100), row("relief", 600, covered_by="SEL § 84 aflastning")], CASH_ADULT
    )
    assert m.need_hours == D(45)
    assert m.covered_elsewhere_hours == D("10.00")
    assert m.payable_hours == D(35)


def test_the_paid_hours_may_fall_below_20_while_the_threshold_is_met() -> None:
    # 15 h care, 6 h toilet help replaced by a § 112 washing-drying toilet, 4 h relief under § 84:
    # the help counted towards § 95 stk. 2 is 15 + 6 = 21 h (> 20), the allowance pays 25 − 6 − 4 = 15 h.
    m = measure(
        [
            row("personal_care", 900),
            row("personal_care", 360, covered_by="SEL § 112 vaske-tørre-toilet"),
            row("relief", 240, covered_by="SEL § 84"),
        ],
        CASH_ADULT,
    )
    assert m.qualifying_hours == D("21.00")
    assert m.threshold_met is True
    assert m.need_hours == D(25)
    assert m.payable_hours == D(15)


def test_everything_covered_elsewhere_pays_nothing() -> None:
    m = measure([row("personal_care", 600, covered_by="SEL § 83")], BPA)
    assert (m.need_hours, m.payable_hours) == (D(10), D(0))


# --- the statement the decision carries, and the 56-vs-21 check --------------------------------------


def test_need_statement_says_what_others_cover() -> None:
    m = measure([row("personal_care", 2100), row("relief", 600, covered_by="SEL § 84")], CASH_ADULT)
    assert need_statement(m, "cash") == (
        "Behovet er udmålt til 45 timer om ugen (45 egentlige timer og 0 rådighedstimer). Afgørelsen skal "
        "dække 45 timer om ugen. Heraf dækkes 10 timer efter andre bestemmelser, så 35 timer om ugen dækkes "
        "af det kontante tilskud."
    )


def test_fewer_hours_than_the_need_is_below_need() -> None:
    # Ankestyrelsen's case: at least 56 hours a week needed (8 hours a day), 21 granted.
    m = measure([row("personal_care", 480, 1, per="day")], BPA)
    assert m.need_hours == D(56)
    assert below_need(D(21), m) is True
    assert below_need(D("55.5"), m) is True
    assert below_need(D(56), m) is False


# --- a row as entered -------------------------------------------------------------------------------------


def test_a_row_must_name_the_activity_time_frequency_and_reason() -> None:
    bad = Activity(category="personal_care", name=" ", minutes=0, occurrences=D(0), reason="")
    assert set(activity_errors(bad)) == {"name", "minutes", "occurrences", "reason"}


def test_a_row_cannot_fill_more_than_a_day_or_a_week() -> None:
    # 60 minutes 25 times a day = 1,500 minutes > 1,440 in a day.
    assert "occurrences" in activity_errors(row("personal_care", 60, 25, per="day"))
    assert "occurrences" not in activity_errors(row("personal_care", 60, 24, per="day"))
    # 1,440 minutes 8 times a week = 11,520 > 10,080 minutes in a week.
    assert "occurrences" in activity_errors(row("supervision", 1440, 8))
    assert "minutes" in activity_errors(row("personal_care", 1441))


# --- properties ------------------------------------------------------------------------------------------

CATEGORIES = ["personal_care", "practical", "outside_home", "accompaniment", "supervision", "relief"]

activities = st.builds(
    Activity,
    category=st.sampled_from(CATEGORIES),
    name=st.just("aktivitet"),
    minutes=st.integers(min_value=1, max_value=240),
    occurrences=st.integers(min_value=1, max_value=5).map(Decimal),
    per=st.sampled_from(["day", "week"]),
    hour_kind=st.sampled_from(["actual", "standby"]),
    night=st.booleans(),
    reason=st.just("begrundelse"),
    covered_by=st.sampled_from(["", "", "SEL § 84"]),
)
circumstances = st.builds(
    Circumstances,
    scheme=st.sampled_from(["bpa", "cash"]),
    age=st.integers(min_value=0, max_value=100),
    round_the_clock=st.booleans(),
    can_call_for_help=st.booleans(),
    carer_declines_relief=st.booleans(),
)


@given(st.lists(activities, max_size=12), activities, circumstances)
def test_adding_an_activity_never_lowers_the_total(
    rows: list[Activity], extra: Activity, c: Circumstances
) -> None:
    before, after = measure(rows, c), measure([*rows, extra], c)
    assert after.total_hours >= before.total_hours
    assert after.need_hours >= before.need_hours
    if c.scheme == "cash":
        assert after.qualifying_hours is not None and before.qualifying_hours is not None
        assert after.qualifying_hours >= before.qualifying_hours


@given(st.lists(activities, max_size=12), circumstances)
def test_deductions_never_make_the_payment_negative(rows: list[Activity], c: Circumstances) -> None:
    m = measure(rows, c)
    assert D(0) <= m.payable_hours <= m.need_hours
    assert m.covered_elsewhere_hours <= m.total_hours


@given(st.lists(activities, max_size=12), circumstances)
def test_the_need_is_the_total_rounded_up_to_a_half_hour(rows: list[Activity], c: Circumstances) -> None:
    m = measure(rows, c)
    assert (m.need_hours * 2) == (m.need_hours * 2).to_integral()
    assert m.need_hours >= m.total_hours
    if not (c.scheme == "bpa" and c.round_the_clock and not c.can_call_for_help):
        assert m.need_hours < m.total_hours + D("0.5")
