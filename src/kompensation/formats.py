"""Numbers, amounts and dates written the Danish way, in one place (Babel's CLDR data for da_DK).

Templates reach these through the `ui` filters (`dknum`, `kr`, `dkdate`, `dklongdate`); letters and the
few model texts shown in lists call them directly. "1.234,50 kr.", "23.11.2026", "23. november 2026".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "da_DK"
EMPTY = "–"


def number(value: Decimal | int | str | None, *, places: int | None = None) -> str:
    """1234.5 → "1.234,5"; with places=2 → "1.234,50". Without places every given decimal is kept."""
    if value is None or value == "":
        return EMPTY
    decimal = Decimal(value)
    if places is None:
        return format_decimal(decimal, format="#,##0.###", locale=LOCALE, decimal_quantization=False)
    return format_decimal(decimal, format="#,##0." + "0" * places, locale=LOCALE)


def amount(value: Decimal | int | str | None) -> str:
    """Money: "1.234,50 kr." (always two decimals, so øre are never hidden)."""
    if value is None or value == "":
        return EMPTY
    return f"{number(value, places=2)} kr."


def date(value: dt.date | None) -> str:
    """ "23.11.2026"; a datetime in local time with the hour: "23.11.2026 kl. 14.30"."""
    if not value:
        return EMPTY
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%d.%m.%Y} kl. {local:%H.%M}"
    return f"{value:%d.%m.%Y}"


def long_date(value: dt.date | None) -> str:
    """The form letters use: "23. november 2026"."""
    if not value:
        return EMPTY
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return format_date(value, format="d. MMMM y", locale="da")


def weekday_date(value: dt.date) -> str:
    """«Tirsdag 10. november 2026»: a day as a person reads it on a list of sessions."""
    return format_date(value, "EEEE d. MMMM y", locale="da").capitalize()
