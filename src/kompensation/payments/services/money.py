"""Amounts in messages, written the way the officer and the employer read them: 12.345,00 kr."""

from __future__ import annotations

from decimal import Decimal


def kr(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} kr."
