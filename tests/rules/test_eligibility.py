import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.eligibility import (
    DECISION_CONDITION_BY_CODE,
    DECISION_CONDITIONS,
    ELIGIBILITY_CHECKLIST,
    OUTCOMES,
    Condition,
    DecisionFacts,
    unmet_conditions,
)

D = Decimal


def facts(**overrides: object) -> DecisionFacts:
    base: dict[str, object] = {
        "outcome": "grant",
        "impairment_documented": True,
        "compatibility_assessed": True,
        "hours": D(20),
        "working_hours": D(37),
        "has_concrete_assessment": False,
        "hearing_needed": False,
        "hearing_done": False,
        "period_reason_given": True,
    }
    base.update(overrides)
    return DecisionFacts(**base)  # type: ignore[arg-type]


def codes(f: DecisionFacts) -> list[str]:
    return [c.code for c in unmet_conditions(f)]


class TestData:
    def test_decision_condition_codes(self) -> None:
        assert [c.code for c in DECISION_CONDITIONS] == [
            "impairment_documented",
            "compatibility_assessed",
            "concrete_assessment_above_standard",
            "hearing_before_refusal",
            "period_reason",
            "reasons_and_rules",
            "complaint_guidance",
            "refusal_grounds",
            "other_help",
            "partial_reason",
        ]
        assert set(DECISION_CONDITION_BY_CODE) == {c.code for c in DECISION_CONDITIONS}

    @pytest.mark.parametrize("condition", ELIGIBILITY_CHECKLIST + DECISION_CONDITIONS, ids=lambda c: c.code)
    def test_conditions_are_well_formed(self, condition: Condition) -> None:
        assert condition.label
        assert condition.legal_basis
        assert condition.applies_to
        assert condition.applies_to <= OUTCOMES

    def test_codes_unique(self) -> None:
        for group in (ELIGIBILITY_CHECKLIST, DECISION_CONDITIONS):
            assert len({c.code for c in group}) == len(group)

    def test_checklist_covers_the_pa_conditions(self) -> None:
        bases = " | ".join(c.legal_basis for c in ELIGIBILITY_CHECKLIST)
        for basis in ("§ 4", "BEK § 10", "§ 6", "§ 6, stk. 3", "BEK § 14", "§ 5, stk. 1", "151-12"):
            assert basis in bases
        labels = " ".join(c.label for c in ELIGIBILITY_CHECKLIST).lower()
        for word in (
            "fleksjob",
            "løntilskud",
            "seniorjob",
            "virksomhedspraktik",
            "selvstændig",
            "uddannelse",
        ):
            assert word in labels

    def test_legal_bases_of_decision_conditions(self) -> None:
        assert DECISION_CONDITION_BY_CODE["hearing_before_refusal"].legal_basis == "FVL § 19"
        assert DECISION_CONDITION_BY_CODE["reasons_and_rules"].legal_basis == "FVL § 24"
        assert DECISION_CONDITION_BY_CODE["complaint_guidance"].legal_basis == "FVL § 25"
        assert DECISION_CONDITION_BY_CODE["period_reason"].legal_basis == "BEK § 15, stk. 4"

    def test_condition_is_frozen_and_validated(self) -> None:
        condition = DECISION_CONDITIONS[0]
        with pytest.raises(dataclasses.FrozenInstanceError):
            condition.code = "x"  # type: ignore[misc]
        with pytest.raises(ValueError):
            Condition("x", "x", "x", frozenset({"approval"}))
        with pytest.raises(ValueError):
            Condition("x", "x", "x", frozenset())

    def test_unknown_outcome_rejected(self) -> None:
        with pytest.raises(ValueError, match="Ukendt udfald"):
            facts(outcome="maybe")


class TestUnmetConditions:
    def test_complete_standard_grant(self) -> None:
        assert unmet_conditions(facts()) == []

    def test_everything_missing_for_grant(self) -> None:
        f = facts(
            impairment_documented=False,
            compatibility_assessed=False,
            hours=D(25),
            period_reason_given=False,
            hearing_needed=True,
        )
        # Hearing does not apply to a full grant: the person gets what was applied for.
        assert codes(f) == [
            "impairment_documented",
            "compatibility_assessed",
            "concrete_assessment_above_standard",
            "period_reason",
        ]

    def test_above_standard_without_assessment(self) -> None:
        assert codes(facts(hours=D("20.5"))) == ["concrete_assessment_above_standard"]

    def test_above_standard_with_assessment(self) -> None:
        assert codes(facts(hours=D(30), has_concrete_assessment=True)) == []

    def test_standard_limit_follows_working_hours(self) -> None:
        # 30 hours a week gives a standard limit of 16.
        assert codes(facts(hours=D(16), working_hours=D(30))) == []
        assert codes(facts(hours=D("16.5"), working_hours=D(30))) == ["concrete_assessment_above_standard"]

    def test_grant_without_hours_cannot_pass_the_standard_check(self) -> None:
        assert codes(facts(hours=None)) == ["concrete_assessment_above_standard"]
        assert codes(facts(working_hours=None)) == ["concrete_assessment_above_standard"]
        assert codes(facts(working_hours=D(0))) == ["concrete_assessment_above_standard"]
        assert codes(facts(hours=None, has_concrete_assessment=True)) == []

    def test_partial_grant_needs_hearing(self) -> None:
        f = facts(outcome="partial_grant", hours=D(10), hearing_needed=True, hearing_done=False)
        assert codes(f) == ["hearing_before_refusal"]
        assert codes(dataclasses.replace(f, hearing_done=True)) == []
        assert codes(dataclasses.replace(f, hearing_needed=False)) == []

    def test_partial_grant_needs_period_reason(self) -> None:
        f = facts(outcome="partial_grant", hours=D(10), period_reason_given=False)
        assert codes(f) == ["period_reason"]

    def test_refusal_ignores_hours_and_period(self) -> None:
        f = facts(
            outcome="refusal",
            hours=None,
            working_hours=None,
            has_concrete_assessment=False,
            period_reason_given=False,
        )
        assert codes(f) == []
        assert codes(dataclasses.replace(f, hours=D(40), working_hours=D(37))) == []

    def test_refusal_needs_hearing_documentation_and_compatibility(self) -> None:
        f = facts(
            outcome="refusal",
            hours=None,
            working_hours=None,
            impairment_documented=False,
            compatibility_assessed=False,
            hearing_needed=True,
            hearing_done=False,
        )
        assert codes(f) == ["impairment_documented", "compatibility_assessed", "hearing_before_refusal"]

    def test_letter_conditions_are_never_unmet(self) -> None:
        f = facts(
            impairment_documented=False,
            compatibility_assessed=False,
            hours=None,
            period_reason_given=False,
        )
        assert "reasons_and_rules" not in codes(f)
        assert "complaint_guidance" not in codes(f)

    def test_returns_condition_objects_in_declared_order(self) -> None:
        unmet = unmet_conditions(facts(impairment_documented=False, period_reason_given=False))
        assert unmet == [
            DECISION_CONDITION_BY_CODE["impairment_documented"],
            DECISION_CONDITION_BY_CODE["period_reason"],
        ]

    @given(
        outcome=st.sampled_from(sorted(OUTCOMES)),
        flags=st.lists(st.booleans(), min_size=6, max_size=6),
        hours=st.none() | st.integers(min_value=0, max_value=90).map(lambda n: D(n) / 2),
        working_hours=st.none() | st.integers(min_value=1, max_value=90).map(lambda n: D(n) / 2),
    )
    def test_only_applicable_conditions_are_reported(
        self,
        outcome: str,
        flags: list[bool],
        hours: Decimal | None,
        working_hours: Decimal | None,
    ) -> None:
        f = facts(
            outcome=outcome,
            impairment_documented=flags[0],
            compatibility_assessed=flags[1],
            has_concrete_assessment=flags[2],
            hearing_needed=flags[3],
            hearing_done=flags[4],
            period_reason_given=flags[5],
            hours=hours,
            working_hours=working_hours,
        )
        unmet = unmet_conditions(f)
        assert all(outcome in c.applies_to for c in unmet)
        assert {c.code for c in unmet}.isdisjoint({"reasons_and_rules", "complaint_guidance"})
        assert ("impairment_documented" in codes(f)) is (not flags[0])
        assert ("compatibility_assessed" in codes(f)) is (not flags[1])
        if outcome == "refusal":
            assert {c.code for c in unmet}.isdisjoint({"concrete_assessment_above_standard", "period_reason"})
        if outcome == "grant":
            assert "hearing_before_refusal" not in codes(f)
