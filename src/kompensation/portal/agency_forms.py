"""The interpreting agency's invoice form, in short steps: the user (grant), the period, the lines.

The forms check only what the agency can put right on the spot (a date, a time, an amount written the Danish
way, a session that ends before it begins). `payments.services.invoice_submit` remains the one authority: it
checks everything again and refuses the whole invoice with a message per line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from kompensation.cases.forms import DkfdsForm, line
from kompensation.ui.fields import BoundedDateField, DanishDecimalField

YES_NO = [("no", "Nej"), ("yes", "Ja")]
ZONES = [("", "Efter postnummer"), ("1", "Zone 1"), ("2", "Zone 2"), ("3", "Zone 3")]
# What a line row holds in the session: the typed text, so nothing is lost between the steps.
LINE_FIELDS = ("date", "start", "end", "interpreter", "remote", "postcode", "zone", "demanding", "claimed")
MAX_ROWS = 200


class GrantChoiceForm(DkfdsForm):
    grant = forms.ChoiceField(
        label="Tolkebruger og bevilling",
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg den tolkebruger, fakturaen gælder."},
    )

    def __init__(self, *args: Any, grants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["grant"])
        field.choices = [(str(g.pk), f"{g.case.person.name} – {g.reference}") for g in grants]


class PeriodForm(DkfdsForm):
    period_start = BoundedDateField(label="Periode fra")
    period_end = BoundedDateField(label="Periode til")
    invoice_number = line("Fakturanummer", max_length=40, help_text="Bureauets eget nummer på fakturaen.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Perioden skal slutte samme dag som den begynder eller senere.")
        return data


class TimeField(forms.TimeField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M", "%H:%M:%S"])
        kwargs.setdefault("error_messages", {"invalid": "Skriv klokkeslættet som fx 09:00."})
        kwargs.setdefault(
            "widget", forms.TimeInput(attrs={"type": "time", "class": "form-input"}, format="%H:%M")
        )
        super().__init__(**kwargs)


class LineForm(DkfdsForm):
    """One session: a row in the lines table."""

    date = BoundedDateField(label="Dato")
    start = TimeField(label="Fra")
    end = TimeField(label="Til", help_text="00:00 betyder midnat.")
    interpreter = forms.ChoiceField(label="Tolk")
    remote = forms.ChoiceField(label="Fjerntolkning", choices=YES_NO, initial="no")
    postcode = forms.CharField(label="Postnummer (sted)", max_length=4, required=False)
    zone = forms.ChoiceField(label="Zone", choices=ZONES, required=False)
    demanding = forms.ChoiceField(label="Særligt krævende", choices=YES_NO, initial="no")
    claimed = DanishDecimalField(
        label="Faktureret beløb", max_digits=10, decimal_places=2, min_value=0, help_text="Fx 1.625,00"
    )

    def __init__(
        self, *args: Any, interpreters: list[tuple[str, str]], number: int = 1, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        cast(forms.ChoiceField, self.fields["interpreter"]).choices = [("", "Vælg tolk"), *interpreters]
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "class": "form-input input-width-xs"}
        )
        # The error summary names the row: «Dato (linje 2): …».
        for field in self.fields.values():
            field.label = f"{field.label} (linje {number})"

    def clean_postcode(self) -> str:
        value = str(self.cleaned_data.get("postcode") or "").strip()
        if value and not (len(value) == 4 and value.isdigit()):
            raise forms.ValidationError("Et postnummer er fire cifre, fx 7400.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end != dt.time(0, 0) and end <= start:
            self.add_error(
                "end",
                "Sluttidspunktet skal ligge efter starttidspunktet. En session hen over midnat skrives som "
                "to linjer.",
            )
        if data.get("remote") == "no" and not data.get("postcode") and not data.get("zone"):
            self.add_error("postcode", "Skriv postnummeret for fremmødestedet (eller vælg zonen).")
        return data


def row_is_blank(row: dict[str, str]) -> bool:
    """An empty row from «Tilføj linje» that the agency never filled in: left out, not an error."""
    return not any(str(row.get(k, "")).strip() for k in LINE_FIELDS if k not in ("remote", "demanding"))


def rows_from_post(data: Any, count: int) -> list[dict[str, str]]:
    return [{k: str(data.get(f"l{i}-{k}", "")) for k in LINE_FIELDS} for i in range(count)]


def line_forms(
    rows: list[dict[str, str]], interpreters: list[tuple[str, str]], *, bound: bool
) -> list[LineForm]:
    """A form per row, bound to the typed text (to validate) or showing it (to edit)."""
    forms_: list[LineForm] = []
    for i, row in enumerate(rows):
        prefix = f"l{i}"
        if bound:
            data = {f"{prefix}-{k}": v for k, v in row.items()}
            forms_.append(LineForm(data, prefix=prefix, interpreters=interpreters, number=i + 1))
        else:
            forms_.append(LineForm(initial=row, prefix=prefix, interpreters=interpreters, number=i + 1))
    return forms_


class SubmitInvoiceForm(DkfdsForm):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
