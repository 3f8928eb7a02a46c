"""Change reports in the law (BEK § 29): the caseworker's deadline in working days, who may report what, and
the dates the service checks. Every expected date is worked out by hand from the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules import followup
from kompensation.rules.deadlines import is_working_day


@pytest.mark.parametrize(
    ("received", "urgent", "ordinary"),
    [
        # Thursday 19.11.2026: Fri 20 (1), Mon 23 (2) | Tue 24 (3), Wed 25 (4), Thu 26 (5).
        (date(2026, 11, 19), date(2026, 11, 23), date(2026, 11, 26)),
        # Friday 20.11.2026: the weekend does not count. Mon 23, Tue 24 | Wed 25, Thu 26, Fri 27.
        (date(2026, 11, 20), date(2026, 11, 24), date(2026, 11, 27)),
        # Saturday 21.11.2026 (a payroll system reports at the weekend): Mon 23, Tue 24 | … Fri 27.
        (date(2026, 11, 21), date(2026, 11, 24), date(2026, 11, 27)),
        # Wednesday 01.04.2026 before Easter: Thu 2 (skærtorsdag), Fri 3 (langfredag), Mon 6 (2. påskedag)
        # are holidays. Tue 7 (1), Wed 8 (2) | Thu 9 (3), Fri 10 (4), Mon 13 (5).
        (date(2026, 4, 1), date(2026, 4, 8), date(2026, 4, 13)),
        # Tuesday 22.12.2026: Wed 23 (1); 24 (juleaftensdag, closed), 25 (juledag), the weekend; Mon 28 (2)
        # | Tue 29 (3), Wed 30 (4); 31 (nytårsaftensdag, closed), 1.1 (nytårsdag), the weekend; Mon 4.1 (5).
        (date(2026, 12, 22), date(2026, 12, 28), date(2027, 1, 4)),
    ],
)
def test_change_report_due_counts_working_days(received: date, urgent: date, ordinary: date) -> None:
    assert followup.change_report_due(received, may_remove_basis=True) == urgent
    assert followup.change_report_due(received, may_remove_basis=False) == ordinary


def test_the_employer_may_report_every_change_but_the_impairment() -> None:
    person = {k.code for k in followup.change_kinds_for("person")}
    employer = {k.code for k in followup.change_kinds_for("employer")}
    assert person == {
        "new_job",
        "tasks",
        "hours",
        "impairment",
        "assistant_left",
        "assistant_sick",
        "employment_ended",
        "need_changed",
    }
    assert employer == person - {"impairment"}
    assert followup.change_kind("impairment").health
    assert [k.code for k in followup.CHANGE_KINDS if k.health] == ["impairment"]


def test_changes_that_may_remove_the_basis_are_the_urgent_ones() -> None:
    # A new job, the assistant gone, the employment ended: the grant may have to stop at once.
    urgent = {k.code for k in followup.CHANGE_KINDS if k.may_remove_basis}
    assert urgent == {"new_job", "assistant_left", "employment_ended"}


def test_an_unknown_change_is_refused_in_danish() -> None:
    with pytest.raises(ValueError, match="Ukendt ændring: lottery"):
        followup.change_kind("lottery")


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (date(2026, 11, 23), date(2027, 5, 23)),
        # 31 August + 6 months: February has no 31st, so its last day.
        (date(2026, 8, 31), date(2027, 2, 28)),
    ],
)
def test_a_change_may_be_reported_up_to_six_months_ahead(today: date, latest: date) -> None:
    assert followup.change_report_latest_day(today) == latest


@pytest.mark.parametrize(
    ("handled", "due"),
    [
        # Monday 23.11.2026 + 4 weeks = Monday 21.12.2026, a working day.
        (date(2026, 11, 23), date(2026, 12, 21)),
        # Friday 27.11.2026 + 4 weeks = Friday 25.12.2026 (juledag); 24.12 is closed too: Wednesday 23.12.
        (date(2026, 11, 27), date(2026, 12, 23)),
    ],
)
def test_the_extra_follow_up_is_within_four_weeks_on_a_working_day(handled: date, due: date) -> None:
    assert followup.change_follow_up_due(handled) == due


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)))
def test_the_deadline_is_a_working_day_the_urgent_one_first(received: date) -> None:
    urgent = followup.change_report_due(received, may_remove_basis=True)
    ordinary = followup.change_report_due(received, may_remove_basis=False)
    assert received < urgent < ordinary
    assert is_working_day(urgent) and is_working_day(ordinary)
    # Exactly 2 (and 5) working days after the day it came, counted one by one.
    between = [received + timedelta(days=n) for n in range(1, (ordinary - received).days + 1)]
    working = [d for d in between if is_working_day(d)]
    assert working[1] == urgent and working[4] == ordinary and len(working) == 5
