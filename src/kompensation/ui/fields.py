"""Form fields for numbers and dates typed by people: one Danish parser, one date window, for every form.

A date typed into an amount field once became a correction of 31.022.026,00 kr. So a number is read the
Danish way and nothing else: digits, a dot only between correct groups of three ("1.234"), a comma before
the decimals. Anything else ("31.02.2026", "1.23", "1e5", "NaN") is refused with a message saying how to
write it, never guessed at.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kompensation.cases.validators import SANE_DATE_MESSAGE, validate_sane_date

AMOUNT_MESSAGE = (
    "Skriv et beløb som fx 1.234,50 — kun tal, punktum som tusindtalsskille og komma før decimalerne."
)
DATE_LIKE_MESSAGE = "Det ligner en dato. "
NEGATIVE_MESSAGE = "Tallet kan ikke være negativt."
WHOLE_NUMBER_MESSAGE = "Skriv et helt tal, fx 14 — kun tal."

# Spaces people paste from spreadsheets and banks: ordinary, no-break and narrow no-break.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
_CURRENCY = re.compile(r"\s*(kr\.?|dkk)\s*$", re.IGNORECASE | re.ASCII)
_NUMBER = re.compile(
    r"(?P<sign>-)?"
    r"(?P<whole>[0-9]{1,3}(?:(?P<sep>[. ])[0-9]{3})(?:(?P=sep)[0-9]{3})*|[0-9]+)"
    r"(?:,(?P<fraction>[0-9]+))?",
    re.ASCII,
)
_DATE_LIKE = re.compile(r"[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}", re.ASCII)
_DOT_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+", re.ASCII)
_MAX_INPUT = 40  # longer than any number a field takes; refused before any parsing


def parse_danish_number(value: Any, *, allow_negative: bool = False) -> Decimal:
    """The number in `value` written the Danish way, or a ValidationError whose code says what was wrong.

    Codes: "invalid" (not a number), "date" (looks like a date), "decimal_comma" (a dot where the comma
    belongs, "1.23"), "negative" (a minus sign where none is allowed).
    """
    text = str(value).translate(_SPACES).strip()
    text = _CURRENCY.sub("", text) if len(text) <= _MAX_INPUT else text
    match = _NUMBER.fullmatch(text) if len(text) <= _MAX_INPUT else None
    if match is None:
        if _DATE_LIKE.search(text):
            raise ValidationError(DATE_LIKE_MESSAGE + AMOUNT_MESSAGE, code="date")
        if len(text) <= _MAX_INPUT and _DOT_DECIMAL.fullmatch(text):
            suggestion = text.replace(".", ",")
            raise ValidationError(
                f"Brug komma før decimalerne: skriv {suggestion}. Punktum bruges kun som tusindtalsskille "
                "(1.234).",
                code="decimal_comma",
            )
        raise ValidationError(AMOUNT_MESSAGE, code="invalid")
    if match["sign"] and not allow_negative:
        raise ValidationError(NEGATIVE_MESSAGE, code="negative")
    digits = match["whole"].replace(".", "").replace(" ", "")
    fraction = f".{match['fraction']}" if match["fraction"] else ""
    return Decimal(f"{match['sign'] or ''}{digits}{fraction}")


def format_danish(value: Decimal | int, *, places: int | None = None, grouping: bool = True) -> str:
    """1234.5 → "1.234,5"; with places=2 → "1.234,50". The inverse of `parse_danish_number`."""
    number = Decimal(value)
    spec = f"{',' if grouping else ''}.{places}f" if places is not None else f"{',' if grouping else ''}f"
    text = format(number, spec)
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def _largest(max_digits: int | None, decimal_places: int | None) -> str | None:
    if max_digits is None:
        return None
    places = decimal_places or 0
    whole = "9" * (max_digits - places) or "0"
    largest = Decimal(f"{whole}.{'9' * places}") if places else Decimal(whole)
    return format_danish(largest, places=places)


class DanishDecimalField(forms.DecimalField):
    """A number written the Danish way: "1234", "1234,5", "1.234,50", "1 234,50". Never a float.

    `allow_negative` lets a leading minus through; no amount, hours or rate field allows it today.
    """

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault("invalid", AMOUNT_MESSAGE)
        messages.setdefault("max_decimal_places", "Skriv højst %(max)s decimaler efter kommaet.")
        super().__init__(**kwargs)
        largest = _largest(self.max_digits, self.decimal_places)
        too_big = f"Tallet er for stort. Det største tal, feltet tager imod, er {largest}."
        self.error_messages.setdefault("max_digits", too_big)
        self.error_messages.setdefault("max_whole_digits", too_big)
        for code, limit, text in (
            ("min_value", self.min_value, "Tallet skal være mindst {}."),
            ("max_value", self.max_value, "Tallet må højst være {}."),
        ):
            if limit is not None and code not in messages:
                self.error_messages[code] = text.format(format_danish(Decimal(limit)))
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "form-input input-width-s"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return parse_danish_number(value, allow_negative=self.allow_negative)
        except ValidationError as error:
            # A field may word a refusal its own way ("Antallet af timer …"); the code stays the parser's.
            code = str(error.code)
            if code in self.error_messages:
                raise ValidationError(self.error_messages[code], code=code) from error
            raise

    def prepare_value(self, value: Any) -> Any:
        # A stored value is shown the way it may be typed back; a typed one is shown as typed.
        if isinstance(value, Decimal) and value.is_finite():
            return format_danish(value, places=self.decimal_places)
        return value


class WholeNumberField(forms.IntegerField):
    """A whole number (minutes, days, a seniority step): digits only, no sign unless allowed."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault("invalid", WHOLE_NUMBER_MESSAGE)
        super().__init__(**kwargs)
        for code, limit, text in (
            ("min_value", self.min_value, "Tallet skal være mindst {}."),
            ("max_value", self.max_value, "Tallet må højst være {}."),
        ):
            if limit is not None and code not in messages:
                self.error_messages[code] = text.format(format_danish(limit))

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_danish_number(value, allow_negative=self.allow_negative)
        except ValidationError as error:
            code = "negative" if error.code == "negative" else "invalid"
            message = NEGATIVE_MESSAGE if code == "negative" else self.error_messages["invalid"]
            raise ValidationError(message, code=code) from error
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]


class BoundedDateField(forms.DateField):
    """A date between 1 January 2000 and 31 December 2100, typed as 01.02.2026 or picked (2026-02-01)."""

    widget = forms.DateInput(attrs={"type": "date", "class": "form-input input-width-s"}, format="%Y-%m-%d")
    default_validators = [validate_sane_date]

    def __init__(self, **kwargs: Any) -> None:
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault("invalid", "Indtast en gyldig dato, fx 01.02.2026.")
        messages.setdefault("date_out_of_range", SANE_DATE_MESSAGE)
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) > _MAX_INPUT:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


# What to do, for each error Django would otherwise word itself ("Dette felt er påkrævet.", "Indtast en
# gyldig værdi.", "Sørg for at …"): the message says how to put it right.
DANISH_MESSAGES = {
    "required": "Feltet skal udfyldes.",
    "invalid": "Ret indholdet, så det har den form, feltet beder om.",
    "invalid_choice": "Vælg en af mulighederne på listen.",
    "invalid_list": "Vælg en eller flere af mulighederne på listen.",
    "invalid_pk_value": "Vælg en af mulighederne på listen.",
    "missing": "Vælg en fil.",
    "empty": "Filen er tom. Vælg en fil med indhold.",
    "contradiction": "Vælg enten en ny fil eller at fjerne den gamle, ikke begge dele.",
    "invalid_image": "Vælg et billede i JPG- eller PNG-format.",
    "min_length": "Teksten er for kort. Skriv lidt mere.",
    "max_length": "Teksten er for lang. Gør den kortere.",
    "min_value": "Tallet er for lille. Skriv et større tal.",
    "max_value": "Tallet er for stort. Skriv et mindre tal.",
    "step_size": "Skriv et tal i de trin, feltet tager imod.",
    "max_digits": "Tallet har for mange cifre. Skriv et mindre tal.",
    "max_decimal_places": "Skriv færre decimaler efter kommaet.",
    "max_whole_digits": "Tallet er for stort. Skriv et mindre tal.",
    "null_characters_not_allowed": (
        "Teksten indeholder et ugyldigt tegn (et nul-tegn). Fjern det, og prøv igen."
    ),
    "overflow": "Tallet er for stort. Skriv et mindre tal.",
}
_FIELD_MESSAGES = {
    forms.EmailField: {"invalid": "Skriv e-mailadressen som fx navn@eksempel.dk."},
    forms.FileField: {"invalid": "Vælg en fil fra din computer.", "max_length": "Filnavnet er for langt."},
    forms.DateField: {"invalid": "Indtast en gyldig dato, fx 01.02.2026."},
    forms.IntegerField: {"invalid": WHOLE_NUMBER_MESSAGE},
    forms.DecimalField: {"invalid": AMOUNT_MESSAGE},
}


def _django_defaults(field: forms.Field) -> set[str]:
    defaults: set[str] = set()
    for cls in type(field).__mro__:
        defaults |= {str(m) for m in getattr(cls, "default_error_messages", {}).values()}
    return defaults


def replace_django_messages(field: forms.Field) -> None:
    """Every message of `field` that is still Django's own default is replaced by one that says what to do.

    Messages a field or form set itself are kept; only Django's wording ("Dette felt er påkrævet.") goes.
    """
    if isinstance(field, forms.CharField):
        # Raised by validators, whose own wording is used unless the field has a message for the code.
        field.error_messages.setdefault(
            "null_characters_not_allowed", DANISH_MESSAGES["null_characters_not_allowed"]
        )
        if field.max_length is not None:
            field.error_messages.setdefault("max_length", f"Teksten må højst være {field.max_length} tegn.")
        if field.min_length is not None:
            field.error_messages.setdefault("min_length", f"Skriv mindst {field.min_length} tegn.")
    defaults = _django_defaults(field)
    own: dict[str, str] = {}
    for cls, messages in _FIELD_MESSAGES.items():
        if isinstance(field, cls):
            own = {**messages, **own}
    for code, message in list(field.error_messages.items()):
        if str(message) in defaults:
            field.error_messages[code] = own.get(code) or DANISH_MESSAGES.get(
                code, DANISH_MESSAGES["invalid"]
            )
