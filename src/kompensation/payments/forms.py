"""Payment forms: the employer's request, the officer's correction, the rate table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from kompensation import formats
from kompensation.cases.forms import DkfdsForm, HalfHourField, line, text
from kompensation.cases.models import Grant
from kompensation.rules import payments as rules
from kompensation.ui.fields import BoundedDateField, DanishDecimalField, WholeNumberField

from .models import RateKind
from .services.requests import Attachment

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


class AmountField(DanishDecimalField):
    """Kroner and øre written the Danish way ("1.234,50", "1 234,50", "1234"); never a float."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault("max_decimal_places", "Angiv højst 2 decimaler (øre).")
        messages.setdefault("negative", "Beløbet kan ikke være negativt.")
        super().__init__(**kwargs)


class PeriodForm(DkfdsForm):
    grant = forms.ModelChoiceField(
        label="Bevilling",
        queryset=Grant.objects.none(),
        empty_label="Vælg",
        error_messages={"invalid_choice": "Vælg en af jeres bevillinger."},
    )
    period = forms.ChoiceField(label="Periode")

    def __init__(self, *args: Any, grants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants  # type: ignore[attr-defined]
        today = timezone.localdate()
        choices: list[tuple[str, str]] = []
        for back in range(0, 6):
            year, quarter = rules.quarter_of(today)
            index = year * 4 + quarter - 1 - back
            y, q = divmod(index, 4)
            choices.append((f"Q{y}-{q + 1}", f"{q + 1}. kvartal {y}"))
        for back in range(0, 6):
            index = today.year * 12 + today.month - 1 - back
            y, m = divmod(index, 12)
            choices.append((f"M{y}-{m + 1}", f"{MONTHS[m]} {y}"))
        self.fields["period"].choices = [("", "Vælg"), *choices]  # type: ignore[attr-defined]

    def bounds(self) -> tuple[dt.date, dt.date]:
        code = self.cleaned_data["period"]
        year, number = (int(x) for x in code[1:].split("-"))
        return rules.quarter_bounds(year, number) if code[0] == "Q" else rules.month_bounds(year, number)


class HoursForm(DkfdsForm):
    """One hours field per assistant and sub-period (split at a rate change), one payslip per assistant."""

    def __init__(
        self,
        *args: Any,
        assistants: list[str],
        parts: list[tuple[dt.date, dt.date]],
        trips: Any = None,
        steps: list[int] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.slots: list[tuple[str, str, dt.date, dt.date]] = []
        for a_index, assistant in enumerate(assistants):
            for p_index, (start, end) in enumerate(parts):
                name = f"hours_{a_index}_{p_index}"
                label = f"Timer for {assistant}"
                if len(parts) > 1:
                    label += f" ({start:%d.%m}–{end:%d.%m.%Y})"
                self.fields[name] = HalfHourField(
                    label=label, required=False, help_text="I hele eller halve timer, fx 120,5."
                )
                self.slots.append((name, assistant, start, end))
            if steps and len(steps) > 1:
                self.fields[f"seniority_{a_index}"] = forms.TypedChoiceField(
                    label=f"Anciennitetstrin for {assistant}",
                    coerce=int,
                    choices=[(s, str(s)) for s in steps],
                    initial=0,
                    help_text="Assistentens anciennitet i ordningen bestemmer satsen.",
                )
            self.fields[f"payslip_{a_index}"] = forms.FileField(
                label=f"Lønseddel for {assistant}",
                required=False,
                help_text="PDF, JPG eller PNG. Vedhæft lønsedlerne for perioden.",
            )
        self.assistants = assistants
        if trips is not None:
            self.fields["travel_trip"] = forms.ModelChoiceField(
                label="Rejseudgifter: godkendt rejse",
                queryset=trips,
                required=False,
                empty_label="Ingen rejse",
                error_messages={"invalid_choice": "Vælg en af de godkendte rejser."},
            )
            self.fields["travel_amount"] = AmountField(
                label="Rejseudgifter (kr.)", required=False, min_value=0
            )
            self.fields["travel_receipt"] = forms.FileField(
                label="Kvitteringer for rejsen", required=False, help_text="PDF, JPG eller PNG."
            )
        self.fields["other_description"] = line(
            "Andre udgifter: hvad og hvorfor (valgfri)",
            max_length=300,
            required=False,
            help_text="Fx timetillæg, som overenskomsten forpligter virksomheden til at betale.",
        )
        self.fields["other_amount"] = AmountField(label="Andre udgifter (kr.)", required=False, min_value=0)
        self.fields["other_receipt"] = forms.FileField(
            label="Dokumentation for andre udgifter", required=False
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("travel_trip") and data.get("travel_amount") is None:
            self.add_error("travel_amount", "Angiv rejseudgifternes beløb.")
        if data.get("travel_amount") is not None and not data.get("travel_trip"):
            self.add_error("travel_trip", "Vælg den godkendte rejse, udgifterne hører til.")
        if data.get("other_amount") is not None and not data.get("other_description"):
            self.add_error(
                "other_description", "Beskriv udgiften, og hvad der forpligter virksomheden til den."
            )
        return data

    def expenses(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        data = self.cleaned_data
        if data.get("travel_trip"):
            rows.append({"kind": "travel", "trip": data["travel_trip"], "amount": data.get("travel_amount")})
        if data.get("other_amount") is not None:
            rows.append(
                {
                    "kind": "other",
                    "description": data.get("other_description"),
                    "amount": data["other_amount"],
                }
            )
        return rows

    def receipts(self) -> list[Attachment]:
        return [
            Attachment(upload=self.cleaned_data[f], field=f)
            for f in ("travel_receipt", "other_receipt")
            if self.cleaned_data.get(f)
        ]

    def rows(self) -> list[dict[str, Any]]:
        seniority = {a: self.cleaned_data.get(f"seniority_{i}") or 0 for i, a in enumerate(self.assistants)}
        return [
            {
                "assistant": assistant,
                "start": start,
                "end": end,
                "hours": self.cleaned_data.get(name),
                "seniority": seniority[assistant],
            }
            for name, assistant, start, end in self.slots
            if self.cleaned_data.get(name) is not None
        ]

    def payslips(self) -> list[Attachment]:
        return [
            Attachment(upload=self.cleaned_data[f"payslip_{i}"], field=f"payslip_{i}", assistant=assistant)
            for i, assistant in enumerate(self.assistants)
            if self.cleaned_data.get(f"payslip_{i}")
        ]


class SupplementForm(DkfdsForm):
    """BEK § 23: a supplement on the actual wage, as an amount or as a percentage of a basis."""

    kind = forms.ChoiceField(
        label="Tillæg", required=False, choices=[("", "Vælg"), *rules.SUPPLEMENT_CHOICES]
    )
    assistant = forms.ChoiceField(label="Assistent", required=False)
    amount = AmountField(label="Beløb (kr.)", required=False, min_value=0)
    percentage = AmountField(label="Eller procent", required=False, min_value=0, max_value=100, max_digits=5)
    basis = AmountField(label="af grundlag (kr.)", required=False, min_value=0)

    def __init__(self, *args: Any, assistants: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["assistant"])
        field.choices = [(a, a) for a in assistants or []]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kind"):
            return data
        has_amount = data.get("amount") is not None
        has_percentage = data.get("percentage") is not None or data.get("basis") is not None
        if has_amount == has_percentage:
            self.add_error("amount", "Angiv enten et beløb eller en procent af et grundlag.")
        elif has_percentage and (data.get("percentage") is None or data.get("basis") is None):
            self.add_error("basis", "En procent skal have et grundlag (den faktiske løn).")
        return data

    @property
    def row(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", {})
        return (
            {k: data.get(k) for k in ("kind", "assistant", "amount", "percentage", "basis")}
            if data.get("kind")
            else None
        )


SupplementFormSet = forms.formset_factory(SupplementForm, extra=4, max_num=30)


class SubmitForm(DkfdsForm):
    declaration = forms.BooleanField(
        label="Virksomheden erklærer på tro og love, at timerne er udført, og at lønnen er udbetalt",
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)


class CorrectionForm(DkfdsForm):
    line = forms.ChoiceField(label="Hvad rettes?", initial="total")
    new_total = AmountField(label="Nyt beløb (kr.)")
    reason = text("Begrundelse (vises for virksomheden)", max_length=2000, rows=3)

    def __init__(self, *args: Any, lines: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["line"])
        field.choices = [
            ("total", "Samlet beløb"),
            *(
                (
                    str(i),
                    f"{line['label']} ({line['assistant']}): {formats.amount(line['amount'])}".replace(
                        " ()", ""
                    ),
                )
                for i, line in enumerate(lines or [])
            ),
        ]


class ApproveForm(DkfdsForm):
    late_reason = text(
        "Hvorfor betales den for sent indsendte anmodning?", max_length=2000, rows=2, required=False
    )


class RejectForm(DkfdsForm):
    reason = text("Begrundelse for afvisning", max_length=2000, rows=3)


class RepaymentClaimForm(DkfdsForm):
    amount = AmountField(label="Beløb (kr.)", min_value=Decimal("0.01"))
    period_start = BoundedDateField(label="Periode fra")
    period_end = BoundedDateField(label="Periode til")
    legal_basis = forms.ChoiceField(
        label="Hjemmel",
        choices=[
            ("", "Vælg"),
            ("BEK § 29 (pligt til at oplyse om ændringer)", "BEK § 29: ændringer er ikke oplyst"),
            (
                "Tilskud udbetalt på et forkert grundlag (urigtige oplysninger eller fortielse)",
                "Urigtige oplysninger eller fortielse",
            ),
            ("Betingelserne for tilskuddet er ikke opfyldt", "Betingelserne er ikke opfyldt"),
        ],
    )
    reason = text("Begrundelse (står i brevet til virksomheden)", max_length=4000, rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "Slutdatoen skal ligge efter startdatoen.")
        return data


class TripForm(DkfdsForm):
    purpose = line(
        "Rejsens formål", max_length=300, help_text="Fx konference, kundebesøg; vedlæg program i journalen."
    )
    start = BoundedDateField(label="Fra")
    end = BoundedDateField(label="Til")
    estimated_cost = AmountField(label="Anslåede udgifter for assistenten (kr.)", min_value=Decimal("0.01"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "Slutdatoen skal ligge efter startdatoen.")
        return data


class RateRowForm(DkfdsForm):
    kind = forms.ChoiceField(label="Sats", choices=[("", "Vælg"), *RateKind.choices])

    def __init__(self, *args: Any, kinds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            choices = [("", "Vælg"), *((k, RateKind(k).label) for k in kinds)]
            self.fields["kind"].choices = choices  # type: ignore[attr-defined]

    valid_from = BoundedDateField(label="Gælder fra")
    value = AmountField(label="Værdi (kr. pr. time eller procent)", min_value=0, max_digits=9)
    seniority = WholeNumberField(
        label="Anciennitetstrin (kun timesats, standard)",
        min_value=0,
        max_value=20,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        error_messages={"invalid": "Angiv trinnet som et helt tal."},
    )
    source = line("Kilde", max_length=200, required=False, help_text="Fx HK/Staten overenskomst 1.4.2026.")
