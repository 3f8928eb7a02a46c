"""Numbers are read the Danish way and nothing else: a date typed into an amount field is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kompensation.cases.forms import HalfHourField
from kompensation.payments.forms import AmountField
from kompensation.ui.fields import WholeNumberField, format_danish


def refusal(field: object, text: str) -> str:
    with pytest.raises(ValidationError) as exc:
        field.clean(text)  # type: ignore[attr-defined]
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1234", Decimal("1234")),
        ("1234,5", Decimal("1234.5")),
        ("1.234,50", Decimal("1234.50")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),  # a no-break space pasted from a bank statement
        ("1.234", Decimal("1234")),
        ("1.234.567,89", Decimal("1234567.89")),
        (" 250 kr. ", Decimal("250")),
        ("0,01", Decimal("0.01")),
    ],
)
def test_danish_amounts_are_read(typed: str, amount: Decimal) -> None:
    assert AmountField().clean(typed) == amount


@pytest.mark.parametrize(
    "typed",
    ["31.02.2026", "3.1.2026", "12.34.56", "1,2,3", "1e5", "NaN", "Infinity", "-Infinity", "abc", "12a",
     "1.234 567", "١٢٣", "+5", ",5", "1..234", "\x00", "-"],
)  # fmt: skip
def test_what_is_not_a_danish_amount_is_refused_with_the_explanation(typed: str) -> None:
    message = refusal(AmountField(), typed)
    assert "Skriv et beløb som fx 1.234,50 — kun tal, punktum som tusindtalsskille" in message


def test_a_date_in_an_amount_field_is_named_as_a_date() -> None:
    assert refusal(AmountField(), "31.02.2026").startswith("Det ligner en dato.")


def test_a_dot_before_decimals_gets_the_comma_suggested() -> None:
    assert refusal(AmountField(), "1.23") == (
        "Brug komma før decimalerne: skriv 1,23. Punktum bruges kun som tusindtalsskille (1.234)."
    )
    assert "skriv 1234,50" in refusal(AmountField(), "1234.50")


def test_no_amount_field_takes_a_minus() -> None:
    assert refusal(AmountField(), "-5") == "Beløbet kan ikke være negativt."
    assert refusal(AmountField(), "-0") == "Beløbet kan ikke være negativt."


def test_digit_and_decimal_limits_have_danish_messages() -> None:
    assert refusal(AmountField(), "10.000.000.000") == (
        "Tallet er for stort. Det største tal, feltet tager imod, er 9.999.999.999,99."
    )
    assert refusal(AmountField(max_digits=9), "10.000.000") == (
        "Tallet er for stort. Det største tal, feltet tager imod, er 9.999.999,99."
    )
    assert refusal(AmountField(), "12,345") == "Angiv højst 2 decimaler (øre)."
    assert refusal(AmountField(min_value=Decimal("0.01")), "0") == "Tallet skal være mindst 0,01."
    assert refusal(AmountField(max_value=100, max_digits=5), "100,5") == "Tallet må højst være 100."


def test_hours_are_read_the_same_way() -> None:
    field = HalfHourField()
    assert field.clean("7,5") == Decimal("7.5") and field.clean("37") == Decimal("37")
    assert "Brug komma før decimalerne: skriv 7,5." in refusal(field, "7.5")
    assert refusal(field, "31.02.2026").startswith("Det ligner en dato.")
    assert refusal(field, "-1") == "Antallet af timer kan ikke være negativt."
    assert refusal(field, "7,25") == "Timer skal angives i hele eller halve timer, fx 7 eller 7,5."
    assert refusal(field, "169") == "Der er højst 168 timer i en uge."


def test_whole_numbers_take_digits_only() -> None:
    field = WholeNumberField(min_value=7, max_value=56)
    assert field.clean("14") == 14
    for typed in ("14,5", "1e1", "NaN", "31.02.2026", "-0", "\x00"):
        with pytest.raises(ValidationError):
            field.clean(typed)
    assert refusal(field, "3") == "Tallet skal være mindst 7."
    assert refusal(field, "57") == "Tallet må højst være 56."


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_every_two_decimal_amount_written_the_danish_way_reads_back(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    written = format_danish(amount, places=2)
    assert AmountField(max_digits=14).clean(written) == amount
    assert AmountField(max_digits=14).clean(written.replace(".", " ")) == amount


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(1, 31)), draw(st.integers(1, 12))
    year = draw(st.integers(1000, 9999))
    return f"{draw(st.text(max_size=8))}{day:02d}.{month:02d}.{year}{draw(st.text(max_size=8))}"


@given(date_texts())
def test_no_text_containing_a_date_is_read_as_an_amount(text: str) -> None:
    with pytest.raises(ValidationError):
        AmountField(max_digits=30).clean(text)
