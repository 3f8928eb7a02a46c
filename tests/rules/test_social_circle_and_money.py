"""Serviceloven: the personal circle per scheme, the monthly BPA/§ 95 payment and aid support, by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.social import (
    CIRCLE,
    aid_support,
    circle_result,
    covered_days,
    monthly_amount,
    payment_date,
    payment_timing,
)

D = Decimal
BPA_ALL = {"impairment", "not_ordinary_help", "work_supervisor", "employer_role", "not_collective_housing"}


# --- the personal circle ----------------------------------------------------------------------------------


def test_each_scheme_has_the_criteria_of_its_paragraph() -> None:
    assert {c.code for c in CIRCLE["bpa"]} == BPA_ALL
    assert {c.code for c in CIRCLE["cash"]} == {"need_over_20", "work_supervisor"}
    aid = {c.code for c in CIRCLE["aid"]}
    assert aid == {"permanent", "remedies", "eases_daily_life", "needed_for_work", "not_treatment_device"}
    assert {c.code for c in CIRCLE["consumer_good"]} == aid | {"not_household_norm"}
    assert all("§ 96" in c.basis for c in CIRCLE["bpa"])
    assert {c.basis for c in CIRCLE["cash"]} == {"SEL § 95 stk. 2", "SEL § 95 stk. 3 og 5"}


def test_bpa_needs_every_criterion_met() -> None:
    assert circle_result("bpa", dict.fromkeys(BPA_ALL, True)).in_circle is True
    living_in_care_home = dict.fromkeys(BPA_ALL, True) | {"not_collective_housing": False}
    result = circle_result("bpa", living_in_care_home)
    assert result.in_circle is False
    assert [c.code for c in result.unmet] == ["not_collective_housing"]


def test_an_unanswered_criterion_leaves_the_circle_unsettled() -> None:
    result = circle_result("bpa", dict.fromkeys(BPA_ALL - {"work_supervisor"}, True))
    assert result.in_circle is None
    assert [c.code for c in result.unanswered] == ["work_supervisor"]


def test_an_unmet_criterion_settles_it_even_with_others_unanswered() -> None:
    result = circle_result("cash", {"need_over_20": False})
    assert result.in_circle is False
    assert [c.code for c in result.unanswered] == ["work_supervisor"]


def test_one_significance_criterion_is_enough_for_an_aid() -> None:
    answers = {"permanent": True, "remedies": False, "eases_daily_life": True, "not_treatment_device": True}
    result = circle_result("aid", answers)
    # «needed for work» is unanswered, but the group is settled by «eases daily life».
    assert result.in_circle is True
    assert result.unanswered == ()


def test_no_significance_criterion_met_is_outside_the_circle() -> None:
    answers = {
        "permanent": True,
        "remedies": False,
        "eases_daily_life": False,
        "needed_for_work": False,
        "not_treatment_device": True,
    }
    result = circle_result("aid", answers)
    assert result.in_circle is False
    assert {c.code for c in result.unmet} == {"remedies", "eases_daily_life", "needed_for_work"}


def test_a_treatment_device_or_ordinary_household_good_is_outside() -> None:
    base = {"permanent": True, "remedies": True, "not_treatment_device": True, "not_household_norm": True}
    assert circle_result("consumer_good", base).in_circle is True
    assert circle_result("consumer_good", base | {"not_household_norm": False}).in_circle is False
    assert circle_result("aid", base | {"not_treatment_device": False}).in_circle is False


# --- the money of a monthly plan --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "timing"),
    [("person", "advance"), ("relative", "advance"), ("association", "arrears"), ("company", "arrears")],
)
def test_wages_are_paid_in_advance_to_the_person_or_relative(role: str, timing: str) -> None:
    assert payment_timing(role) == timing  # type: ignore[arg-type]


def test_covered_days_of_a_month() -> None:
    nov = (2026, 11)
    assert covered_days(*nov, dt.date(2026, 1, 1), None) == 30
    assert covered_days(*nov, dt.date(2026, 11, 16), None) == 15  # 16–30 November
    assert covered_days(*nov, dt.date(2026, 11, 16), dt.date(2026, 11, 20)) == 5
    assert covered_days(*nov, dt.date(2026, 12, 1), None) == 0
    assert covered_days(*nov, dt.date(2026, 1, 1), dt.date(2026, 10, 31)) == 0


def test_a_whole_month_of_actual_hours_with_admin_per_hour() -> None:
    # 27.5 h a week for the 30 days of November: 27.5 × 30 / 7 = 117.857… hours.
    # Wages 117.857… × 200.00 = 23,571.428… → 23,571.43; admin 117.857… × 10.00 = 1,178.571… → 1,178.57.
    amount = monthly_amount(
        year=2026,
        month=11,
        start=dt.date(2026, 1, 1),
        end=None,
        actual_hours_per_week=D("27.5"),
        standby_hours_per_week=D(0),
        hourly=D("200.00"),
        standby_hourly=D("80.00"),
        admin_mode="per_hour",
        admin_value=D("10.00"),
    )
    assert amount.covered_days == 30
    assert amount.actual_hours == D("117.86")
    assert amount.wages == D("23571.43")
    assert amount.admin == D("1178.57")
    assert amount.total == D("24750.00")


def test_standby_hours_at_their_rate_and_a_monthly_admin_sum_pro_rata() -> None:
    # February 2027 has 28 days = 4 weeks; the grant starts 15 February: 14 days = 2 weeks.
    # 20 actual h × 2 = 40 h × 190.00 = 7,600.00; 10 stand-by h × 2 = 20 h × 80.00 = 1,600.00;
    # admin 2,800.00 a month × 14 / 28 = 1,400.00.
    amount = monthly_amount(
        year=2027,
        month=2,
        start=dt.date(2027, 2, 15),
        end=None,
        actual_hours_per_week=D(20),
        standby_hours_per_week=D(10),
        hourly=D("190.00"),
        standby_hourly=D("80.00"),
        admin_mode="sum",
        admin_value=D("2800.00"),
    )
    assert (amount.covered_days, amount.actual_hours, amount.standby_hours) == (14, D("40.00"), D("20.00"))
    assert amount.wages == D("9200.00")
    assert amount.admin == D("1400.00")
    assert amount.total == D("10600.00")


def test_payment_dates_in_advance_and_in_arrears() -> None:
    # December 2026 in advance: 30 November 2026 is a Monday.
    assert payment_date(2026, 12, "advance") == dt.date(2026, 11, 30)
    # February 2027 in advance: 31 January is a Sunday, so Friday 29 January.
    assert payment_date(2027, 2, "advance") == dt.date(2027, 1, 29)
    # November 2026 in arrears: Tuesday 1 December.
    assert payment_date(2026, 11, "arrears") == dt.date(2026, 12, 1)
    # December 2026 in arrears: 1 January is a holiday, 2–3 January a weekend: Monday 4 January.
    assert payment_date(2026, 12, "arrears") == dt.date(2027, 1, 4)


hours = st.decimals(min_value=0, max_value=168, places=1)


@given(hours, hours, st.sampled_from(["per_hour", "sum"]), st.integers(min_value=1, max_value=12))
def test_a_month_is_never_negative_and_more_hours_never_pay_less(
    actual: Decimal, more: Decimal, mode: str, month: int
) -> None:
    def total(h: Decimal) -> Decimal:
        return monthly_amount(
            year=2027,
            month=month,
            start=dt.date(2027, 1, 10),
            end=None,
            actual_hours_per_week=h,
            standby_hours_per_week=D(5),
            hourly=D("198.40"),
            standby_hourly=D("75.10"),
            admin_mode=mode,  # type: ignore[arg-type]
            admin_value=D("12.50") if mode == "per_hour" else D("3000"),
        ).total

    assert total(actual) >= 0
    assert total(actual + more) >= total(actual)


# --- aids and consumer goods ------------------------------------------------------------------------------


def test_an_aid_is_supported_in_full_and_a_consumer_good_by_half() -> None:
    assert aid_support("aid", D("12345.67")) == D("12345.67")
    # § 113 stk. 3: 50 % of 999.99 = 499.995, rounded half up to 500.00.
    assert aid_support("consumer_good", D("999.99")) == D("500.00")
    assert aid_support("consumer_good", D("8000.00")) == D("4000.00")


def test_aid_support_refuses_a_negative_price_or_a_scheme_without_products() -> None:
    with pytest.raises(ValueError, match="negativ"):
        aid_support("aid", D("-1"))
    with pytest.raises(ValueError, match="støtter ikke"):
        aid_support("bpa", D("100"))
