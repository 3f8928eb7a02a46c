"""The visits part's dates: which ended grants a visit may still concern, and supervision's 12 months."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.followup import (
    AUDIT_FIRST_REASSESSMENT_HELD_PCT,
    FOLLOW_UP_INBOX_DAYS,
    supervision_since,
    visit_grants_ended_since,
)


def test_a_visit_reaches_back_one_calendar_year() -> None:
    assert visit_grants_ended_since(dt.date(2026, 11, 23)) == dt.date(2025, 11, 23)
    # 29 February a year back is 28 February (there is no 29th).
    assert visit_grants_ended_since(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert visit_grants_ended_since(dt.date(2025, 1, 1)) == dt.date(2024, 1, 1)


def test_supervision_looks_at_the_last_twelve_months() -> None:
    assert supervision_since(dt.date(2026, 11, 23)) == dt.date(2025, 11, 23)
    assert supervision_since(dt.date(2026, 3, 31)) == dt.date(2025, 3, 31)


def test_the_figures_the_product_shows() -> None:
    # The audit's figure 6.4: 90 % of the cases due had the reassessment after one year.
    assert AUDIT_FIRST_REASSESSMENT_HELD_PCT == 90
    assert FOLLOW_UP_INBOX_DAYS == 30


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_year_back_is_between_365_and_366_days(today: dt.date) -> None:
    since = visit_grants_ended_since(today)
    assert 365 <= (today - since).days <= 366
    assert since.month == today.month and since.year == today.year - 1
