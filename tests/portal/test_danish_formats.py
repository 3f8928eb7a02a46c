"""Numbers, amounts and dates are written the Danish way everywhere (`kompensation.formats`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Template

from kompensation import formats
from kompensation.letters.compose import danish_date, danish_number


def test_numbers_and_amounts() -> None:
    assert formats.amount(Decimal("1234.5")) == "1.234,50 kr."
    assert formats.amount(Decimal("1234567.89")) == "1.234.567,89 kr."
    assert formats.number(Decimal("7.0")) == "7"
    assert formats.number(Decimal("7.5")) == "7,5"
    assert formats.number(1200) == "1.200"
    assert formats.number(None) == "–"


def test_dates_short_and_long() -> None:
    assert formats.date(dt.date(2026, 11, 23)) == "23.11.2026"
    assert formats.long_date(dt.date(2026, 11, 23)) == "23. november 2026"
    assert formats.long_date(dt.date(2027, 5, 3)) == "3. maj 2027"


def test_letters_and_templates_use_them() -> None:
    assert danish_date(dt.date(2026, 11, 23)) == "23. november 2026"
    assert danish_number(Decimal("20.0")) == "20"
    html = Template("{% load ui %}{{ a|kr }} · {{ n|dknum }} · {{ d|dkdate }} · {{ d|dklongdate }}").render(
        Context({"a": Decimal("1234.5"), "n": Decimal("1234.5"), "d": dt.date(2026, 11, 23)})
    )
    assert html == "1.234,50 kr. · 1.234,5 · 23.11.2026 · 23. november 2026"
