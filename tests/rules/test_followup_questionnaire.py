"""The answer deadline of a follow-up questionnaire: 14 days, moved to the next working day (the date is the
person's to keep). Every expected date is worked out by hand from the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from kompensation.rules.followup import questionnaire_due


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        # Monday 23.11.2026 + 14 days = Monday 07.12.2026, a working day.
        (dt.date(2026, 11, 23), dt.date(2026, 12, 7)),
        # Sent on Saturday 28.11.2026: 14 days is Saturday 12.12.2026, moved to Monday 14.12.2026.
        (dt.date(2026, 11, 28), dt.date(2026, 12, 14)),
        # Sunday 29.11.2026 + 14 = Sunday 13.12.2026, moved to Monday 14.12.2026.
        (dt.date(2026, 11, 29), dt.date(2026, 12, 14)),
        # Thursday 10.12.2026 + 14 = Thursday 24.12.2026 (juleaftensdag, offices closed); 25.12 juledag,
        # 26.12 2. juledag (a Saturday), 27.12 Sunday: Monday 28.12.2026.
        (dt.date(2026, 12, 10), dt.date(2026, 12, 28)),
        # Thursday 17.12.2026 + 14 = Thursday 31.12.2026 (nytårsaftensdag); 01.01.2027 nytårsdag (Friday),
        # then the weekend: Monday 04.01.2027.
        (dt.date(2026, 12, 17), dt.date(2027, 1, 4)),
        # Friday 20.03.2026 + 14 = Friday 03.04.2026, langfredag (Easter Sunday 2026 is 5 April); Saturday,
        # Easter Sunday and 2. påskedag Monday 06.04: Tuesday 07.04.2026.
        (dt.date(2026, 3, 20), dt.date(2026, 4, 7)),
        # Thursday 11.03.2027 + 14 = Thursday 25.03.2027, skærtorsdag (Easter Sunday 2027 is 28 March);
        # langfredag 26.03, the weekend and 2. påskedag 29.03: Tuesday 30.03.2027.
        (dt.date(2027, 3, 11), dt.date(2027, 3, 30)),
        # Friday 22.05.2026 + 14 = Friday 05.06.2026, grundlovsdag (offices closed): Monday 08.06.2026.
        (dt.date(2026, 5, 22), dt.date(2026, 6, 8)),
    ],
)
def test_questionnaire_due_is_14_days_on_the_next_working_day(sent: dt.date, due: dt.date) -> None:
    assert questionnaire_due(sent) == due
