"""The follow-up plan's law: the first reassessment (BEK § 15 stk. 4), the next follow-up, the risk profile's
proposal, the young-person sign and how a chosen plan departs from the proposal. Expected dates are written
out by hand from the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.deadlines import is_working_day
from kompensation.rules.followup import (
    CLOSE_INTERVAL_MONTHS,
    RISK_FACTOR_CODES,
    age_on,
    first_reassessment_due,
    follow_up_proposal,
    is_young,
    next_follow_up_due,
    plan_departures,
    proposed_due,
)


class TestFirstReassessment:
    def test_the_same_date_a_year_later_on_a_working_day(self) -> None:
        # 23.11.2026 → 23.11.2027, a Tuesday.
        assert first_reassessment_due(date(2026, 11, 23)) == date(2027, 11, 23)

    def test_an_anniversary_on_a_saturday_falls_on_the_friday_before(self) -> None:
        # 6.3.2027 is a Saturday: the municipality must act by Friday 5.3.2027.
        assert first_reassessment_due(date(2026, 3, 6)) == date(2027, 3, 5)

    def test_an_anniversary_on_new_years_day_skips_the_closed_new_years_eve(self) -> None:
        # 1.1.2027 (Friday) is a public holiday and 31.12.2026 (Thursday) a closed day: Wednesday 30.12.2026.
        assert first_reassessment_due(date(2026, 1, 1)) == date(2026, 12, 30)

    def test_a_grant_of_29_february_is_followed_up_on_28_february(self) -> None:
        # 29.2.2028 → 28.2.2029, a Wednesday.
        assert first_reassessment_due(date(2028, 2, 29)) == date(2029, 2, 28)

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
    def test_never_after_the_anniversary_and_always_a_working_day(self, granted: date) -> None:
        due = first_reassessment_due(granted)
        if granted.month == 2 and granted.day == 29:
            anniversary = date(granted.year + 1, 2, 28)
        else:
            anniversary = granted.replace(year=granted.year + 1)
        assert due <= anniversary
        assert is_working_day(due)
        # Only the days off just before are skipped (Easter, from Maundy Thursday, is the longest run).
        assert anniversary - due < timedelta(days=7)


class TestNextFollowUp:
    def test_six_months_on_a_sunday_falls_on_the_friday(self) -> None:
        # 23.11.2026 + 6 months = 23.5.2027, a Sunday: Friday 21.5.2027.
        assert next_follow_up_due(date(2026, 11, 23), 6) == date(2027, 5, 21)

    def test_two_years(self) -> None:
        # 23.11.2026 + 24 months = 23.11.2028, a Thursday.
        assert next_follow_up_due(date(2026, 11, 23), 24) == date(2028, 11, 23)

    def test_month_end_is_kept_within_the_month(self) -> None:
        # 31.8.2026 + 6 months = 28.2.2027, a Sunday: Friday 26.2.2027.
        assert next_follow_up_due(date(2026, 8, 31), 6) == date(2027, 2, 26)

    def test_at_least_a_month(self) -> None:
        with pytest.raises(ValueError, match="mindst en måned"):
            next_follow_up_due(date(2026, 11, 23), 0)


class TestProposal:
    @pytest.mark.parametrize(
        ("factor", "form"),
        [
            ("introduction", "visit"),
            ("alternatives", "visit"),
            ("flex_job", "meeting"),
            ("young_first_job", "meeting"),
            ("mental", "meeting"),
            ("hard_to_assess", "meeting"),
        ],
    )
    def test_each_risk_factor_calls_for_close_follow_up(self, factor: str, form: str) -> None:
        for until_further_notice in (True, False):
            proposal = follow_up_proposal(
                factors=frozenset({factor}), until_further_notice=until_further_notice
            )
            assert proposal.close
            assert proposal.months == 6 == CLOSE_INTERVAL_MONTHS
            assert proposal.form == form
            assert proposal.participants == ("person", "employer", "assistant")
            assert proposal.reason.startswith("Tæt opfølgning, fordi")

    def test_every_factor_is_named_in_the_reason(self) -> None:
        proposal = follow_up_proposal(factors=frozenset({"mental", "flex_job"}), until_further_notice=False)
        assert "fleksjob under udvikling" in proposal.reason
        assert "psykisk funktionsnedsættelse" in proposal.reason

    def test_a_stable_need_until_further_notice_gets_a_visit_every_two_years(self) -> None:
        proposal = follow_up_proposal(factors=frozenset(), until_further_notice=True)
        assert (proposal.months, proposal.form, proposal.close) == (24, "visit", False)
        assert "hvert 2. år" in proposal.reason and "BEK § 29" in proposal.reason

    def test_a_stable_time_limited_grant_gets_a_phone_call_in_a_year(self) -> None:
        proposal = follow_up_proposal(factors=frozenset(), until_further_notice=False)
        assert (proposal.months, proposal.form, proposal.participants) == (
            12,
            "phone",
            ("person", "employer"),
        )

    def test_unknown_factors_are_refused(self) -> None:
        with pytest.raises(ValueError, match="Ukendte risikofaktorer: tired"):
            follow_up_proposal(factors=frozenset({"tired"}), until_further_notice=True)

    def test_the_proposed_date_counts_from_the_follow_up_held(self) -> None:
        close = follow_up_proposal(factors=frozenset({"mental"}), until_further_notice=True)
        # 23.11.2026 + 6 months = 23.5.2027 (Sunday) → Friday 21.5.2027.
        assert proposed_due(date(2026, 11, 23), close) == date(2027, 5, 21)

    @given(st.sets(st.sampled_from(sorted(RISK_FACTOR_CODES))), st.booleans())
    def test_any_risk_factor_makes_follow_up_closer_than_without(self, factors: set[str], ufn: bool) -> None:
        proposal = follow_up_proposal(factors=frozenset(factors), until_further_notice=ufn)
        stable = follow_up_proposal(factors=frozenset(), until_further_notice=ufn)
        assert proposal.close == bool(factors)
        assert proposal.months is not None and stable.months is not None
        assert proposal.months <= stable.months


class TestYoung:
    def test_age_in_whole_years(self) -> None:
        assert age_on(date(1997, 11, 24), date(2026, 11, 23)) == 28
        assert age_on(date(1997, 11, 23), date(2026, 11, 23)) == 29

    def test_under_thirty_is_young(self) -> None:
        assert is_young(date(1996, 11, 24), date(2026, 11, 23))  # 29 until tomorrow
        assert not is_young(date(1996, 11, 23), date(2026, 11, 23))  # 30 today

    def test_born_on_29_february_turns_a_year_older_on_1_march(self) -> None:
        assert age_on(date(2000, 2, 29), date(2030, 2, 28)) == 29
        assert age_on(date(2000, 2, 29), date(2030, 3, 1)) == 30


class TestDepartures:
    PROPOSAL = follow_up_proposal(factors=frozenset({"mental"}), until_further_notice=True)
    PROPOSED = date(2027, 5, 21)

    def departures(self, **chosen: object) -> tuple[str, ...]:
        values: dict[str, object] = {
            "seen": frozenset({"mental"}),
            "chosen": frozenset({"mental"}),
            "form": "meeting",
            "participants": frozenset({"person", "employer", "assistant"}),
            "due": self.PROPOSED,
            "proposed_due": self.PROPOSED,
        }
        return plan_departures(self.PROPOSAL, **(values | chosen))  # type: ignore[arg-type]

    def test_following_the_proposal_departs_from_nothing(self) -> None:
        assert self.departures() == ()

    def test_sooner_than_proposed_needs_no_reason(self) -> None:
        assert self.departures(due=date(2027, 3, 1)) == ()

    def test_later_another_form_other_participants_or_no_date_each_depart(self) -> None:
        assert self.departures(due=date(2027, 5, 24)) == ("later",)
        assert self.departures(form="phone") == ("form",)
        assert self.departures(participants=frozenset({"person"})) == ("participants",)
        assert self.departures(due=None) == ("no_date",)

    def test_leaving_out_a_factor_the_case_shows_departs(self) -> None:
        assert self.departures(chosen=frozenset()) == ("factor_removed",)
