"""Amounts in messages, written the way the officer and the employer read them: 12.345,00 kr."""

from __future__ import annotations

from decimal import Decimal

from kompensation import formats


def kr(amount: Decimal) -> str:
    return formats.amount(amount)
