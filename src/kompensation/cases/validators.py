"""Field checks shared by forms and services, so the portal, the caseworker and the API agree."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from kompensation.registers.cpr import clean_cpr
from kompensation.registers.cvr import clean_cvr
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
