"""Hours in a payment request are for a month or a quarter, so the 168-hours-a-week cap does not apply."""

from __future__ import annotations

import datetime as dt

from kompensation.payments.forms import HoursForm


def form(value: str) -> HoursForm:
    quarter = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    return HoursForm({"hours_0_0": value}, assistants=["Assistancefirmaet ApS"], parts=[quarter])


def test_a_full_quarter_of_full_time_assistance_can_be_entered() -> None:
    # 37 hours a week × 13 weeks = 481 hours: above 168, which only caps a single week.
    hours = form("481")
    hours.is_valid()
    assert "hours_0_0" not in hours.errors
    assert hours.cleaned_data["hours_0_0"] == 481


def test_period_hours_still_come_in_half_hours_and_never_negative() -> None:
    quarter_hours = form("200,25")
    quarter_hours.is_valid()
    assert "halve timer" in quarter_hours.errors["hours_0_0"][0]
    negative = form("-5")
    negative.is_valid()
    assert "negativ" in negative.errors["hours_0_0"][0]
