"""Payment forms: the employer's request, the officer's correction, the rate table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from kompensation.cases.forms import DkfdsForm, HalfHourField, line, text
from kompensation.cases.models import Grant
from kompensation.rules import payments as rules
from kompensation.rules import repayment as repayment_rules
from kompensation.ui.fields import BoundedDateField, DanishDecimalField, WholeNumberField

from . import selectors
from .models import ClaimCondition, RateKind, Settlement
from .services.money import kr
from .services.requests import PAYSLIP_MESSAGE, Attachment

MONTHS = list(rules.MONTH_NAMES)


class AmountField(DanishDecimalField):
    """Kroner and øre written the Danish way ("1.234,50", "1 234,50", "1234"); never a float."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault("max_decimal_places", "Angiv højst 2 decimaler (øre).")
        messages.setdefault("negative", "Beløbet kan ikke være negativt.")
        super().__init__(**kwargs)


class PeriodSelect(forms.Select):
    """A select whose already-requested periods are shown, disabled, so the employer sees why."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disabled: set[str] = set()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if str(option["value"]) in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class PeriodForm(DkfdsForm):
    """The first step: the grant and one of the periods that can be requested on it (see
    `selectors.requestable_periods`). A period already requested is caught here, not at the signature."""

    grant = forms.ModelChoiceField(
        label="Bevilling",
        queryset=Grant.objects.none(),
        empty_label="Vælg",
        error_messages={"invalid_choice": "Vælg en af jeres bevillinger."},
    )
    period = forms.ChoiceField(
        label="Periode",
        widget=PeriodSelect,
        help_text="Kvartaler og måneder, der kan anmodes om. Perioder, der allerede er anmodet om, kan "
        "ikke vælges.",
        error_messages={
            "invalid_choice": "Perioden kan ikke anmodes om på den valgte bevilling. "
            "Vælg en af perioderne på listen."
        },
    )

    def __init__(self, *args: Any, grants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants  # type: ignore[attr-defined]
        grant = self._grant_in_data(grants)
        if grant is not None and not self.is_bound:
            self.initial.setdefault("grant", grant.pk)
        self.options = {
            option.code: option for option in selectors.requestable_periods(grant, timezone.localdate())
        }
        field = cast(forms.ChoiceField, self.fields["period"])
        field.choices = [("", "Vælg"), *((code, option.label) for code, option in self.options.items())]
        cast(PeriodSelect, field.widget).disabled = {c for c, o in self.options.items() if o.taken_by}

    def _grant_in_data(self, grants: Any) -> Grant | None:
        """The chosen grant, or the only one: its periods are the ones offered."""
        pk = self.data.get("grant") if self.is_bound else None
        if pk:
            return cast(Grant | None, grants.filter(pk=pk).first() if str(pk).isdigit() else None)
        only = list(grants[:2])
        return only[0] if len(only) == 1 else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        grant, code = data.get("grant"), data.get("period")
        if grant is None or not code:
            return data
        option = {o.code: o for o in selectors.requestable_periods(grant, timezone.localdate())}.get(code)
        if option is None:
            self.add_error("period", self.fields["period"].error_messages["invalid_choice"])
        elif option.taken_by:
            self.add_error(
                "period",
                f"Der er allerede anmodet om udbetaling for {option.name} ({option.taken_by}). "
                "Vælg en anden periode, eller kontakt jobcentret, hvis anmodningen skal rettes.",
            )
        else:
            data["option"] = option
        return data

    def bounds(self) -> tuple[dt.date, dt.date]:
        option = self.cleaned_data["option"]
        return option.start, option.end

    @property
    def period_name(self) -> str:
        return str(self.cleaned_data["option"].label)


class HoursForm(DkfdsForm):
    """One hours field per assistant and sub-period (split at a rate change), one payslip per assistant."""

    def __init__(
        self,
        *args: Any,
        assistants: list[str],
        parts: list[tuple[dt.date, dt.date]],
        trips: Any = None,
        steps: list[int] | None = None,
        attached: set[str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.attached = attached or set()  # assistants whose payslip the draft already holds
        self.slots: list[tuple[str, str, dt.date, dt.date]] = []
        for a_index, assistant in enumerate(assistants):
            for p_index, (start, end) in enumerate(parts):
                name = f"hours_{a_index}_{p_index}"
                label = f"Timer for {assistant}"
                if len(parts) > 1:
                    label += f" ({start:%d.%m}–{end:%d.%m.%Y})"
                self.fields[name] = HalfHourField(
                    label=label,
                    required=False,
                    per_week=False,
                    help_text="I hele eller halve timer, fx 120,5.",
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
                help_text="PDF, JPG eller PNG. Lønsedlen skal vedhæftes for hver assistent, der har timer.",
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
        for index, assistant in enumerate(self.assistants):
            has_hours = any(
                data.get(name) for name, who, _, _ in self.slots if who == assistant and name in data
            )
            if has_hours and not data.get(f"payslip_{index}") and assistant not in self.attached:
                self.add_error(f"payslip_{index}", f"{PAYSLIP_MESSAGE}: vedhæft lønsedlen for {assistant}.")
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
    # The audit's suggestion: every request also asks whether the need is unchanged; a «nej» opens a
    # change report (BEK § 29) for the caseworker.
    need_unchanged = forms.TypedChoiceField(
        label="Er behovet for personlig assistance uændret?",
        choices=[("ja", "Ja, behovet er uændret"), ("nej", "Nej, noget har ændret sig")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        help_text="Fx arbejdsopgaver, arbejdstid eller hvordan assistancen bruges i perioden.",
        error_messages={"required": "Svar ja eller nej: er behovet for personlig assistance uændret?"},
    )
    need_change = text(
        "Hvad har ændret sig?",
        required=False,
        rows=3,
        help_text="Udfyldes, hvis I svarer nej. Jobcentret får det som en ændringsanmeldelse.",
    )
    declaration = forms.BooleanField(
        label="Virksomheden erklærer på tro og love, at timerne er udført, og at lønnen er udbetalt",
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("need_unchanged") is False and not (data.get("need_change") or "").strip():
            self.add_error("need_change", "Skriv, hvad der har ændret sig i behovet for assistance.")
        return data


class CorrectionForm(DkfdsForm):
    line = forms.ChoiceField(label="Hvad rettes?", initial="total")
    new_total = AmountField(label="Nyt beløb (kr.)")
    reason = text("Begrundelse (vises for virksomheden)", max_length=2000, rows=3)

    def __init__(self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["line"])
        # A line with a deduction is offered at its amount after the deduction, and the deduction lines
        # are not offered: correcting a capped line never takes the cap a second time.
        field.choices = choices or [("total", "Samlet beløb")]
        field.help_text = "Beløbet efter fradrag er udgangspunktet. Skriv det beløb, der skal udbetales."


class ApproveForm(DkfdsForm):
    """Approving with a control that failed or could not be run needs the officer's written reason."""

    late_reason = text(
        "Hvorfor betales den for sent indsendte anmodning?", max_length=2000, rows=2, required=False
    )
    override_reason = text(
        "Hvorfor godkender du, selv om en kontrol fejlede?", max_length=2000, rows=3, required=False
    )

    def __init__(self, *args: Any, payment: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .services import open_controls, override_message

        self.open_controls = open_controls(payment) if payment is not None else []
        if payment is None or not payment.late:
            del self.fields["late_reason"]
        if self.open_controls:
            field = self.fields["override_reason"]
            field.required = True
            field.help_text = override_message(self.open_controls) + " Begrundelsen gemmes på sagen."
            field.error_messages["required"] = override_message(self.open_controls)
        else:
            del self.fields["override_reason"]


class RejectForm(DkfdsForm):
    reason = text("Begrundelse for afvisning", max_length=2000, rows=3)


class RepaymentClaimForm(DkfdsForm):
    """A draft claim: condition, facts, and per paid request on the grant what should have been paid."""

    condition = forms.ChoiceField(
        label="Hvilken betingelse bygger kravet på?", choices=ClaimCondition.choices, widget=forms.RadioSelect
    )
    facts = text(
        "Sagens faktiske omstændigheder (står i brevene til virksomheden)",
        max_length=4000,
        rows=4,
        help_text="Hvad er udbetalt på et forkert grundlag, og hvordan ved vi det? Skriv ikke om "
        "personens helbred: virksomheden læser brevene.",
    )

    def __init__(self, *args: Any, payments: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.payments = payments
        for row in payments:
            request = row["request"]
            already = f", allerede krævet tilbage {kr(row['earlier'])}" if row["earlier"] else ""
            self.fields[f"should_{request.pk}"] = AmountField(
                label=(
                    f"{request.reference} ({request.period_start:%d.%m.%Y}–{request.period_end:%d.%m.%Y}): "
                    "skulle have været udbetalt (kr.)"
                ),
                required=False,
                min_value=0,
                help_text=f"Udbetalt {kr(request.payout.gross)}{already}. Lad feltet stå tomt, hvis "
                "anmodningen ikke er med i kravet.",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.payments
            and not self.should_have_been()
            and not any(f.startswith("should_") for f in self.errors)
        ):
            self.add_error(None, repayment_rules.MSG_NO_LINES)
        return data

    def should_have_been(self) -> dict[int, Decimal]:
        data = getattr(self, "cleaned_data", {})
        return {
            row["request"].pk: data[f"should_{row['request'].pk}"]
            for row in self.payments
            if data.get(f"should_{row['request'].pk}") is not None
        }


class RepaymentHearingForm(DkfdsForm):
    response_days = WholeNumberField(
        label="Svarfrist (dage)",
        min_value=7,
        max_value=56,
        initial=14,
        help_text="14 dage er det almindelige. Falder fristen på en helligdag eller i en weekend, flyttes "
        "den til næste arbejdsdag.",
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        error_messages={"invalid": "Angiv svarfristen som et helt antal dage."},
    )


class RepaymentAnswerRecordForm(DkfdsForm):
    """The officer records an answer the employer gave by phone, mail or letter."""

    received_on = BoundedDateField(label="Svaret er modtaget den")
    answer = text("Virksomhedens svar", max_length=4000, rows=4)


class RepaymentEmployerAnswerForm(DkfdsForm):
    answer = text(
        "Virksomhedens bemærkninger",
        max_length=4000,
        rows=6,
        help_text="Skriv, hvad I er uenige i, og hvad jobcentret bør vide, før det træffer afgørelse.",
    )


class RepaymentDecideForm(DkfdsForm):
    assessment = text(
        "Jeres vurdering af virksomhedens svar (står i afgørelsen)",
        max_length=4000,
        rows=4,
        required=False,
        help_text="Skal udfyldes, når virksomheden har svaret.",
    )
    settlement = forms.ChoiceField(
        label="Hvordan skal beløbet betales?", choices=Settlement.choices, widget=forms.RadioSelect
    )
    payment_account = line(
        "Betales til",
        max_length=200,
        required=False,
        help_text="Kun når virksomheden betaler: fx kommunens reg.nr. og kontonummer.",
    )
    payment_due = BoundedDateField(
        label="Betales senest",
        required=False,
        help_text="Kun når virksomheden betaler. Falder datoen på en helligdag eller i en weekend, flyttes "
        "den til næste arbejdsdag.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment_due"].initial = timezone.localdate() + dt.timedelta(days=30)


class RepaymentDropForm(DkfdsForm):
    dropped_reason = text("Hvorfor opgives kravet?", max_length=2000, rows=2)


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


class BpaAdminModeForm(DkfdsForm):
    bpa_admin_mode = forms.ChoiceField(
        label="Administrationsbidrag til BPA (SEL § 96)",
        choices=[("per_hour", "Pr. time"), ("sum", "Som et fast beløb pr. måned")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Vælg pr. time eller et fast beløb pr. måned.",
            "invalid_choice": "Vælg pr. time eller et fast beløb pr. måned.",
        },
    )


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
