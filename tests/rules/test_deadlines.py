from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.deadlines import (
    COMPLAINT_WEEKS,
    COSIGN_REMINDER_DAYS,
    DECISION_TARGET_WEEKS,
    HEARING_RESPONSE_DAYS,
    complaint_deadline,
    complaint_in_time,
    days_remaining,
    decision_target,
    due_date,
    expected_receipt,
    hearing_deadline,
    is_working_day,
    next_working_day,
    reassessment_deadline,
)

dates_st = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_constants() -> None:
    assert DECISION_TARGET_WEEKS == 4
    assert COMPLAINT_WEEKS == 4
    assert HEARING_RESPONSE_DAYS == 14
    assert COSIGN_REMINDER_DAYS == 14


class TestIsWorkingDay:
    @pytest.mark.parametrize(
        "d",
        [
            date(2026, 11, 7),  # lørdag
            date(2026, 11, 8),  # søndag
            date(2026, 1, 1),  # nytårsdag
            date(2026, 4, 2),  # skærtorsdag
            date(2026, 4, 3),  # langfredag
            date(2026, 4, 6),  # 2. påskedag
            date(2026, 5, 14),  # Kristi himmelfartsdag
            date(2026, 5, 25),  # 2. pinsedag
            date(2026, 6, 5),  # grundlovsdag (fredag)
            date(2025, 6, 5),  # grundlovsdag (torsdag)
            date(2026, 12, 24),  # juleaftensdag (torsdag)
            date(2026, 12, 25),  # juledag
            date(2025, 12, 26),  # 2. juledag (fredag)
            date(2025, 12, 31),  # nytårsaftensdag (onsdag)
            date(2023, 5, 5),  # store bededag 2023
            date(2020, 5, 8),  # store bededag 2020
        ],
    )
    def test_not_working_days(self, d: date) -> None:
        assert not is_working_day(d)

    @pytest.mark.parametrize(
        "d",
        [
            date(2026, 11, 2),  # mandag
            date(2026, 11, 6),  # fredag
            date(2024, 4, 26),  # tidligere store bededag, afskaffet fra 2024
            date(2025, 5, 16),  # tidligere store bededag, afskaffet fra 2024
            date(2026, 12, 23),
            date(2026, 12, 28),
            date(2026, 6, 4),
            date(2025, 1, 2),
        ],
    )
    def test_working_days(self, d: date) -> None:
        assert is_working_day(d)

    def test_accepts_datetime(self) -> None:
        assert not is_working_day(datetime(2026, 12, 24, 10, 30))
        assert is_working_day(datetime(2026, 12, 23, 10, 30))


class TestNextWorkingDay:
    def test_itself_when_working_day(self) -> None:
        assert next_working_day(date(2026, 11, 2)) == date(2026, 11, 2)

    def test_christmas_to_new_year(self) -> None:
        # 24, 25, 26 (Sat), 27 (Sun) Dec 2026 → Monday 28 Dec.
        assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
        # 31 Dec 2026 (Thu), 1 Jan 2027 (Fri), weekend → Monday 4 Jan 2027.
        assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)

    def test_easter(self) -> None:
        # Maundy Thursday 2026 → Easter Tuesday.
        assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)

    def test_returns_date_for_datetime(self) -> None:
        result = next_working_day(datetime(2026, 11, 7, 9, 0))
        assert result == date(2026, 11, 9)
        assert type(result) is date


class TestDueDate:
    @pytest.mark.parametrize(
        ("start", "weeks", "days", "expected"),
        [
            # Plain: Monday + 4 weeks is a Monday working day.
            (date(2026, 11, 2), 4, 0, date(2026, 11, 30)),
            # Lands on Saturday → Monday.
            (date(2026, 10, 10), 4, 0, date(2026, 11, 9)),
            (date(2026, 11, 2), 0, 5, date(2026, 11, 9)),
            # Lands on Christmas Eve (Thursday) → Monday 28 Dec.
            (date(2026, 11, 26), 4, 0, date(2026, 12, 28)),
            # Lands on Constitution Day (Friday 5 June 2026) → Monday 8 June.
            (date(2026, 5, 8), 4, 0, date(2026, 6, 8)),
            # Lands on Constitution Day (Thursday 5 June 2025) → Friday 6 June.
            (date(2025, 5, 8), 4, 0, date(2025, 6, 6)),
            # Lands on Easter Monday 2026 → Tuesday 7 April.
            (date(2026, 3, 9), 4, 0, date(2026, 4, 7)),
            # Lands on New Year's Eve (Wednesday 2025) → Friday 2 Jan 2026.
            (date(2025, 12, 3), 4, 0, date(2026, 1, 2)),
            # Lands on Store Bededag 2023 (Friday 5 May) → Monday 8 May.
            (date(2023, 4, 7), 4, 0, date(2023, 5, 8)),
            # The former Store Bededag 2024 (Friday 26 April) is an ordinary working day.
            (date(2024, 3, 29), 4, 0, date(2024, 4, 26)),
            # Combined weeks and days.
            (date(2026, 11, 2), 1, 3, date(2026, 11, 12)),
            # Zero offset on a non-working day still moves forward.
            (date(2026, 11, 7), 0, 0, date(2026, 11, 9)),
        ],
    )
    def test_known_dates(self, start: date, weeks: int, days: int, expected: date) -> None:
        assert due_date(start, weeks=weeks, days=days) == expected

    @pytest.mark.parametrize(("weeks", "days"), [(-1, 0), (0, -1), (-1, -1)])
    def test_negative_offsets_rejected(self, weeks: int, days: int) -> None:
        with pytest.raises(ValueError, match="negativ"):
            due_date(date(2026, 11, 2), weeks=weeks, days=days)

    @given(
        start=dates_st,
        weeks=st.integers(min_value=0, max_value=52),
        days=st.integers(min_value=0, max_value=60),
    )
    def test_due_is_working_day_close_to_plain_date(self, start: date, weeks: int, days: int) -> None:
        plain = start + timedelta(weeks=weeks, days=days)
        due = due_date(start, weeks=weeks, days=days)
        assert is_working_day(due)
        assert plain <= due
        # The longest run of closed days is Christmas/New Year or Easter plus weekends.
        assert (due - plain).days <= 10
        if is_working_day(plain):
            assert due == plain
        else:
            # Every day skipped is a non-working day.
            skipped = [plain + timedelta(days=i) for i in range((due - plain).days)]
            assert not any(is_working_day(d) for d in skipped)


class TestConvenience:
    def test_decision_target(self) -> None:
        assert decision_target(date(2026, 11, 2)) == date(2026, 11, 30)
        # 26.11 + 28 days = 24.12 (juleaftensdag, closed). The target binds the municipality, so it is the
        # last working day before, Wednesday 23.12, not the next one after Christmas.
        assert decision_target(date(2026, 11, 26)) == date(2026, 12, 23)

    def test_complaint_deadline(self) -> None:
        assert complaint_deadline(date(2026, 3, 9)) == date(2026, 4, 7)
        assert complaint_deadline(date(2026, 11, 3)) == date(2026, 12, 1)

    def test_hearing_deadline(self) -> None:
        assert hearing_deadline(date(2026, 11, 2)) == date(2026, 11, 16)
        # 14 days after 10 Dec 2026 is Christmas Eve → Monday 28 Dec.
        assert hearing_deadline(date(2026, 12, 10)) == date(2026, 12, 28)
        assert hearing_deadline(date(2026, 11, 2), days=7) == date(2026, 11, 9)
        with pytest.raises(ValueError):
            hearing_deadline(date(2026, 11, 2), days=-1)

    @pytest.mark.parametrize(
        ("due", "today", "expected"),
        [
            (date(2026, 11, 30), date(2026, 11, 2), 28),
            (date(2026, 11, 30), date(2026, 11, 30), 0),
            (date(2026, 11, 30), date(2026, 12, 3), -3),
            (date(2027, 1, 1), date(2026, 12, 31), 1),
        ],
    )
    def test_days_remaining(self, due: date, today: date, expected: int) -> None:
        assert days_remaining(due, today) == expected

    def test_days_remaining_ignores_time_of_day(self) -> None:
        assert days_remaining(date(2026, 11, 30), datetime(2026, 11, 29, 23, 59)) == 1


# --- Complaints (RSL §§ 66–67) ----------------------------------------------------------------------------
#
# Calendar used below, checked against a printed Danish calendar for 2025–2027:
#   March/April 2026:  Fri 6 Mar; +28 days = Fri 3 Apr (langfredag); Thu 2 Apr skærtorsdag; Sat 4, Sun 5
#                      (påskedag); Mon 6 Apr 2. påskedag; Tue 7 Apr the first working day.
#   June 2026:         Fri 5 Jun grundlovsdag (offices closed), Sat 6, Sun 7, Mon 8 Jun working day.
#   December 2025:     Wed 24 Dec juleaftensdag (closed), Thu 25 and Fri 26 Dec helligdage, Sat 27, Sun 28,
#                      Mon 29 Dec working day.
#   December 2026:     Thu 24 Dec juleaftensdag, Wed 23 Dec the last working day before it.


class TestComplaintDeadline:
    @pytest.mark.parametrize(
        ("received", "expected"),
        [
            # Received Friday 6 March 2026; four weeks later is Good Friday 3 April; the Saturday, Easter
            # Sunday and Easter Monday follow, so the deadline runs to Tuesday 7 April 2026.
            (date(2026, 3, 6), date(2026, 4, 7)),
            # Received Thursday 5 March: four weeks is Maundy Thursday 2 April → also Tuesday 7 April.
            (date(2026, 3, 5), date(2026, 4, 7)),
            # Received Wednesday 4 March: four weeks is Wednesday 1 April, a working day: unchanged.
            (date(2026, 3, 4), date(2026, 4, 1)),
            # Received Friday 8 May 2026: four weeks is Friday 5 June, grundlovsdag → Monday 8 June.
            (date(2026, 5, 8), date(2026, 6, 8)),
            # Received Wednesday 26 Nov 2025: four weeks is Christmas Eve; 25/26 Dec and the weekend follow
            # → Monday 29 December 2025.
            (date(2025, 11, 26), date(2025, 12, 29)),
            # Received Thursday 3 Dec 2026: four weeks is New Year's Eve (closed), then New Year's Day (Fri)
            # and the weekend → Monday 4 January 2027.
            (date(2026, 12, 3), date(2027, 1, 4)),
        ],
    )
    def test_hand_derived(self, received: date, expected: date) -> None:
        assert complaint_deadline(received) == expected

    def test_in_time_on_the_extended_day_and_not_after(self) -> None:
        # Friday 6 March 2026 → deadline Tuesday 7 April (see above).
        assert complaint_in_time(date(2026, 3, 6), date(2026, 4, 3))  # Good Friday itself
        assert complaint_in_time(date(2026, 3, 6), date(2026, 4, 7))  # the extended last day
        assert not complaint_in_time(date(2026, 3, 6), date(2026, 4, 8))  # the day after
        # The day of receipt, and the plain 28th day when it is a working day.
        assert complaint_in_time(date(2026, 3, 4), date(2026, 3, 4))
        assert complaint_in_time(date(2026, 3, 4), date(2026, 4, 1))
        assert not complaint_in_time(date(2026, 3, 4), date(2026, 4, 2))

    def test_digital_post_is_received_the_day_it_is_sent(self) -> None:
        # A decision sent by Digital Post on Friday 6 March 2026 counts as received that day.
        assert expected_receipt(date(2026, 3, 6)) == date(2026, 3, 6)
        assert expected_receipt(datetime(2026, 3, 6, 23, 30)) == date(2026, 3, 6)

    @given(dates_st)
    def test_deadline_is_a_working_day_at_least_28_days_on(self, received: date) -> None:
        deadline = complaint_deadline(received)
        assert is_working_day(deadline)
        assert (deadline - received).days >= 28
        # It is extended only across days that are not working days.
        assert all(
            not is_working_day(received + timedelta(days=n)) for n in range(28, (deadline - received).days)
        )

    @given(dates_st)
    def test_the_deadline_day_is_in_time_and_the_day_after_is_not(self, received: date) -> None:
        deadline = complaint_deadline(received)
        assert complaint_in_time(received, deadline)
        assert not complaint_in_time(received, deadline + timedelta(days=1))


class TestReassessmentDeadline:
    @pytest.mark.parametrize(
        ("received", "expected"),
        [
            # Complaint Monday 9 March 2026: four weeks is Monday 6 April, Easter Monday. The deadline binds
            # the jobcentre, so it moves BACK: Sunday 5, Saturday 4, Good Friday 3, Maundy Thursday 2 April
            # are all closed → Wednesday 1 April 2026.
            (date(2026, 3, 9), date(2026, 4, 1)),
            # Complaint Friday 6 March 2026: four weeks is Good Friday → back to Wednesday 1 April.
            (date(2026, 3, 6), date(2026, 4, 1)),
            # Complaint Friday 8 May 2026: four weeks is grundlovsdag Friday 5 June → Thursday 4 June.
            (date(2026, 5, 8), date(2026, 6, 4)),
            # Complaint Thursday 26 Nov 2026: four weeks is Christmas Eve → Wednesday 23 December.
            (date(2026, 11, 26), date(2026, 12, 23)),
            # Complaint Friday 1 May 2026: four weeks is Friday 29 May, a working day: unchanged.
            (date(2026, 5, 1), date(2026, 5, 29)),
        ],
    )
    def test_hand_derived(self, received: date, expected: date) -> None:
        assert reassessment_deadline(received) == expected

    def test_weeks_must_be_positive(self) -> None:
        with pytest.raises(ValueError):
            reassessment_deadline(date(2026, 3, 9), weeks=0)

    @given(dates_st)
    def test_never_later_than_four_weeks_and_a_working_day(self, received: date) -> None:
        due = reassessment_deadline(received)
        assert is_working_day(due)
        assert (due - received).days <= 28
        # Moved back only across days that are not working days.
        assert all(
            not is_working_day(received + timedelta(days=n)) for n in range((due - received).days + 1, 29)
        )
