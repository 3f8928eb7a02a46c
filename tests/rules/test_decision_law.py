"""The law of the decision's form: partial grants, refusal grounds, complaint and decision deadlines.

Expected values are worked out by hand from the calendar and pa-rules.md, never from the code's formulas.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules import eligibility
from kompensation.rules.deadlines import (
    complaint_deadline,
    decision_target,
    expected_receipt,
    is_working_day,
    late_notice_due,
    previous_working_day,
)
from kompensation.rules.eligibility import (
    REFUSAL_GROUNDS,
    DecisionFacts,
    refusal_ground_errors,
    refusal_grounds,
    unmet_conditions,
)
from kompensation.rules.pa import decision_kind

D = Decimal
YEAR_2027 = (date(2027, 1, 1), date(2027, 12, 31))

hours_st = st.integers(min_value=1, max_value=74).map(lambda n: D(n) / 2)  # 0.5 … 37 in half hours
dates_st = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def periods_st(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(dates_st)
    if draw(st.booleans()):
        return start, None
    return start, start + timedelta(days=draw(st.integers(min_value=1, max_value=2000)))


class TestDecisionKind:
    @pytest.mark.parametrize(
        ("sought", "granted", "period_granted", "expected"),
        [
            (D(10), D(10), YEAR_2027, "grant"),
            (D(10), D(12), YEAR_2027, "grant"),  # more than sought refuses nothing
            (D(10), D(9), YEAR_2027, "partial_grant"),  # the example: 9 of 10 hours
            (D(10), D("9.5"), YEAR_2027, "partial_grant"),
            (D(10), D(10), (date(2027, 2, 1), date(2027, 12, 31)), "partial_grant"),  # starts a month late
            (D(10), D(10), (date(2027, 1, 1), date(2027, 6, 30)), "partial_grant"),  # ends half a year early
            (D(10), D(10), (date(2026, 10, 1), date(2027, 12, 31)), "grant"),  # retroactive start: more
            (D(10), D(10), (date(2027, 1, 1), None), "grant"),  # until further notice covers the year
            (D(10), None, (None, None), "refusal"),
            (D(10), D(0), YEAR_2027, "refusal"),
            (None, D(5), YEAR_2027, "grant"),  # no hours sought on record: only the period is compared
        ],
    )
    def test_known_cases(
        self,
        sought: Decimal | None,
        granted: Decimal | None,
        period_granted: tuple[date | None, date | None],
        expected: str,
    ) -> None:
        assert decision_kind(sought, granted, YEAR_2027, period_granted) == expected

    def test_time_limited_grant_of_an_until_further_notice_application_is_partial(self) -> None:
        sought = (date(2027, 1, 1), None)
        assert decision_kind(D(10), D(10), sought, YEAR_2027) == "partial_grant"
        assert decision_kind(D(10), D(10), sought, (date(2027, 1, 1), None)) == "grant"

    @given(hours=hours_st, period=periods_st())
    def test_granting_exactly_what_was_sought_is_a_grant(
        self, hours: Decimal, period: tuple[date, date | None]
    ) -> None:
        assert decision_kind(hours, hours, period, period) == "grant"

    @given(sought=hours_st, data=st.data(), period=periods_st())
    def test_fewer_hours_is_always_partial(
        self, sought: Decimal, data: st.DataObject, period: tuple[date, date | None]
    ) -> None:
        if sought <= D("0.5"):
            return
        granted = data.draw(st.integers(min_value=1, max_value=int(sought * 2) - 1).map(lambda n: D(n) / 2))
        granted_period = data.draw(periods_st())
        assert decision_kind(sought, granted, period, granted_period) == "partial_grant"

    @given(hours=hours_st, period=periods_st(), later=st.integers(min_value=1, max_value=400))
    def test_a_later_start_is_partial(
        self, hours: Decimal, period: tuple[date, date | None], later: int
    ) -> None:
        start, end = period
        assert decision_kind(hours, hours, period, (start + timedelta(days=later), end)) == "partial_grant"

    @given(
        hours=hours_st,
        period=periods_st(),
        extra_hours=st.integers(min_value=0, max_value=20),
        earlier=st.integers(min_value=0, max_value=90),
    )
    def test_more_of_everything_stays_a_grant(
        self, hours: Decimal, period: tuple[date, date | None], extra_hours: int, earlier: int
    ) -> None:
        start, end = period
        wider = (start - timedelta(days=earlier), None if end is None else end + timedelta(days=earlier))
        assert decision_kind(hours, hours + extra_hours, period, wider) == "grant"


class TestRefusalGrounds:
    def test_each_ground_cites_its_own_rule(self) -> None:
        bases = {g.code: g.legal_basis for g in REFUSAL_GROUNDS}
        assert bases == {
            "impairment_not_permanent": "kompensationslovens § 4 og bekendtgørelsens § 10",
            "no_need_for_assistance": "kompensationslovens § 6",
            "job_not_compatible": "kompensationslovens § 6 stk. 3 og bekendtgørelsens § 14",
            "employment_not_covered": "kompensationslovens §§ 4 og 5",
            "hours_not_within_limit": "bekendtgørelsens § 15",
        }
        assert all("§§ 4–6" not in g.legal_basis for g in REFUSAL_GROUNDS)

    def test_errors(self) -> None:
        assert refusal_ground_errors([]) == ["Vælg den eller de betingelser, afslaget bygger på."]
        assert "paragraf_99" in refusal_ground_errors(["job_not_compatible", "paragraf_99"])[0]
        assert refusal_ground_errors(["job_not_compatible"]) == []

    def test_grounds_in_table_order_without_repeats(self) -> None:
        chosen = refusal_grounds(["job_not_compatible", "impairment_not_permanent", "job_not_compatible"])
        assert [g.code for g in chosen] == ["impairment_not_permanent", "job_not_compatible"]
        with pytest.raises(ValueError, match="Vælg"):
            refusal_grounds([])

    @given(st.sets(st.sampled_from([g.code for g in REFUSAL_GROUNDS]), min_size=1))
    def test_any_chosen_set_comes_back_whole(self, codes: set[str]) -> None:
        assert {g.code for g in refusal_grounds(codes)} == codes

    def _facts(self, outcome: str, **kwargs: bool) -> DecisionFacts:
        return DecisionFacts(
            outcome=outcome,  # type: ignore[arg-type]
            impairment_documented=True,
            compatibility_assessed=True,
            hours=D(7),
            working_hours=D(37),
            has_concrete_assessment=False,
            hearing_needed=False,
            hearing_done=False,
            period_reason_given=True,
            **kwargs,
        )

    def test_refusal_needs_grounds_and_other_help_partial_needs_its_reason(self) -> None:
        def unmet(facts: DecisionFacts) -> set[str]:
            return {c.code for c in unmet_conditions(facts)}

        assert {"refusal_grounds", "other_help"} <= unmet(
            self._facts("refusal", refusal_grounds_given=False, other_help_given=False)
        )
        assert "partial_reason" in unmet(self._facts("partial_grant", partial_reason_given=False))
        # A full grant refuses nothing, so none of the three applies.
        assert (
            unmet(
                self._facts(
                    "grant", refusal_grounds_given=False, other_help_given=False, partial_reason_given=False
                )
            )
            == set()
        )
        assert eligibility.DECISION_CONDITION_BY_CODE["partial_reason"].applies_to == {"partial_grant"}


class TestComplaintDeadline:
    def test_digital_post_is_received_the_day_it_is_sent(self) -> None:
        assert expected_receipt(date(2026, 11, 23)) == date(2026, 11, 23)
        assert expected_receipt(date(2026, 11, 23), delivery_days=2) == date(2026, 11, 25)
        with pytest.raises(ValueError):
            expected_receipt(date(2026, 11, 23), delivery_days=-1)

    def test_sent_monday_23_november_2026(self) -> None:
        # 23.11 + 28 days = Monday 21.12.2026, a working day: the example date.
        assert complaint_deadline(expected_receipt(date(2026, 11, 23))) == date(2026, 12, 21)

    def test_falling_on_christmas_moves_to_the_next_working_day(self) -> None:
        # 27.11 + 28 days = Friday 25.12 (juledag); 26.12 (2. juledag, Saturday), 27.12 Sunday → Monday 28.12.
        assert complaint_deadline(expected_receipt(date(2026, 11, 27))) == date(2026, 12, 28)


class TestDecisionTarget:
    def test_municipal_weeks(self) -> None:
        # 2.11.2026 + 6 weeks = Monday 14.12.2026.
        assert decision_target(date(2026, 11, 2), weeks=6) == date(2026, 12, 14)
        # 7.11.2026 (Saturday) + 4 weeks = Saturday 5.12.2026 → the Friday before, 4.12.2026.
        assert decision_target(date(2026, 11, 7)) == date(2026, 12, 4)
        with pytest.raises(ValueError):
            decision_target(date(2026, 11, 2), weeks=0)

    def test_previous_working_day(self) -> None:
        assert previous_working_day(date(2026, 12, 28)) == date(2026, 12, 28)
        # Sunday 27.12 ← 2. juledag ← juledag ← juleaftensdag (closed) → Wednesday 23.12.
        assert previous_working_day(date(2026, 12, 27)) == date(2026, 12, 23)

    @given(received=dates_st, weeks=st.integers(min_value=1, max_value=52))
    def test_target_is_the_last_working_day_on_or_before(self, received: date, weeks: int) -> None:
        plain = received + timedelta(weeks=weeks)
        target = decision_target(received, weeks=weeks)
        assert is_working_day(target)
        assert 0 <= (plain - target).days < 7
        assert not any(
            is_working_day(target + timedelta(days=i)) for i in range(1, (plain - target).days + 1)
        )


class TestLateNotice:
    def test_window(self) -> None:
        promised = date(2026, 11, 30)
        assert late_notice_due(promised, date(2026, 11, 23))  # 7 days left
        assert not late_notice_due(promised, date(2026, 11, 22))  # 8 days left
        assert late_notice_due(promised, date(2026, 12, 1))  # already missed

    @given(promised=dates_st, today=dates_st, later=st.integers(min_value=0, max_value=100))
    def test_once_due_it_stays_due(self, promised: date, today: date, later: int) -> None:
        if late_notice_due(promised, today):
            assert late_notice_due(promised, today + timedelta(days=later))
