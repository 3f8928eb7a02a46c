"""Field checks shared by forms and services, so the portal, the caseworker and the API agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from kompensation.registers.cpr import clean_cpr
from kompensation.registers.cvr import clean_cvr
from kompensation.rules.deadlines import is_sane_date
from kompensation.rules.pa import is_half_hour_step

MAX_WEEKLY_HOURS = Decimal(168)


def validate_half_hours(value: Decimal | None) -> None:
    if value is None:
        return
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise ValidationError("Angiv et antal timer, fx 7,5.") from exc
    if value < 0:
        raise ValidationError("Antallet af timer kan ikke være negativt.")
    if value > MAX_WEEKLY_HOURS:
        raise ValidationError("Der er højst 168 timer i en uge.")
    if not is_half_hour_step(value):
        raise ValidationError("Timer skal angives i hele eller halve timer, fx 7 eller 7,5.")


def validate_period_hours(value: Decimal | None) -> None:
    """Hours for a whole period (a month or a quarter): half-hour steps, not negative, no weekly cap."""
    if value is None:
        return
    if Decimal(value) < 0:
        raise ValidationError("Antallet af timer kan ikke være negativt.")
    if not is_half_hour_step(Decimal(value)):
        raise ValidationError("Timer skal angives i hele eller halve timer, fx 120 eller 120,5.")


def validate_positive_hours(value: Decimal | None) -> None:
    validate_half_hours(value)
    if value is not None and Decimal(value) <= 0:
        raise ValidationError("Antallet af timer skal være større end 0.")


def validate_cpr(value: str) -> None:
    try:
        clean_cpr(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def validate_cvr(value: str) -> None:
    try:
        clean_cvr(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


SANE_DATE_MESSAGE = "Datoen skal ligge mellem 1. januar 2000 og 31. december 2100."


def validate_sane_date(value: dt.date | None) -> None:
    if value is not None and not is_sane_date(value):
        raise ValidationError(SANE_DATE_MESSAGE, code="date_out_of_range")


def sane_date_errors(**dates: dt.date | None) -> dict[str, str]:
    """The services' guard: the fields among `dates` that lie outside the window, with the message."""
    return {name: SANE_DATE_MESSAGE for name, value in dates.items() if value and not is_sane_date(value)}
