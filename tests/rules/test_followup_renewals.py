"""Renewal of a time-limited grant: the reminders 8 and 4 weeks before the end date, the renewal deadline
4 weeks before it, lapse, and how long a renewal can be applied for.

Every expected date is worked out by hand with the calendar. The reminders bind the municipality, so a
reminder whose day is not a working day goes out on the last working day before; the application deadline
binds the person, so it moves forward to the next working day. 8 and 4 weeks are whole weeks, so both
reminder days fall on the end date's weekday. Not working days: Saturdays, Sundays, public holidays, and the
days public offices are closed (5 June, 24 and 31 December). Store bededag is no holiday from 2024.

Easter Sunday: 5 April 2026, 28 March 2027. Kristi himmelfartsdag: Easter + 39 days (14 May 2026,
6 May 2027). Store bededag (until 2023): Easter + 26 days (would have been Friday 1 May 2026).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.deadlines import is_working_day
from kompensation.rules.followup import (
    RenewalReminder,
    has_lapsed,
    reminders_due,
    renewal_application_due,
    renewal_offered,
    renewal_reminders,
    renewal_window_closes,
)

D = date


@pytest.mark.parametrize(
    ("end", "eight", "four", "due"),
    [
        # Ordinary: Thursday 21.01.2027. 8 weeks before: Thursday 26.11.2026. 4 weeks before: Thursday
        # 24.12.2026, juleaftensdag (closed) → reminder Wednesday 23.12; the deadline moves forward past
        # 25.12 (1. juledag, Friday), 26.12 (2. juledag, Saturday), 27.12 (Sunday) → Monday 28.12.2026.
        (D(2027, 1, 21), D(2026, 11, 26), D(2026, 12, 23), D(2026, 12, 28)),
        # A Sunday end date: Sunday 27.06.2027. 8 weeks before: Sunday 02.05.2027 → Friday 30.04.2027.
        # 4 weeks before: Sunday 30.05.2027 → reminder Friday 28.05.2027; deadline Monday 31.05.2027.
        (D(2027, 6, 27), D(2027, 4, 30), D(2027, 5, 28), D(2027, 5, 31)),
        # A Saturday end date: Saturday 26.06.2027. 8 weeks before: Saturday 01.05.2027 → Friday 30.04.2027.
        # 4 weeks before: Saturday 29.05.2027 → reminder Friday 28.05.2027; deadline Monday 31.05.2027.
        (D(2027, 6, 26), D(2027, 4, 30), D(2027, 5, 28), D(2027, 5, 31)),
        # Easter Monday: end Monday 24.05.2027. 8 weeks before: 29.03.2027, 2. påskedag → back past Easter
        # Sunday 28.03, Saturday 27.03, Good Friday 26.03, Maundy Thursday 25.03 → Wednesday 24.03.2027.
        # 4 weeks before: Monday 26.04.2027, an ordinary day (reminder and deadline).
        (D(2027, 5, 24), D(2027, 3, 24), D(2027, 4, 26), D(2027, 4, 26)),
        # Good Friday, and the former Store bededag: end Friday 29.05.2026. 8 weeks before: Good Friday
        # 03.04.2026 → Maundy Thursday 02.04 is a holiday too → Wednesday 01.04.2026. 4 weeks before:
        # Friday 01.05.2026, Store bededag until 2023 — a working day since 2024, so both stay on it.
        (D(2026, 5, 29), D(2026, 4, 1), D(2026, 5, 1), D(2026, 5, 1)),
        # Kristi himmelfartsdag: end Thursday 03.06.2027. 8 weeks before: Thursday 08.04.2027. 4 weeks
        # before: Thursday 06.05.2027, Kristi himmelfartsdag → reminder Wednesday 05.05.2027; the deadline
        # moves forward to Friday 07.05.2027 (a bank closing day, but public offices are open).
        (D(2027, 6, 3), D(2027, 4, 8), D(2027, 5, 5), D(2027, 5, 7)),
        # 2. juledag: end Tuesday 20.02.2029. 8 weeks before: Tuesday 26.12.2028, 2. juledag → back past
        # Monday 25.12 (1. juledag), Sunday 24.12 (and juleaftensdag), Saturday 23.12 → Friday 22.12.2028.
        # 4 weeks before: Tuesday 23.01.2029, an ordinary day.
        (D(2029, 2, 20), D(2028, 12, 22), D(2029, 1, 23), D(2029, 1, 23)),
        # The deadline on 2. juledag: end Tuesday 23.01.2029. 4 weeks before: Tuesday 26.12.2028 → reminder
        # Friday 22.12.2028 (as above); the deadline moves forward to Wednesday 27.12.2028. 8 weeks before:
        # Tuesday 28.11.2028.
        (D(2029, 1, 23), D(2028, 11, 28), D(2028, 12, 22), D(2028, 12, 27)),
        # Nytårsaftensdag: end Thursday 28.01.2027. 4 weeks before: Thursday 31.12.2026 (closed) → reminder
        # Wednesday 30.12.2026; the deadline moves past 01.01.2027 (nytårsdag, Friday), Saturday 02.01 and
        # Sunday 03.01 → Monday 04.01.2027. 8 weeks before: Thursday 03.12.2026.
        (D(2027, 1, 28), D(2026, 12, 3), D(2026, 12, 30), D(2027, 1, 4)),
        # Grundlovsdag: end Friday 31.07.2026. 8 weeks before: Friday 05.06.2026 (closed) → Thursday
        # 04.06.2026. 4 weeks before: Friday 03.07.2026, an ordinary day.
        (D(2026, 7, 31), D(2026, 6, 4), D(2026, 7, 3), D(2026, 7, 3)),
        # The deadline on grundlovsdag: end Friday 03.07.2026. 4 weeks before: Friday 05.06.2026 → reminder
        # Thursday 04.06.2026; the deadline moves past Saturday 06.06 and Sunday 07.06 → Monday 08.06.2026.
        # 8 weeks before: Friday 08.05.2026.
        (D(2026, 7, 3), D(2026, 5, 8), D(2026, 6, 4), D(2026, 6, 8)),
    ],
)
def test_reminder_days_and_the_renewal_deadline(end: date, eight: date, four: date, due: date) -> None:
    assert renewal_reminders(end) == (RenewalReminder(8, eight), RenewalReminder(4, four))
    assert renewal_application_due(end) == due


END = D(2027, 1, 21)  # reminders Thursday 26.11.2026 (8 weeks) and Wednesday 23.12.2026 (4 weeks)


def test_no_reminder_before_its_day() -> None:
    assert reminders_due(END, D(2026, 11, 25), frozenset()) == ()


def test_the_8_week_reminder_on_its_day_and_not_again() -> None:
    assert reminders_due(END, D(2026, 11, 26), frozenset()) == (RenewalReminder(8, D(2026, 11, 26)),)
    assert reminders_due(END, D(2026, 11, 27), frozenset({8})) == ()
    assert reminders_due(END, D(2026, 12, 22), frozenset({8})) == ()


def test_the_4_week_reminder_on_its_day() -> None:
    assert reminders_due(END, D(2026, 12, 23), frozenset({8})) == (RenewalReminder(4, D(2026, 12, 23)),)
    assert reminders_due(END, D(2026, 12, 23), frozenset({8, 4})) == ()


def test_a_missed_8_week_reminder_goes_out_late_with_the_4_week_one() -> None:
    # The job was down (or the grant was decided late): on 23.12.2026 both are due, the 8-week one late.
    assert reminders_due(END, D(2026, 12, 23), frozenset()) == (
        RenewalReminder(8, D(2026, 11, 26)),
        RenewalReminder(4, D(2026, 12, 23)),
    )
    # Still on the end date itself (the grant covers it), never the day after.
    assert len(reminders_due(END, D(2027, 1, 21), frozenset())) == 2
    assert reminders_due(END, D(2027, 1, 22), frozenset()) == ()
    assert reminders_due(END, D(2027, 1, 22), frozenset({8})) == ()


def test_lapse_is_the_day_after_the_end_date() -> None:
    assert not has_lapsed(END, D(2027, 1, 20))
    assert not has_lapsed(END, D(2027, 1, 21))  # the end date is still covered
    assert has_lapsed(END, D(2027, 1, 22))
    assert not has_lapsed(None, D(2099, 1, 1))  # until further notice never lapses


def test_renewal_window_closes_3_calendar_months_after_the_end() -> None:
    assert renewal_window_closes(D(2027, 1, 21)) == D(2027, 4, 21)
    # 30 November + 3 months: 30 February does not exist → 28 February 2027 (not a leap year).
    assert renewal_window_closes(D(2026, 11, 30)) == D(2027, 2, 28)
    assert renewal_window_closes(D(2027, 11, 30)) == D(2028, 2, 29)  # 2028 is a leap year


def test_renewal_is_offered_from_the_first_reminder_to_the_window_closing() -> None:
    assert not renewal_offered(END, D(2026, 11, 25))
    assert renewal_offered(END, D(2026, 11, 26))
    assert renewal_offered(END, D(2027, 1, 22))  # lapsed, but it can still be renewed from 22.01
    assert renewal_offered(END, D(2027, 4, 21))
    assert not renewal_offered(END, D(2027, 4, 22))


ends = st.dates(min_value=D(2001, 1, 1), max_value=D(2099, 12, 31))


@given(ends)
def test_reminders_go_out_on_working_days_never_later_than_their_week(end: date) -> None:
    eight, four = renewal_reminders(end)
    assert (eight.weeks, four.weeks) == (8, 4)
    for reminder in (eight, four):
        limit = end - timedelta(weeks=reminder.weeks)
        assert is_working_day(reminder.send_on)
        assert reminder.send_on <= limit
        # The longest run of days off is Easter (Maundy Thursday to Easter Monday): 5 days.
        assert (limit - reminder.send_on).days <= 5
    assert eight.send_on < four.send_on


@given(ends)
def test_the_deadline_is_a_working_day_on_or_after_4_weeks_before(end: date) -> None:
    due = renewal_application_due(end)
    limit = end - timedelta(weeks=4)
    assert is_working_day(due)
    assert limit <= due and (due - limit).days <= 5
    # The 4-week reminder always comes no later than the deadline it reminds of.
    assert renewal_reminders(end)[1].send_on <= due


@given(ends, st.integers(min_value=-120, max_value=120), st.sets(st.sampled_from([8, 4])))
def test_reminders_due_never_after_the_end_and_never_twice(end: date, offset: int, sent: set[int]) -> None:
    today = end + timedelta(days=offset)
    due = reminders_due(end, today, frozenset(sent))
    if today > end:
        assert due == ()
    for reminder in due:
        assert reminder.weeks not in sent and reminder.send_on <= today
