"""Forms for the personal circle and the measurement. They parse what is typed; the rules say what is wrong
(`rules.social.activity_errors`, via the services), so every field is optional here and the services'
Danish messages land beside the field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kompensation.cases.forms import DkfdsForm, line, text
from kompensation.rules import social as rules
from kompensation.ui.fields import DanishDecimalField, WholeNumberField

from .models import CATEGORY_CHOICES, HOUR_KIND_CHOICES, PER_CHOICES, Activity, CircleAnswer, MeasurementFacts
from .services import ACTIVITY_FIELDS

MET_CHOICES = [("yes", "Opfyldt"), ("no", "Ikke opfyldt"), ("", "Ikke vurderet")]
_MET = {"yes": True, "no": False, "": None}


def _met_value(met: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[met]


class CircleForm(DkfdsForm):
    """One answer and one reasoning per criterion of the scheme (`rules.social.CIRCLE`)."""

    marks_optional = False  # every criterion may stay «ikke vurderet»; "(valgfri)" on each would mislead

    def __init__(
        self,
        *args: Any,
        criteria: Iterable[rules.Criterion],
        answers: dict[str, CircleAnswer] | None = None,
        **kwargs: Any,
    ) -> None:
        self.criteria = tuple(criteria)
        answers = answers or {}
        initial = kwargs.setdefault("initial", {})
        for c in self.criteria:
            answer = answers.get(c.code)
            initial.setdefault(f"{c.code}_met", _met_value(answer.met if answer else None))
            initial.setdefault(f"{c.code}_reasoning", answer.reasoning if answer else "")
        super().__init__(*args, **kwargs)
        for c in self.criteria:
            self.fields[f"{c.code}_met"] = forms.ChoiceField(
                label="Vurdering", choices=MET_CHOICES, required=False, widget=forms.RadioSelect
            )
            # The criterion in the label: the error summary then says which reasoning is missing.
            self.fields[f"{c.code}_reasoning"] = text(
                f"Begrundelse for «{c.label}»",
                required=False,
                rows=3,
                help_text="Skal udfyldes, når kriteriet er vurderet: hvad bygger vurderingen på?",
            )
        self.replace_django_messages()
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-radio"
            else:
                field.widget.attrs.setdefault("class", "form-input")

    def rows(self) -> list[dict[str, Any]]:
        """The criteria with their bound fields, alternatives (a group) marked where the group starts."""
        rows = []
        seen: set[str] = set()
        for c in self.criteria:
            rows.append(
                {
                    "criterion": c,
                    "met": self[f"{c.code}_met"],
                    "reasoning": self[f"{c.code}_reasoning"],
                    "group_start": bool(c.group) and c.group not in seen,
                    "group_end": bool(c.group) and c is [x for x in self.criteria if x.group == c.group][-1],
                }
            )
            seen.add(c.group)
        return rows

    def answers(self) -> dict[str, tuple[bool | None, str]]:
        """Only the criteria the form posted: a partial post never clears the others."""
        return {
            c.code: (
                _MET[self.cleaned_data.get(f"{c.code}_met") or ""],
                self.cleaned_data.get(f"{c.code}_reasoning") or "",
            )
            for c in self.criteria
            if f"{c.code}_met" in self.data
        }

    def add_service_errors(self, error: ValidationError) -> None:
        # The service names the criterion; its reasoning field is what must be filled.
        if hasattr(error, "error_dict"):
            for code, messages in error.message_dict.items():
                field = f"{code}_reasoning"
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ActivityForm(DkfdsForm):
    """One row of the measurement."""

    marks_optional = False  # the rules say what is missing, field by field

    category = forms.ChoiceField(label="Kategori", choices=[("", "Vælg"), *CATEGORY_CHOICES], required=False)
    name = line("Aktivitet", max_length=200, required=False, help_text="Fx morgenpleje: bad og påklædning.")
    minutes = WholeNumberField(label="Minutter pr. gang", required=False)
    occurrences = DanishDecimalField(
        label="Antal gange", max_digits=6, decimal_places=2, required=False, help_text="Fx 3 eller 0,5."
    )
    per = forms.ChoiceField(label="Pr.", choices=PER_CHOICES, widget=forms.RadioSelect, required=False)
    hour_kind = forms.ChoiceField(
        label="Timetype",
        choices=HOUR_KIND_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text="Rådighedstimer: hjælperen er til stede og klar, men hjælper ikke hele tiden.",
    )
    night = forms.BooleanField(label="Om natten", required=False)
    reason = text(
        "Begrundelse",
        required=False,
        rows=3,
        help_text="Hvorfor tager aktiviteten så lang tid, og så ofte? Skriv det, som borgeren og du har "
        "vurderet det.",
    )
    covered_by = line(
        "Dækkes i stedet af",
        max_length=200,
        required=False,
        help_text="Kun hvis behovet dækkes efter en anden bestemmelse, fx «§ 84: aflastning i "
        "dagtilbud» eller «§ 112: skylle-tørretoilet». Rækken tæller så med i behovet, men ikke i de "
        "timer, ordningen betaler.",
    )

    def __init__(self, *args: Any, instance: Activity | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", {}).update({k: getattr(instance, k) for k in ACTIVITY_FIELDS})
        kwargs.setdefault("initial", {}).setdefault("per", "day")
        kwargs["initial"].setdefault("hour_kind", "actual")
        super().__init__(*args, **kwargs)
        self.fields["covered_by"].requirement_note = "valgfri"  # type: ignore[attr-defined]
        self.fields["minutes"].widget.attrs["class"] = "form-input input-width-xs"
        self.fields["occurrences"].widget.attrs["class"] = "form-input input-width-xs"


class FactsForm(DkfdsForm):
    """The circumstances the rules depend on; only those that matter for the scheme are asked."""

    marks_optional = False

    person_participation = text(
        "Borgerens egne oplysninger og ønsker",
        required=False,
        rows=5,
        help_text="Hvad borgeren selv fortæller om sin hverdag, sine mål og hvordan hjælpen skal gives.",
    )
    round_the_clock = forms.BooleanField(
        label="Har brug for hjælp eller overvågning hele døgnet", required=False
    )
    can_call_for_help = forms.BooleanField(
        label="Kan selv tilkalde hjælp, fx med et nødkald",
        required=False,
        help_text="Kan borgeren ikke det og har brug for hjælp hele døgnet, skal hjælpen udmåles som "
        "egentlige timer hele døgnet.",
    )
    carer_declines_relief = forms.BooleanField(
        label="Tilskudsmodtageren ønsker ikke afløsning eller aflastning", required=False
    )
    relief_declined_note = text(
        "Hvad har tilskudsmodtageren sagt om afløsning og aflastning?",
        required=False,
        rows=3,
        help_text="Skal udfyldes, hvis afløsning eller aflastning fravælges.",
    )

    def __init__(self, *args: Any, scheme: str, facts: MeasurementFacts | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for key, value in fact_values(facts).items():
            initial.setdefault(key, value)
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        hidden = (
            ("carer_declines_relief", "relief_declined_note")
            if scheme == "bpa"
            else (
                "round_the_clock",
                "can_call_for_help",
            )
        )
        for name in hidden:
            del self.fields[name]
        self.kept = fact_values(facts)

    def data_for_service(self) -> dict[str, Any]:
        """The posted fields over the stored ones: a field the scheme does not ask keeps its value."""
        return self.kept | {k: v for k, v in self.cleaned_data.items() if k in self.fields}


def fact_values(facts: MeasurementFacts | None) -> dict[str, Any]:
    if facts is None:
        return {
            "person_participation": "",
            "round_the_clock": False,
            "can_call_for_help": True,
            "carer_declines_relief": False,
            "relief_declined_note": "",
        }
    return {
        "person_participation": facts.person_participation,
        "round_the_clock": facts.round_the_clock,
        "can_call_for_help": facts.can_call_for_help,
        "carer_declines_relief": facts.carer_declines_relief,
        "relief_declined_note": facts.relief_declined_note,
    }
