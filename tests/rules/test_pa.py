from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules import pa
from kompensation.rules.pa import (
    TIER_CHOICES,
    TIER_LABELS,
    TIERS,
    add_months,
    earliest_start,
    first_follow_up_due,
    format_hours,
    is_half_hour_step,
    proposed_weekly_hours,
    required_tier,
    round_down_half_hour,
    round_up_half_hour,
    validate_granted_hours,
    weekly_hours_limit,
)

D = Decimal

# Working hours in tenths of an hour from 0.1 to 168.
working_hours_st = st.integers(min_value=1, max_value=1680).map(lambda n: D(n) / 10)
tier_st = st.sampled_from(TIERS)


class TestTiers:
    def test_tiers_and_labels(self) -> None:
        assert TIERS == ("standard", "extended", "beyond")
        assert set(TIER_LABELS) == set(TIERS)
        assert TIER_LABELS["standard"] == "Standard (op til 20 timer ved 37 timers arbejdstid)"
        assert TIER_CHOICES[0] == ("standard", TIER_LABELS["standard"])

    def test_labels_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            TIER_LABELS["standard"] = "x"  # type: ignore[index]


class TestWeeklyHoursLimit:
    @pytest.mark.parametrize(
        ("working_hours", "tier", "expected"),
        [
            (37, "standard", "20"),
            (30, "standard", "16"),  # 20*30/37 = 16.21
            (D("18.5"), "standard", "10"),
            (40, "standard", "20"),
            (168, "standard", "20"),
            (D("33.3"), "standard", "18"),  # 18.0
            (D("35.2"), "standard", "19"),  # 19.03
            (D("36.1"), "standard", "19.5"),  # 19.51
            (1, "standard", "0.5"),  # 0.54
            (D("0.5"), "standard", "0"),
            (37, "extended", "37"),
            (40, "extended", "37"),
            (30, "extended", "30"),
            (D("36.8"), "extended", "36.5"),
            (45, "beyond", "45"),
            (37, "beyond", "37"),
            (D("45.7"), "beyond", "45.5"),
        ],
    )
    def test_examples(self, working_hours: object, tier: str, expected: str) -> None:
        assert weekly_hours_limit(working_hours, tier) == D(expected)  # type: ignore[arg-type]

    def test_default_tier_is_standard(self) -> None:
        assert weekly_hours_limit(37) == D(20)

    def test_returns_decimal_with_one_decimal(self) -> None:
        result = weekly_hours_limit(30)
        assert isinstance(result, Decimal)
        assert str(result) == "16.0"
        assert str(weekly_hours_limit(D("36.1"))) == "19.5"

    @pytest.mark.parametrize("value", ["37", " 37 ", "18,5", "18.5", 37.0, 18.5, D("37.00")])
    def test_accepted_input_types(self, value: object) -> None:
        assert weekly_hours_limit(value) in {D(20), D(10)}  # type: ignore[arg-type]

    def test_float_is_converted_through_its_decimal_text(self) -> None:
        assert weekly_hours_limit(18.5) == weekly_hours_limit(D("18.5"))
        assert weekly_hours_limit(0.1, "beyond") == D(0)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (0, "Arbejdstiden skal være større end 0 timer om ugen."),
            (-1, "Arbejdstiden skal være større end 0 timer om ugen."),
            (D("-0.5"), "Arbejdstiden skal være større end 0 timer om ugen."),
            ("0", "Arbejdstiden skal være større end 0 timer om ugen."),
            (0.0, "Arbejdstiden skal være større end 0 timer om ugen."),
            (169, "Arbejdstiden kan ikke overstige 168 timer om ugen."),
            (D("168.5"), "Arbejdstiden kan ikke overstige 168 timer om ugen."),
            ("abc", "Arbejdstiden skal være et tal."),
            ("", "Arbejdstiden skal være et tal."),
            ("1,000.5", "Arbejdstiden skal være et tal."),
            (None, "Arbejdstiden skal være et tal."),
            (True, "Arbejdstiden skal være et tal."),
            (False, "Arbejdstiden skal være et tal."),
            ([37], "Arbejdstiden skal være et tal."),
            (D("NaN"), "Arbejdstiden skal være et tal."),
            (D("sNaN"), "Arbejdstiden skal være et tal."),
            (D("Infinity"), "Arbejdstiden skal være et tal."),
            (D("-Infinity"), "Arbejdstiden skal være et tal."),
            (float("nan"), "Arbejdstiden skal være et tal."),
            (float("inf"), "Arbejdstiden skal være et tal."),
            ("nan", "Arbejdstiden skal være et tal."),
            ("inf", "Arbejdstiden skal være et tal."),
        ],
    )
    def test_invalid_working_hours(self, value: object, message: str) -> None:
        with pytest.raises(ValueError) as excinfo:
            weekly_hours_limit(value)  # type: ignore[arg-type]
        assert str(excinfo.value) == message

    @pytest.mark.parametrize("tier", ["Standard", "full", "", None])
    def test_unknown_tier(self, tier: object) -> None:
        with pytest.raises(ValueError, match="Ukendt niveau"):
            weekly_hours_limit(37, tier)  # type: ignore[arg-type]

    @given(a=working_hours_st, b=working_hours_st, tier=tier_st)
    def test_monotone_in_working_hours(self, a: Decimal, b: Decimal, tier: pa.Tier) -> None:
        low, high = sorted((a, b))
        assert weekly_hours_limit(low, tier) <= weekly_hours_limit(high, tier)

    @given(wh=working_hours_st, tier=tier_st)
    def test_never_above_working_hours_and_half_hour_steps(self, wh: Decimal, tier: pa.Tier) -> None:
        limit = weekly_hours_limit(wh, tier)
        assert D(0) <= limit <= wh
        assert is_half_hour_step(limit)
        assert wh - limit < D("0.5") or tier != "beyond"

    @given(wh=working_hours_st)
    def test_standard_never_above_20(self, wh: Decimal) -> None:
        assert weekly_hours_limit(wh, "standard") <= 20
        assert weekly_hours_limit(wh, "extended") <= 37

    @given(wh=working_hours_st)
    def test_tiers_are_ordered(self, wh: Decimal) -> None:
        limits = [weekly_hours_limit(wh, tier) for tier in TIERS]
        assert limits == sorted(limits)

    @given(wh=st.decimals(min_value=D("0.0001"), max_value=168, places=4))
    def test_standard_is_largest_half_hour_within_20_37ths(self, wh: Decimal) -> None:
        limit = weekly_hours_limit(wh, "standard")
        exact = min(D(20), D(20) * wh / D(37))
        assert limit <= exact
        assert exact - limit < D("0.5")


class TestRounding:
    @pytest.mark.parametrize(
        ("value", "down", "up"),
        [
            ("0", "0", "0"),
            ("0.1", "0", "0.5"),
            ("0.5", "0.5", "0.5"),
            ("2.1667", "2", "2.5"),
            ("2.5", "2.5", "2.5"),
            ("2.51", "2.5", "3"),
            ("19.99999999999999999999999999999", "19.5", "20"),
            ("-0.2", "-0.5", "0"),
        ],
    )
    def test_examples(self, value: str, down: str, up: str) -> None:
        assert round_down_half_hour(D(value)) == D(down)
        assert round_up_half_hour(D(value)) == D(up)

    @pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), 1.5, "1.5"])
    def test_rejects_non_finite_and_non_decimal(self, value: object) -> None:
        with pytest.raises(ValueError):
            round_down_half_hour(value)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            round_up_half_hour(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (D("0"), True),
            (D("10"), True),
            (D("10.5"), True),
            (D("10.50"), True),
            (D("10.25"), False),
            (D("0.1"), False),
            (D("NaN"), False),
            (D("Infinity"), False),
            (1.5, False),
        ],
    )
    def test_is_half_hour_step(self, value: object, expected: bool) -> None:
        assert is_half_hour_step(value) is expected  # type: ignore[arg-type]

    @given(st.decimals(min_value=-1000, max_value=1000, places=6))
    def test_rounding_properties(self, x: Decimal) -> None:
        down, up = round_down_half_hour(x), round_up_half_hour(x)
        assert down <= x <= up
        assert up - down in {D(0), D("0.5")}
        assert is_half_hour_step(down)
        assert is_half_hour_step(up)
        assert (down == up) is is_half_hour_step(x)


class TestProposedWeeklyHours:
    @pytest.mark.parametrize(
        ("minutes", "expected"),
        [
            ([130], "2.5"),
            ([60, 60, 10], "2.5"),
            ([], "0"),
            ([0], "0"),
            ([1], "0.5"),
            ([30], "0.5"),
            ([31], "1"),
            ([600, 600], "20"),
            ([D("29.5"), D("0.5")], "0.5"),
        ],
    )
    def test_examples(self, minutes: list[int | Decimal], expected: str) -> None:
        result = proposed_weekly_hours(minutes)
        assert result == D(expected)
        assert isinstance(result, Decimal)

    def test_accepts_any_iterable(self) -> None:
        assert proposed_weekly_hours(m for m in (45, 45)) == D("1.5")

    @pytest.mark.parametrize("bad", [[-1], [10, D("-0.1")]])
    def test_negative_minutes(self, bad: list[int | Decimal]) -> None:
        with pytest.raises(ValueError, match="negative"):
            proposed_weekly_hours(bad)

    @pytest.mark.parametrize("bad", [[True], [1.5], ["30"], [D("NaN")], [None]])
    def test_invalid_minutes(self, bad: list[object]) -> None:
        with pytest.raises(ValueError, match="Minutter"):
            proposed_weekly_hours(bad)  # type: ignore[arg-type]

    @given(st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
    def test_covers_the_need(self, minutes: list[int]) -> None:
        result = proposed_weekly_hours(minutes)
        hours = D(sum(minutes)) / 60
        assert result >= hours
        assert result - hours < D("0.5")
        assert is_half_hour_step(result)


class TestRequiredTier:
    @pytest.mark.parametrize(
        ("hours", "working_hours", "expected"),
        [
            (0, 37, "standard"),
            (20, 37, "standard"),
            (D("20.5"), 37, "extended"),
            (37, 37, "extended"),
            (D("37.5"), 37, None),
            (16, 30, "standard"),
            (D("16.5"), 30, "extended"),
            (30, 30, "extended"),
            (D("30.5"), 30, None),
            (37, 45, "extended"),
            (D("37.5"), 45, "beyond"),
            (45, 45, "beyond"),
            (D("45.5"), 45, None),
            ("18,5", "37", "standard"),
        ],
    )
    def test_examples(self, hours: object, working_hours: object, expected: str | None) -> None:
        assert required_tier(hours, working_hours) == expected  # type: ignore[arg-type]

    def test_invalid_input(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            required_tier(-1, 37)
        with pytest.raises(ValueError, match="Timer skal være et tal"):
            required_tier("x", 37)
        with pytest.raises(ValueError, match="Arbejdstiden skal være større end 0"):
            required_tier(1, 0)

    @given(hours=st.integers(min_value=0, max_value=400).map(lambda n: D(n) / 2), wh=working_hours_st)
    def test_consistent_with_limits(self, hours: Decimal, wh: Decimal) -> None:
        tier = required_tier(hours, wh)
        if tier is None:
            assert hours > weekly_hours_limit(wh, "beyond")
        else:
            assert hours <= weekly_hours_limit(wh, tier)
            lower = TIERS[: TIERS.index(tier)]
            assert all(hours > weekly_hours_limit(wh, t) for t in lower)


class TestValidateGrantedHours:
    def test_ok_standard(self) -> None:
        assert validate_granted_hours(D(20), D(37), "standard", has_concrete_assessment=False) == []
        assert validate_granted_hours("10,5", 30, "standard", has_concrete_assessment=False) == []

    def test_ok_extended_with_assessment(self) -> None:
        assert validate_granted_hours(D(30), D(37), "extended", has_concrete_assessment=True) == []
        assert validate_granted_hours(D(45), D(45), "beyond", has_concrete_assessment=True) == []

    def test_not_positive(self) -> None:
        assert validate_granted_hours(0, 37, "standard", has_concrete_assessment=False) == [
            "Timer skal være større end 0."
        ]
        assert "Timer skal være større end 0." in validate_granted_hours(
            -2, 37, "standard", has_concrete_assessment=False
        )

    def test_half_hour_steps(self) -> None:
        assert validate_granted_hours(D("10.25"), 37, "standard", has_concrete_assessment=False) == [
            "Timer skal angives i hele eller halve timer."
        ]

    def test_above_tier_limit(self) -> None:
        errors = validate_granted_hours(D("10.5"), D("18.5"), "standard", has_concrete_assessment=False)
        assert errors == [
            "10,5 timer om ugen overstiger grænsen på 10 timer om ugen for niveauet "
            "»Standard (op til 20 timer ved 37 timers arbejdstid)«."
        ]

    def test_above_tier_limit_with_decimal_limit(self) -> None:
        errors = validate_granted_hours(D("20"), D("36.1"), "standard", has_concrete_assessment=False)
        assert len(errors) == 1
        assert "grænsen på 19,5 timer" in errors[0]

    def test_extended_capped_at_37(self) -> None:
        errors = validate_granted_hours(D("38"), D("40"), "extended", has_concrete_assessment=True)
        assert len(errors) == 1
        assert "overstiger grænsen på 37 timer om ugen" in errors[0]
        assert "Udvidet" in errors[0]

    def test_never_above_working_hours(self) -> None:
        errors = validate_granted_hours(D("38"), D("37"), "beyond", has_concrete_assessment=True)
        assert errors == [
            "38 timer om ugen overstiger arbejdstiden på 37 timer om ugen. "
            "Der kan aldrig bevilges flere timer end arbejdstiden."
        ]

    def test_above_standard_requires_concrete_assessment(self) -> None:
        errors = validate_granted_hours(D(25), D(37), "extended", has_concrete_assessment=False)
        assert len(errors) == 1
        assert errors[0].startswith("En bevilling over standardgrænsen kræver en konkret vurdering")

    def test_non_standard_tier_always_requires_assessment(self) -> None:
        errors = validate_granted_hours(D(10), D(37), "beyond", has_concrete_assessment=False)
        assert len(errors) == 1
        assert "konkret vurdering" in errors[0]

    def test_invalid_hours(self) -> None:
        assert validate_granted_hours("tyve", 37, "standard", has_concrete_assessment=False) == [
            "Timer skal være et tal."
        ]
        assert validate_granted_hours(D("NaN"), 37, "standard", has_concrete_assessment=False) == [
            "Timer skal være et tal."
        ]

    def test_invalid_working_hours(self) -> None:
        assert validate_granted_hours(10, 0, "standard", has_concrete_assessment=False) == [
            "Arbejdstiden skal være større end 0 timer om ugen."
        ]
        assert validate_granted_hours(10, 200, "standard", has_concrete_assessment=False) == [
            "Arbejdstiden kan ikke overstige 168 timer om ugen."
        ]

    def test_unknown_tier(self) -> None:
        errors = validate_granted_hours(10, 37, "max", has_concrete_assessment=True)  # type: ignore[arg-type]
        assert len(errors) == 1
        assert errors[0].startswith("Ukendt niveau")

    def test_collects_several_errors(self) -> None:
        errors = validate_granted_hours(D("25.25"), D(37), "extended", has_concrete_assessment=False)
        assert errors == [
            "Timer skal angives i hele eller halve timer.",
            pa.MSG_CONCRETE_ASSESSMENT_REQUIRED,
        ]

    @given(
        hours=st.integers(min_value=1, max_value=400).map(lambda n: D(n) / 2),
        wh=working_hours_st,
        tier=tier_st,
    )
    def test_valid_iff_within_limit(self, hours: Decimal, wh: Decimal, tier: pa.Tier) -> None:
        errors = validate_granted_hours(hours, wh, tier, has_concrete_assessment=True)
        assert (errors == []) is (hours <= weekly_hours_limit(wh, tier))


class TestFormatHours:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(D("10.5"), "10,5"), (D("20.0"), "20"), (D("20"), "20"), (D("2E+1"), "20"), (D("0.25"), "0,25")],
    )
    def test_danish_format(self, value: Decimal, expected: str) -> None:
        assert format_hours(value) == expected


class TestDates:
    @pytest.mark.parametrize(
        ("received", "expected"),
        [
            (date(2025, 5, 31), date(2025, 2, 28)),
            (date(2024, 5, 31), date(2024, 2, 29)),
            (date(2024, 5, 29), date(2024, 2, 29)),
            (date(2024, 5, 15), date(2024, 2, 15)),
            (date(2025, 1, 31), date(2024, 10, 31)),
            (date(2025, 2, 15), date(2024, 11, 15)),
            (date(2025, 12, 31), date(2025, 9, 30)),
            (date(2025, 3, 1), date(2024, 12, 1)),
        ],
    )
    def test_earliest_start(self, received: date, expected: date) -> None:
        assert earliest_start(received) == expected

    @pytest.mark.parametrize(
        ("granted", "expected"),
        [
            (date(2024, 2, 29), date(2025, 2, 28)),
            (date(2025, 3, 1), date(2026, 3, 1)),
            (date(2025, 12, 31), date(2026, 12, 31)),
            (date(2023, 2, 28), date(2024, 2, 28)),
        ],
    )
    def test_first_follow_up_due(self, granted: date, expected: date) -> None:
        assert pa.FIRST_FOLLOW_UP == 1
        assert first_follow_up_due(granted) == expected

    def test_add_months_out_of_range(self) -> None:
        with pytest.raises(ValueError):
            add_months(date(1, 2, 1), -3)
        with pytest.raises(ValueError):
            add_months(date(9999, 12, 1), 1)

    @given(st.dates(min_value=date(1900, 4, 1), max_value=date(2200, 12, 31)))
    def test_earliest_start_properties(self, received: date) -> None:
        start = earliest_start(received)
        assert start < received
        assert 89 <= (received - start).days <= 92
        # Never earlier than the same day three months before.
        month = received.month - 3
        year = received.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        assert (start.year, start.month) == (year, month)
        assert start.day == received.day or start.day < received.day

    @given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
    def test_follow_up_is_one_year_later(self, granted: date) -> None:
        due = first_follow_up_due(granted)
        assert (due.year, due.month) == (granted.year + 1, granted.month)
        assert due.day == granted.day or (granted.month, granted.day, due.day) == (2, 29, 28)
