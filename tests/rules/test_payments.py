from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules import deadlines
from kompensation.rules.payments import (
    CODE_SUPPLEMENT_CAP,
    LABEL_HOURS_CAP,
    LABEL_STANDARD_SUPPLEMENT,
    ORE,
    SUPPLEMENT_CHOICES,
    SUPPLEMENT_KINDS,
    SUPPLEMENT_LABELS,
    Calculation,
    CountedHours,
    HoursLine,
    Line,
    Rate,
    Supplement,
    allowed_hours,
    allowed_hours_so_far,
    calculate_detailed,
    calculate_simplified,
    cap_hours,
    earliest_payable,
    is_bank_day,
    is_late,
    month_bounds,
    next_bank_day,
    offset,
    payout_due,
    period_label,
    previous_bank_day,
    quarter_bounds,
    quarter_of,
    rate_changes_within,
    rate_on,
    request_deadline,
    round_ore,
)

D = Decimal

Q1_START, Q1_END = date(2026, 1, 1), date(2026, 3, 31)
STANDARD = (
    Rate("11", date(2025, 4, 1), D("127.86")),
    Rate("12", date(2026, 4, 1), D("131.20")),
)
RAISED = (
    Rate("21", date(2025, 4, 1), D("160.00")),
    Rate("22", date(2026, 4, 1), D("165.50")),
)


def hl(
    assistant: str, hours: str, start: date = Q1_START, end: date = Q1_END, kind: str = "standard"
) -> HoursLine:
    return HoursLine(assistant=assistant, start=start, end=end, hours=D(hours), rate_kind=kind)  # type: ignore[arg-type]


def has_ore_precision(x: Decimal) -> bool:
    exponent = x.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -2


def assert_consistent(calc: Calculation) -> None:
    assert calc.total == sum((line.amount for line in calc.lines), D(0))
    for line in calc.lines:
        assert has_ore_precision(line.amount)
        assert line.amount == round_ore(line.quantity * line.unit_amount)


class TestRoundOre:
    def test_constant(self) -> None:
        assert D("0.01") == ORE

    @pytest.mark.parametrize(
        ("raw", "rounded"),
        [
            ("63.925", "63.93"),  # half-up, where banker's rounding gives 63.92
            ("63.935", "63.94"),
            ("63.9249", "63.92"),
            ("0.005", "0.01"),
            ("-0.005", "-0.01"),
            ("10", "10.00"),
            ("-0.001", "0.00"),
        ],
    )
    def test_half_up(self, raw: str, rounded: str) -> None:
        result = round_ore(D(raw))
        assert result == D(rounded)
        assert str(result) == rounded

    def test_not_a_number(self) -> None:
        with pytest.raises(ValueError, match="Beløb skal være et tal"):
            round_ore(D("NaN"))


class TestRates:
    def test_rate_on_picks_latest_row_in_force(self) -> None:
        assert rate_on(STANDARD, date(2026, 3, 31)).ref == "11"
        assert rate_on(STANDARD, date(2026, 4, 1)).ref == "12"
        assert rate_on(STANDARD, date(2030, 1, 1)).ref == "12"
        assert rate_on(list(reversed(STANDARD)), date(2025, 12, 1)).ref == "11"

    def test_rate_on_accepts_datetime(self) -> None:
        assert rate_on(STANDARD, datetime(2026, 4, 1, 8, 0)).ref == "12"

    def test_no_rate(self) -> None:
        with pytest.raises(ValueError, match=r"Der er ingen sats, der gælder den 31\.03\.2025\."):
            rate_on(STANDARD, date(2025, 3, 31))
        with pytest.raises(ValueError, match="Der er ingen sats"):
            rate_on([], date(2026, 1, 1))

    def test_duplicate_valid_from(self) -> None:
        rates = [*STANDARD, Rate("13", date(2026, 4, 1), D("140"))]
        with pytest.raises(ValueError, match=r"to rækker med virkning fra 01\.04\.2026"):
            rate_on(rates, date(2026, 5, 1))

    def test_negative_rate(self) -> None:
        with pytest.raises(ValueError, match="Satsen 9 kan ikke være negativ"):
            Rate("9", date(2026, 1, 1), D("-1"))

    def test_changes_within(self) -> None:
        assert rate_changes_within(STANDARD, date(2026, 3, 1), date(2026, 4, 30)) == [date(2026, 4, 1)]
        # The start itself is no change inside the period; the end is.
        assert rate_changes_within(STANDARD, date(2026, 4, 1), date(2026, 6, 30)) == []
        assert rate_changes_within(STANDARD, date(2026, 3, 1), date(2026, 4, 1)) == [date(2026, 4, 1)]
        assert rate_changes_within(STANDARD, date(2025, 1, 1), date(2027, 1, 1)) == [
            date(2025, 4, 1),
            date(2026, 4, 1),
        ]
        assert rate_changes_within([*STANDARD, *STANDARD], date(2026, 3, 1), date(2026, 4, 30)) == [
            date(2026, 4, 1)
        ]


class TestSupplements:
    def test_kinds_and_labels(self) -> None:
        assert set(SUPPLEMENT_KINDS) == set(SUPPLEMENT_LABELS)
        assert len(SUPPLEMENT_KINDS) == 9
        assert SUPPLEMENT_LABELS["holiday_pay"] == "Feriegodtgørelse"
        assert SUPPLEMENT_LABELS["holiday_supplement"] == "Ferietillæg"
        assert dict(SUPPLEMENT_CHOICES) == dict(SUPPLEMENT_LABELS)

    def test_labels_are_read_only(self) -> None:
        with pytest.raises(TypeError):
            SUPPLEMENT_LABELS["atp"] = "x"  # type: ignore[index]

    @pytest.mark.parametrize("kind", SUPPLEMENT_KINDS)
    def test_each_kind_as_amount(self, kind: str) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "10")],
            supplements=[Supplement(kind=kind, assistant="Anna", amount=D("123.45"))],  # type: ignore[arg-type]
            standard_rates=STANDARD,
        )
        wage, supplement = calc.lines
        assert wage.amount == D("1278.60")
        assert supplement.code == kind
        assert supplement.label == SUPPLEMENT_LABELS[kind]  # type: ignore[index]
        assert supplement.amount == D("123.45")
        assert supplement.rule.startswith("BEK § 23")
        assert supplement.rate_ref is None
        assert calc.total == D("1402.05")
        assert_consistent(calc)

    @pytest.mark.parametrize("kind", SUPPLEMENT_KINDS)
    def test_each_kind_as_percentage(self, kind: str) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "10")],
            supplements=[
                Supplement(kind=kind, assistant="Anna", percentage=D("12.5"), basis=D("1278.60"))  # type: ignore[arg-type]
            ],
            standard_rates=STANDARD,
        )
        supplement = calc.lines[1]
        assert supplement.amount == D("159.83")  # 159.825 rounded half-up
        assert supplement.quantity == D("1278.60")
        assert supplement.unit_amount == D("0.125")
        assert supplement.label == f"{SUPPLEMENT_LABELS[kind]} (12,5 %)"  # type: ignore[index]
        assert calc.total == D("1438.43")
        assert_consistent(calc)

    def test_amount_is_rounded_to_ore(self) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "0")],
            supplements=[Supplement(kind="atp", assistant="Anna", amount=D("10.005"))],
            standard_rates=STANDARD,
        )
        assert calc.lines[1].amount == D("10.01")

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({}, "Angiv et beløb eller en procentsats af lønnen for atp-bidrag til Anna"),
            ({"amount": D(1), "percentage": D(1), "basis": D(1)}, "ikke begge"),
            ({"amount": D(1), "basis": D(1)}, "ikke begge"),
            ({"percentage": D(1)}, "Angiv det lønbeløb"),
            ({"basis": D(1)}, "Angiv procentsatsen"),
            ({"amount": D("-0.01")}, "Beløbet for atp-bidrag til Anna kan ikke være negativt"),
            ({"percentage": D("-1"), "basis": D(1)}, "skal ligge mellem 0 og 100"),
            ({"percentage": D("100.01"), "basis": D(1)}, "skal ligge mellem 0 og 100"),
            (
                {"percentage": D(1), "basis": D(-1)},
                "Lønbeløbet for atp-bidrag til Anna kan ikke være negativt",
            ),
            ({"amount": D("Infinity")}, "skal være et tal"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, Decimal], message: str) -> None:
        with pytest.raises(ValueError, match=message):
            Supplement(kind="atp", assistant="Anna", **kwargs)  # type: ignore[arg-type]

    def test_percentage_100_allowed(self) -> None:
        assert Supplement(kind="pension", assistant="Anna", percentage=D(100), basis=D(5)).percentage == 100

    def test_unknown_kind(self) -> None:
        with pytest.raises(ValueError, match="Ukendt tillæg"):
            Supplement(kind="bonus", assistant="Anna", amount=D(1))  # type: ignore[arg-type]

    def test_supplement_without_hours_for_the_assistant(self) -> None:
        with pytest.raises(
            ValueError, match="Der er ikke angivet timer for Bo, så der kan ikke gives feriegodtgørelse"
        ):
            calculate_detailed(
                hours=[hl("Anna", "10")],
                supplements=[Supplement(kind="holiday_pay", assistant="Bo", amount=D(100))],
                standard_rates=STANDARD,
            )


class TestHoursLine:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"hours": D("-0.5")}, "Timerne for Anna kan ikke være negative"),
            ({"hours": D("7.25")}, "Timerne for Anna skal angives i hele eller halve timer"),
            ({"hours": D("NaN")}, "Timerne for Anna skal være et tal"),
            (
                {"start": date(2026, 2, 1), "end": date(2026, 1, 31)},
                r"slutter 31\.01\.2026, før den begynder",
            ),
            ({"assistant": "  "}, "Assistentens navn skal udfyldes"),
            ({"rate_kind": "special"}, "Ukendt satstype"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], message: str) -> None:
        fields: dict[str, object] = {"assistant": "Anna", "start": Q1_START, "end": Q1_END, "hours": D(10)}
        fields.update(kwargs)
        with pytest.raises(ValueError, match=message):
            HoursLine(**fields)  # type: ignore[arg-type]

    def test_one_day_and_zero_hours_allowed(self) -> None:
        line = HoursLine("Anna", date(2026, 1, 5), date(2026, 1, 5), D(0))
        assert line.rate_kind == "standard"


class TestDetailed:
    def test_wage_line(self) -> None:
        calc = calculate_detailed(hours=[hl("Anna", "128.5")], supplements=[], standard_rates=STANDARD)
        (line,) = calc.lines
        assert line == Line(
            code="wage_standard",
            label="Løntilskud (standardsats) 01.01.2026–31.03.2026",
            assistant="Anna",
            quantity=D("128.5"),
            unit_amount=D("127.86"),
            amount=D("16430.01"),  # 128.5 × 127.86 = 16430.010
            rule="BEK § 22",
            rate_ref="11",
        )
        assert calc.mode == "detailed"
        assert calc.total == D("16430.01")
        assert calc.hours == D("128.5")

    def test_empty(self) -> None:
        calc = calculate_detailed(hours=[], supplements=[], standard_rates=STANDARD)
        assert calc.lines == ()
        assert calc.total == 0
        assert calc.hours == 0

    def test_rounding_per_line_then_sum(self) -> None:
        # Each half hour at 127.85 is 63.925 → 63.93 (half-up). Two lines: 127.86.
        # Rounding the unrounded sum (127.85) would give one øre less.
        rates = [Rate("1", date(2020, 1, 1), D("127.85"))]
        calc = calculate_detailed(
            hours=[hl("Anna", "0.5"), hl("Bo", "0.5")], supplements=[], standard_rates=rates
        )
        assert [line.amount for line in calc.lines] == [D("63.93"), D("63.93")]
        assert calc.total == D("127.86")
        unrounded = sum((line.quantity * line.unit_amount for line in calc.lines), D(0))
        assert round_ore(unrounded) == D("127.85") != calc.total
        # Half-up, not the banker's rounding Decimal would use by default.
        assert D("63.925").quantize(ORE, rounding=ROUND_HALF_EVEN) == D("63.92")

    def test_several_assistants_and_rates_in_one_period(self) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "40"), hl("Bo", "20.5", kind="raised"), hl("Anna", "2")],
            supplements=[
                Supplement(kind="holiday_pay", assistant="Anna", percentage=D("12.5"), basis=D("5370.12")),
                Supplement(kind="atp", assistant="Bo", amount=D("94.65")),
            ],
            standard_rates=STANDARD,
            raised_rates=RAISED,
        )
        assert [(line.code, line.assistant, line.amount, line.rate_ref) for line in calc.lines] == [
            ("wage_standard", "Anna", D("5114.40"), "11"),
            ("wage_raised", "Bo", D("3280.00"), "21"),
            ("wage_standard", "Anna", D("255.72"), "11"),
            ("holiday_pay", "Anna", D("671.27"), None),  # 671.265
            ("atp", "Bo", D("94.65"), None),
        ]
        assert calc.lines[1].label == "Løntilskud (forhøjet sats) 01.01.2026–31.03.2026"
        assert calc.total == D("9416.04")
        assert calc.hours == D("62.5")
        assert_consistent(calc)

    def test_raised_without_raised_rates(self) -> None:
        with pytest.raises(ValueError, match=r"Der er ingen forhøjet sats, der gælder den 01\.01\.2026"):
            calculate_detailed(hours=[hl("Bo", "1", kind="raised")], supplements=[], standard_rates=STANDARD)

    def test_rate_change_inside_period_must_be_split(self) -> None:
        with pytest.raises(ValueError) as info:
            calculate_detailed(
                hours=[hl("Anna", "20", date(2026, 3, 1), date(2026, 4, 30))],
                supplements=[],
                standard_rates=STANDARD,
            )
        assert str(info.value) == "Timerne for Anna skal deles før og efter satsændringen den 01.04.2026."

    def test_rate_change_in_raised_table_must_be_split(self) -> None:
        with pytest.raises(ValueError, match=r"Timerne for Bo skal deles .* 01\.04\.2026"):
            calculate_detailed(
                hours=[hl("Bo", "20", date(2026, 3, 1), date(2026, 4, 30), kind="raised")],
                supplements=[],
                standard_rates=STANDARD,
                raised_rates=RAISED,
            )

    def test_split_lines_use_their_own_rate(self) -> None:
        calc = calculate_detailed(
            hours=[
                hl("Anna", "10", date(2026, 3, 1), date(2026, 3, 31)),
                hl("Anna", "10", date(2026, 4, 1), date(2026, 4, 30)),
                hl("Bo", "5", date(2026, 3, 1), date(2026, 3, 31), kind="raised"),
                hl("Bo", "5", date(2026, 4, 1), date(2026, 4, 30), kind="raised"),
            ],
            supplements=[],
            standard_rates=STANDARD,
            raised_rates=RAISED,
        )
        assert [(line.rate_ref, line.unit_amount, line.amount) for line in calc.lines] == [
            ("11", D("127.86"), D("1278.60")),
            ("12", D("131.20"), D("1312.00")),
            ("21", D("160.00"), D("800.00")),
            ("22", D("165.50"), D("827.50")),
        ]
        assert calc.total == D("4218.10")


class TestSimplified:
    def test_wage_plus_standard_percentage_per_line(self) -> None:
        calc = calculate_simplified(
            hours=[hl("Anna", "10"), hl("Bo", "0.5")],
            standard_rates=STANDARD,
            standard_percentage=D("25.3"),
        )
        assert calc.mode == "simplified"
        assert [(line.code, line.assistant, line.amount) for line in calc.lines] == [
            ("wage_standard", "Anna", D("1278.60")),
            ("standard_supplement", "Anna", D("323.49")),  # 323.4858
            ("wage_standard", "Bo", D("63.93")),
            ("standard_supplement", "Bo", D("16.17")),  # 16.17429
        ]
        assert (
            calc.lines[1].label == LABEL_STANDARD_SUPPLEMENT == "Standardtillæg (ferie, pension, sygdom m.v.)"
        )
        assert calc.lines[1].rule == "BEK § 23"
        assert calc.total == D("1682.19")
        assert calc.hours == D("10.5")
        assert_consistent(calc)

    def test_supplement_rounded_half_up(self) -> None:
        # 1 hour at 10.10 with 12.5 % = 1.2625 → 1.26; at 10.20: 1.275 → 1.28 (half-up, not half-even).
        calc = calculate_simplified(
            hours=[hl("Anna", "1")],
            standard_rates=[Rate("1", date(2020, 1, 1), D("10.20"))],
            standard_percentage=D("12.5"),
        )
        assert calc.lines[1].amount == D("1.28")

    def test_raised_rate_lines(self) -> None:
        calc = calculate_simplified(
            hours=[hl("Bo", "2", kind="raised")],
            standard_rates=STANDARD,
            raised_rates=RAISED,
            standard_percentage=D(10),
        )
        assert [line.amount for line in calc.lines] == [D("320.00"), D("32.00")]

    @pytest.mark.parametrize("percentage", [D("-1"), D("100.5")])
    def test_invalid_percentage(self, percentage: Decimal) -> None:
        with pytest.raises(ValueError, match="Standardprocenten skal ligge mellem 0 og 100"):
            calculate_simplified(
                hours=[hl("Anna", "1")], standard_rates=STANDARD, standard_percentage=percentage
            )

    def test_rate_change_must_be_split(self) -> None:
        with pytest.raises(ValueError, match=r"satsændringen den 01\.04\.2026"):
            calculate_simplified(
                hours=[hl("Anna", "1", date(2026, 3, 31), date(2026, 4, 1))],
                standard_rates=STANDARD,
                standard_percentage=D(10),
            )


class TestAllowedHours:
    def test_quarter(self) -> None:
        # 10 h/week × 90 days / 7 = 128.57 → 128.5 (rounded down to the half hour).
        assert allowed_hours(D(10), Q1_START, Q1_END) == D("128.5")

    @pytest.mark.parametrize(
        ("weekly", "start", "end", "expected"),
        [
            ("20", date(2026, 1, 5), date(2026, 1, 11), "20"),  # one week
            ("7", date(2026, 1, 1), date(2026, 1, 1), "1"),
            ("20", date(2026, 4, 1), date(2026, 6, 30), "260"),  # 91 days = 13 weeks
            ("0", Q1_START, Q1_END, "0"),
            ("3.5", date(2026, 1, 1), date(2026, 1, 2), "1"),  # 1.0
            ("1", date(2026, 1, 1), date(2026, 1, 3), "0"),  # 0.43
        ],
    )
    def test_values(self, weekly: str, start: date, end: date, expected: str) -> None:
        assert allowed_hours(D(weekly), start, end) == D(expected)

    def test_invalid(self) -> None:
        with pytest.raises(ValueError, match="Timer om ugen kan ikke være negative"):
            allowed_hours(D(-1), Q1_START, Q1_END)
        with pytest.raises(ValueError, match=r"slutter 01\.01\.2026, før den begynder 02\.01\.2026"):
            allowed_hours(D(10), date(2026, 1, 2), date(2026, 1, 1))

    def test_cap_hours(self) -> None:
        assert cap_hours(D("130"), D("128.5")) == D("128.5")
        assert cap_hours(D("100"), D("128.5")) == D("100")


class TestHoursCap:
    def test_detailed_excess_taken_at_rate_of_last_line(self) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "100"), hl("Bo", "30", kind="raised")],
            supplements=[Supplement(kind="atp", assistant="Anna", amount=D("50"))],
            standard_rates=STANDARD,
            raised_rates=RAISED,
            allowed_hours=D("128.5"),
        )
        cap = next(line for line in calc.lines if line.code == "hours_cap")
        assert cap == Line(
            code="hours_cap",
            label=LABEL_HOURS_CAP,
            assistant="Bo",
            quantity=D("-1.5"),
            unit_amount=D("160.00"),
            amount=D("-240.00"),
            rule="BEK § 15",
            rate_ref="21",
            of_line=1,  # Bo's raised-rate line: corrected together with its deduction
        )
        assert [line.code for line in calc.lines] == ["wage_standard", "wage_raised", "hours_cap", "atp"]
        assert calc.hours == D("128.5")
        assert calc.total == D("12786.00") + D("4800.00") - D("240.00") + D("50")
        assert_consistent(calc)

    def test_no_line_within_limit(self) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "128.5")], supplements=[], standard_rates=STANDARD, allowed_hours=D("128.5")
        )
        assert [line.code for line in calc.lines] == ["wage_standard"]

    def test_excess_larger_than_last_line_continues_backwards(self) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "100"), hl("Bo", "2", kind="raised")],
            supplements=[],
            standard_rates=STANDARD,
            raised_rates=RAISED,
            allowed_hours=D("90"),
        )
        caps = [line for line in calc.lines if line.code == "hours_cap"]
        assert [(c.assistant, c.quantity, c.amount) for c in caps] == [
            ("Anna", D("-10"), D("-1278.60")),
            ("Bo", D("-2"), D("-320.00")),
        ]
        assert calc.hours == D("90")
        assert calc.total == D("90") * D("127.86")

    def test_simplified_supplement_on_capped_wage(self) -> None:
        calc = calculate_simplified(
            hours=[hl("Anna", "130")],
            standard_rates=STANDARD,
            standard_percentage=D("20"),
            allowed_hours=D("128.5"),
        )
        assert [(line.code, line.amount) for line in calc.lines] == [
            ("wage_standard", D("16621.80")),
            ("hours_cap", D("-191.79")),
            ("standard_supplement", D("3286.00")),  # 20 % of 16430.01 = 3286.002
        ]
        assert calc.lines[2].quantity == D("16430.01")
        assert calc.hours == D("128.5")
        assert_consistent(calc)

    def test_zero_allowed(self) -> None:
        calc = calculate_simplified(
            hours=[hl("Anna", "3")], standard_rates=STANDARD, standard_percentage=D(10), allowed_hours=D(0)
        )
        assert calc.total == 0
        assert calc.hours == 0

    def test_negative_allowed(self) -> None:
        with pytest.raises(ValueError, match="Det tilladte antal timer kan ikke være negativt"):
            calculate_detailed(
                hours=[hl("Anna", "3")], supplements=[], standard_rates=STANDARD, allowed_hours=D(-1)
            )


class TestQuarters:
    @pytest.mark.parametrize(
        ("d", "expected"),
        [
            (date(2026, 1, 1), (2026, 1)),
            (date(2026, 3, 31), (2026, 1)),
            (date(2026, 4, 1), (2026, 2)),
            (date(2026, 9, 30), (2026, 3)),
            (date(2026, 12, 31), (2026, 4)),
        ],
    )
    def test_quarter_of(self, d: date, expected: tuple[int, int]) -> None:
        assert quarter_of(d) == expected

    def test_bounds(self) -> None:
        assert quarter_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
        assert quarter_bounds(2026, 2) == (date(2026, 4, 1), date(2026, 6, 30))
        assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
        assert month_bounds(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
        assert month_bounds(2026, 2) == (date(2026, 2, 1), date(2026, 2, 28))

    def test_invalid(self) -> None:
        with pytest.raises(ValueError, match="Kvartalet skal være 1, 2, 3 eller 4"):
            quarter_bounds(2026, 5)
        with pytest.raises(ValueError, match="Måneden skal være 1–12"):
            month_bounds(2026, 0)

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
    def test_quarter_contains_day(self, d: date) -> None:
        first, last = quarter_bounds(*quarter_of(d))
        assert first <= d <= last


class TestRequestDeadline:
    def test_q1_by_end_of_june(self) -> None:
        assert request_deadline(date(2026, 3, 31)) == date(2026, 6, 30)
        assert request_deadline(date(2026, 1, 31)) == date(2026, 6, 30)  # a monthly request in Q1

    def test_late(self) -> None:
        assert not is_late(date(2026, 3, 31), date(2026, 6, 30))
        assert not is_late(date(2026, 3, 31), date(2026, 4, 2))
        assert is_late(date(2026, 3, 31), date(2026, 7, 1))

    def test_deadline_on_weekend_moves(self) -> None:
        # 30 June 2024 was a Sunday.
        assert request_deadline(date(2024, 3, 31)) == date(2024, 7, 1)
        assert not is_late(date(2024, 3, 31), date(2024, 7, 1))
        assert is_late(date(2024, 3, 31), date(2024, 7, 2))

    def test_deadline_on_new_years_eve_moves(self) -> None:
        # Q3 2026 → 31.12.2026 (closed) → 1.1. holiday → weekend → Monday 4 January 2027.
        assert request_deadline(date(2026, 9, 30)) == date(2027, 1, 4)

    def test_q4_into_next_year(self) -> None:
        assert request_deadline(date(2025, 12, 31)) == date(2026, 3, 31)

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
    def test_deadline_after_next_quarter_on_working_day(self, period_end: date) -> None:
        deadline = request_deadline(period_end)
        assert deadlines.is_working_day(deadline)
        assert deadline - period_end > timedelta(days=89)
        assert deadline - period_end < timedelta(days=190)


class TestThreeMonths:
    def test_earliest_payable(self) -> None:
        assert earliest_payable(date(2026, 4, 15)) == date(2026, 1, 15)
        assert earliest_payable(date(2026, 5, 31)) == date(2026, 2, 28)
        assert earliest_payable(date(2026, 1, 10)) == date(2025, 10, 10)


class TestBankDays:
    def test_friday_after_ascension(self) -> None:
        friday = date(2026, 5, 15)  # Ascension Day 14 May 2026
        assert deadlines.is_working_day(friday)
        assert not is_bank_day(friday)
        assert is_bank_day(date(2026, 5, 18))
        assert not is_bank_day(date(2025, 5, 30))  # Ascension Day 29 May 2025

    @pytest.mark.parametrize(
        "d",
        [date(2026, 6, 5), date(2026, 12, 24), date(2026, 12, 31), date(2026, 5, 14), date(2026, 5, 16)],
    )
    def test_closed(self, d: date) -> None:
        assert not is_bank_day(d)

    def test_next_bank_day(self) -> None:
        assert next_bank_day(date(2026, 5, 15)) == date(2026, 5, 18)
        assert next_bank_day(date(2026, 5, 13)) == date(2026, 5, 13)

    @given(st.integers(min_value=1990, max_value=2100))
    def test_friday_after_ascension_every_year(self, year: int) -> None:
        friday = easter(year) + timedelta(days=40)
        assert friday.weekday() == 4
        assert not is_bank_day(friday)


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2026, 7, 1), date(2026, 9, 30), "3. kvartal 2026"),
        (date(2026, 1, 1), date(2026, 1, 31), "januar 2026"),
        (date(2024, 2, 1), date(2024, 2, 29), "februar 2024"),
        (date(2026, 1, 1), date(2026, 1, 15), "01.01.2026–15.01.2026"),
    ],
)
def test_period_label(start: date, end: date, label: str) -> None:
    assert period_label(start, end) == label


class TestPayoutDue:
    def test_ordinary(self) -> None:
        assert payout_due(date(2026, 3, 2)) == date(2026, 3, 16)  # day 14 is a Monday

    @pytest.mark.parametrize(
        ("received", "due"),
        [
            # Day 14 = Friday 25.12.2026 (1st Christmas Day); 24.12 is closed too → Wednesday 23.12.
            (date(2026, 12, 11), date(2026, 12, 23)),
            # Day 14 = Friday 5.6.2026 (Constitution Day) → Thursday 4.6.
            (date(2026, 5, 22), date(2026, 6, 4)),
            # Day 14 = Friday 15.5.2026 after Ascension Day (Thursday 14.5) → Wednesday 13.5.
            (date(2026, 5, 1), date(2026, 5, 13)),
            # Day 14 = Thursday 24.12.2026 → Wednesday 23.12.
            (date(2026, 12, 10), date(2026, 12, 23)),
            # Day 14 = Thursday 31.12.2026 → Wednesday 30.12, never into January.
            (date(2026, 12, 17), date(2026, 12, 30)),
            # Day 14 = Easter Monday 6.4.2026; Sunday, Saturday, Good Friday 3.4 and Maundy Thursday 2.4 are
            # closed too → Wednesday 1.4.
            (date(2026, 3, 23), date(2026, 4, 1)),
            # Day 14 = Saturday 21.3.2026 → Friday 20.3.
            (date(2026, 3, 7), date(2026, 3, 20)),
            (datetime(2026, 3, 2, 23, 59), date(2026, 3, 16)),
        ],
    )
    def test_last_bank_day_on_or_before_day_14(self, received: date, due: date) -> None:
        assert payout_due(received) == due

    def test_previous_bank_day(self) -> None:
        assert previous_bank_day(date(2026, 12, 26)) == date(2026, 12, 23)
        assert previous_bank_day(date(2026, 12, 23)) == date(2026, 12, 23)

    def test_every_receipt_date_2024_to_2027_is_paid_within_14_days(self) -> None:
        day, days, too_late = date(2024, 1, 1), 0, []
        while day <= date(2027, 12, 31):
            due = payout_due(day)
            if not (is_bank_day(due) and due <= day + timedelta(days=14)):
                too_late.append((day, due))
            days += 1
            day += timedelta(days=1)
        assert days == 1461  # 366 + 365 + 365 + 365
        assert too_late == []

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
    def test_the_last_bank_day_never_after_day_14(self, received: date) -> None:
        due = payout_due(received)
        day_14 = received + timedelta(days=14)
        assert is_bank_day(due)
        # The longest run of bank closing days is Maundy Thursday to Easter Monday (5 days).
        assert day_14 - timedelta(days=5) <= due <= day_14
        gap = due + timedelta(days=1)
        while gap <= day_14:
            assert not is_bank_day(gap)
            gap += timedelta(days=1)


class TestQuarterAverage:
    """BEK § 15: hours are a weekly average over the quarter; a monthly request is held against what the
    quarter allows so far. Grant 10 h/week; Q1 2026 has 90 days: 10 × 90 / 7 = 128.57 → 128.5 hours."""

    JAN, FEB, MAR = month_bounds(2026, 1), month_bounds(2026, 2), month_bounds(2026, 3)

    def so_far(
        self, month: tuple[date, date], *earlier: tuple[tuple[date, date], str], **kw: date
    ) -> Decimal:
        return allowed_hours_so_far(
            D(10),
            *month,
            grant_start=kw.get("grant_start", date(2025, 1, 1)),
            grant_end=kw.get("grant_end"),
            earlier=[CountedHours(start, end, D(hours)) for (start, end), hours in earlier],
        )

    def test_60_30_30_is_paid_in_full(self) -> None:
        # Month by month, January alone would allow 10 × 31 / 7 = 44.28 → 44 hours: 16 of 60 lost.
        assert allowed_hours(D(10), *self.JAN) == D(44)
        # January: nothing used yet, the quarter allows 128.5 ≥ 60.
        assert self.so_far(self.JAN) == D("128.5")
        # February: 128.5 − 60 = 68.5 ≥ 30; March: 128.5 − 60 − 30 = 38.5 ≥ 30. The quarter pays 120 hours.
        assert self.so_far(self.FEB, (self.JAN, "60")) == D("68.5")
        assert self.so_far(self.MAR, (self.JAN, "60"), (self.FEB, "30")) == D("38.5")
        for month, earlier in ((self.JAN, ()), (self.FEB, ((self.JAN, "60"),))):
            calc = calculate_simplified(
                hours=[hl("Anna", "60" if month == self.JAN else "30", *month)],
                standard_rates=STANDARD,
                standard_percentage=D(0),
                allowed_hours=self.so_far(month, *earlier),
            )
            assert [line.code for line in calc.lines] == ["wage_standard", "standard_supplement"]

    def test_last_request_of_the_quarter_is_capped_at_what_remains(self) -> None:
        # 60 + 40 used: 128.5 − 100 = 28.5 left, so 40 hours in March are paid as 28.5 (11.5 cut).
        remaining = self.so_far(self.MAR, (self.JAN, "60"), (self.FEB, "40"))
        assert remaining == D("28.5")
        calc = calculate_detailed(
            hours=[hl("Anna", "40", *self.MAR)],
            supplements=[],
            standard_rates=STANDARD,
            allowed_hours=remaining,
        )
        assert calc.hours == D("28.5")
        assert calc.lines[1].quantity == D("-11.5")
        assert calc.total == D("3644.01")  # 28.5 × 127.86 = 3644.01

    def test_never_below_zero(self) -> None:
        assert self.so_far(self.MAR, (self.JAN, "100"), (self.FEB, "40")) == D(0)

    def test_other_quarters_do_not_count(self) -> None:
        december = month_bounds(2025, 12)
        april = month_bounds(2026, 4)
        assert self.so_far(self.JAN, (december, "60"), (april, "60")) == D("128.5")

    def test_grant_starting_inside_the_quarter(self) -> None:
        # The quarter's frame is only 1.2–31.3.2026: 59 days × 10 / 7 = 84.28 → 84 hours.
        assert self.so_far(self.FEB, grant_start=date(2026, 2, 1)) == D(84)
        # Ending 15.3: 1.1–15.3 = 74 days × 10 / 7 = 105.71 → 105.5.
        assert self.so_far(self.JAN, grant_end=date(2026, 3, 15)) == D("105.5")

    def test_period_across_quarters_uses_its_own_average(self) -> None:
        # 15.3–14.4.2026 = 31 days: 10 × 31 / 7 = 44.28 → 44.
        assert self.so_far((date(2026, 3, 15), date(2026, 4, 14))) == D(44)

    def test_supplements_follow_the_subsidised_hours(self) -> None:
        # 60 hours requested, 44 allowed: 16 cut at 127.86. Each of Anna's supplements loses 16/60 of itself.
        calc = calculate_detailed(
            hours=[hl("Anna", "60", *self.JAN)],
            supplements=[
                Supplement(kind="holiday_pay", assistant="Anna", amount=D("1000.00")),
                Supplement(kind="pension", assistant="Anna", percentage=D(8), basis=D("7671.60")),
            ],
            standard_rates=STANDARD,
            allowed_hours=D(44),
        )
        assert [(line.code, line.of_line, line.amount) for line in calc.lines] == [
            ("wage_standard", None, D("7671.60")),  # 60 × 127.86
            ("hours_cap", 0, D("-2045.76")),  # −16 × 127.86
            ("holiday_pay", None, D("1000.00")),
            (CODE_SUPPLEMENT_CAP, 2, D("-266.67")),  # 1000 × 16 / 60 = 266.666…
            ("pension", None, D("613.73")),  # 8 % of 7671.60 = 613.728
            (CODE_SUPPLEMENT_CAP, 4, D("-163.66")),  # 613.73 × 16 / 60 = 163.661…
        ]
        # Paid: 44 × 127.86 = 5625.84, plus 733.33 and 450.07 of the supplements.
        assert calc.total == D("5625.84") + D("733.33") + D("450.07")
        assert calc.hours == D(44)
        assert "16 af 60 timer" in calc.lines[3].label
        assert_consistent(calc)

    def test_supplements_untouched_without_a_cap(self) -> None:
        calc = calculate_detailed(
            hours=[hl("Anna", "40", *self.JAN)],
            supplements=[Supplement(kind="holiday_pay", assistant="Anna", amount=D("500.00"))],
            standard_rates=STANDARD,
            allowed_hours=D(44),
        )
        assert CODE_SUPPLEMENT_CAP not in [line.code for line in calc.lines]


class TestOffset:
    def test_no_claims(self) -> None:
        assert offset(D("1000.00"), []) == (D("1000.00"), [])

    def test_claims_in_order_never_below_zero(self) -> None:
        net, applied = offset(D("1000.00"), [("a", D("300.00")), ("b", D("900.00")), ("c", D("50.00"))])
        assert net == D("0.00")
        assert applied == [("a", D("300.00")), ("b", D("700.00")), ("c", D("0.00"))]

    def test_partly_offset(self) -> None:
        assert offset(D("1000"), [("a", D("250.50"))]) == (D("749.50"), [("a", D("250.50"))])

    @pytest.mark.parametrize(
        ("payout", "claims", "message"),
        [
            (D("-1"), [], "Udbetalingen kan ikke være negativ"),
            (D("1"), [("a", D("-1"))], "Kravet a kan ikke være negativt"),
            (D("1.005"), [], "hele øre"),
            (D("1"), [("a", D("NaN"))], "Beløb skal være et tal"),
        ],
    )
    def test_invalid(self, payout: Decimal, claims: list[tuple[str, Decimal]], message: str) -> None:
        with pytest.raises(ValueError, match=message):
            offset(payout, claims)

    @given(
        st.integers(min_value=0, max_value=10**8).map(lambda n: D(n) / 100),
        st.lists(st.integers(min_value=0, max_value=10**7).map(lambda n: D(n) / 100), max_size=6),
    )
    def test_properties(self, payout: Decimal, outstanding: list[Decimal]) -> None:
        claims = [(str(i), amount) for i, amount in enumerate(outstanding)]
        net, applied = offset(payout, claims)
        assert net >= 0
        assert net + sum((amount for _, amount in applied), D(0)) == payout
        assert [ref for ref, _ in applied] == [ref for ref, _ in claims]
        for (_, taken), (_, owed) in zip(applied, claims, strict=True):
            assert 0 <= taken <= owed
        assert net == max(D(0), payout - sum(outstanding, D(0)))


# --- properties -------------------------------------------------------------------------------------

ASSISTANTS = ("Anna", "Bo", "Cecilie")
PROP_START, PROP_END = date(2026, 1, 1), date(2026, 3, 31)

half_hours_st = st.integers(min_value=0, max_value=400).map(lambda n: D(n) / 2)
hourly_st = st.integers(min_value=0, max_value=100_000).map(lambda n: D(n) / 100)
percentage_st = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 100)
money_st = st.integers(min_value=0, max_value=10**7).map(lambda n: D(n) / 1000)  # also fractions of an øre


@st.composite
def hours_lines(draw: st.DrawFn, *, raised: bool = True) -> list[HoursLine]:
    kinds = st.sampled_from(("standard", "raised")) if raised else st.just("standard")
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        start = draw(st.dates(min_value=PROP_START, max_value=PROP_END))
        end = draw(st.dates(min_value=start, max_value=PROP_END))
        lines.append(
            HoursLine(
                assistant=draw(st.sampled_from(ASSISTANTS)),
                start=start,
                end=end,
                hours=draw(half_hours_st),
                rate_kind=draw(kinds),
            )
        )
    return lines


@st.composite
def rate_tables(draw: st.DrawFn) -> tuple[list[Rate], list[Rate]]:
    return [Rate("s", date(2025, 4, 1), draw(hourly_st))], [Rate("r", date(2025, 4, 1), draw(hourly_st))]


@st.composite
def supplements_for(draw: st.DrawFn, lines: list[HoursLine]) -> list[Supplement]:
    assistants = sorted({line.assistant for line in lines})
    if not assistants:
        return []
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        kind = draw(st.sampled_from(SUPPLEMENT_KINDS))
        assistant = draw(st.sampled_from(assistants))
        if draw(st.booleans()):
            result.append(Supplement(kind=kind, assistant=assistant, amount=draw(money_st)))
        else:
            result.append(
                Supplement(
                    kind=kind, assistant=assistant, percentage=draw(percentage_st), basis=draw(money_st)
                )
            )
    return result


allowed_st = st.none() | st.integers(min_value=0, max_value=1000).map(lambda n: D(n) / 2)


@given(data=st.data(), tables=rate_tables(), allowed=allowed_st)
def test_detailed_properties(
    data: st.DataObject, tables: tuple[list[Rate], list[Rate]], allowed: Decimal | None
) -> None:
    lines = data.draw(hours_lines())
    supplements = data.draw(supplements_for(lines))
    standard, raised = tables
    calc = calculate_detailed(
        hours=lines,
        supplements=supplements,
        standard_rates=standard,
        raised_rates=raised,
        allowed_hours=allowed,
    )
    assert_consistent(calc)
    assert calc.total >= 0
    requested = sum((line.hours for line in lines), D(0))
    assert calc.hours == (requested if allowed is None else cap_hours(requested, allowed))
    if allowed is not None:
        assert calc.hours <= allowed
    # The wage part alone is never negative either: a cap line never takes more than its own line.
    assert sum((line.amount for line in calc.lines if line.code.startswith(("wage", "hours_cap"))), D(0)) >= 0


@given(data=st.data(), tables=rate_tables(), percentage=percentage_st, allowed=allowed_st)
def test_simplified_properties(
    data: st.DataObject, tables: tuple[list[Rate], list[Rate]], percentage: Decimal, allowed: Decimal | None
) -> None:
    lines = data.draw(hours_lines())
    standard, raised = tables
    calc = calculate_simplified(
        hours=lines,
        standard_rates=standard,
        raised_rates=raised,
        standard_percentage=percentage,
        allowed_hours=allowed,
    )
    assert_consistent(calc)
    assert calc.total >= 0
    if allowed is not None:
        assert calc.hours <= allowed
    for line in calc.lines:
        if line.code == "standard_supplement":
            assert line.amount >= 0


@given(data=st.data(), tables=rate_tables(), percentage=percentage_st)
def test_modes_agree(data: st.DataObject, tables: tuple[list[Rate], list[Rate]], percentage: Decimal) -> None:
    lines = data.draw(hours_lines())
    standard, raised = tables
    simplified = calculate_simplified(
        hours=lines, standard_rates=standard, raised_rates=raised, standard_percentage=percentage
    )
    wages = calculate_detailed(
        hours=lines, supplements=[], standard_rates=standard, raised_rates=raised
    ).lines
    detailed = calculate_detailed(
        hours=lines,
        supplements=[
            Supplement(kind="pension", assistant=wage.assistant, percentage=percentage, basis=wage.amount)
            for wage in wages
        ],
        standard_rates=standard,
        raised_rates=raised,
    )
    assert detailed.total == simplified.total
    assert detailed.hours == simplified.hours
    assert sorted(line.amount for line in detailed.lines) == sorted(line.amount for line in simplified.lines)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=6))
def test_round_ore_has_ore_precision(n: int, places: int) -> None:
    x = D(n).scaleb(-places)
    rounded = round_ore(x)
    assert has_ore_precision(rounded)
    assert abs(rounded - x) <= D("0.005")


@given(
    weekly=st.integers(min_value=0, max_value=80).map(lambda n: D(n) / 2),
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=400),
)
def test_allowed_hours_never_above_average(weekly: Decimal, start: date, days: int) -> None:
    allowed = allowed_hours(weekly, start, start + timedelta(days=days))
    exact = weekly * (days + 1) / 7
    assert (allowed * 2) % 1 == 0
    assert allowed <= exact < allowed + D("0.5")


def test_seniority_step_uses_its_own_rate_table() -> None:
    from datetime import date as _date
    from decimal import Decimal as D

    from kompensation.rules import payments as p

    standard = [p.Rate("s0", _date(2026, 4, 1), D("140.00"))]
    steps = {2: [p.Rate("s2", _date(2026, 4, 1), D("150.00"))]}
    lines = [
        p.HoursLine("Ny", _date(2026, 7, 1), _date(2026, 9, 30), D("10")),
        p.HoursLine("Erfaren", _date(2026, 7, 1), _date(2026, 9, 30), D("10"), seniority=2),
    ]
    calc = p.calculate_detailed(hours=lines, supplements=[], standard_rates=standard, seniority_rates=steps)
    assert [(line.rate_ref, line.amount) for line in calc.lines] == [
        ("s0", D("1400.00")),
        ("s2", D("1500.00")),
    ]
    assert "anciennitetstrin 2" in calc.lines[1].label
    with pytest.raises(ValueError, match="ingen sats for anciennitetstrin 3"):
        p.calculate_simplified(
            hours=[p.HoursLine("X", _date(2026, 7, 1), _date(2026, 7, 31), D("1"), seniority=3)],
            standard_rates=standard,
            standard_percentage=D("25"),
            seniority_rates=steps,
        )
    with pytest.raises(ValueError, match="helt tal fra 0"):
        p.HoursLine("X", _date(2026, 7, 1), _date(2026, 7, 31), D("1"), seniority=-1)


def test_payout_due_is_defined_beyond_the_holiday_calendar() -> None:
    from datetime import date as _date

    from kompensation.rules import payments as p

    # Hypothesis once found a crash here; day 14 = Monday 3.1.2101, a bank day.
    assert p.payout_due(_date(2100, 12, 20)) == _date(2101, 1, 3)
    assert not p.is_bank_day(_date(2026, 5, 15)) and not p.is_bank_day(_date(2025, 5, 30))
