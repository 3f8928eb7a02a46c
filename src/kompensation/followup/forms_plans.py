"""The follow-up page's forms: the plan, and the record with the seven checks and the conclusion.

Presence and the law's conditions are the services' to check (`followup.services.plans/records`), so the
page, the demo and any later API agree; the forms only parse what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms

from kompensation.cases.forms import DkfdsForm, GrantStopForm, text
from kompensation.rules import followup as rules
from kompensation.ui.fields import BoundedDateField

from .models import Conclusion, FollowUpForm, Participant
from .services.records import CHECK_NOTE_MAX

RISK_FACTOR_CHOICES = [(f.code, f.label) for f in rules.RISK_FACTORS]
ANSWERS = [("yes", "Ja"), ("no", "Nej")]


def _checkboxes(form: forms.Form) -> None:
    """DKFDS checkboxes for the multiple choices: `DkfdsForm` takes them for radios (Django's
    CheckboxSelectMultiple is a RadioSelect subclass)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-checkbox"


class PlanForm(DkfdsForm):
    # Which fields must be filled depends on the plan (the service says which); none is «valgfri».
    marks_optional = False

    form = forms.ChoiceField(
        label="Form", choices=FollowUpForm.choices, widget=forms.RadioSelect, required=False
    )
    participants = forms.MultipleChoiceField(
        label="Deltagere", choices=Participant.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    due = BoundedDateField(label="Senest", required=False)
    risk_factors = forms.MultipleChoiceField(
        label="Risikofaktorer",
        choices=RISK_FACTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Sagens egne tegn er sat på forhånd. Sæt flere, hvis du ser dem.",
    )
    reason = text(
        "Begrundelse",
        max_length=2000,
        rows=3,
        required=False,
        help_text="Skal udfyldes, når planen afviger fra forslaget. Ellers gemmes forslagets begrundelse.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checkboxes(self)

    def plan(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "form": data.get("form") or "",
            "participants": data.get("participants") or [],
            "due": data.get("due"),
            "risk_factors": data.get("risk_factors") or [],
            "reason": data.get("reason") or "",
        }


class RecordForm(DkfdsForm):
    """The record of a held follow-up. The check fields are added per check (`check_<code>` with its
    `check_<code>_note`); the next plan's fields carry the prefix `next_`; the ending's are the stop
    form's."""

    # Which fields must be filled depends on the answers and the conclusion (the service says which).
    marks_optional = False

    held_on = BoundedDateField(label="Opfølgningen blev holdt", required=False)
    conclusion = forms.ChoiceField(
        label="Konklusion", choices=Conclusion.choices, widget=forms.RadioSelect, required=False
    )
    conclusion_note = text(
        "Samlet vurdering",
        max_length=3000,
        rows=4,
        required=False,
        help_text="Hvad opfølgningen viste, og hvad det betyder for bevillingen.",
    )
    next_form = forms.ChoiceField(
        label="Næste opfølgning: form", choices=FollowUpForm.choices, widget=forms.RadioSelect, required=False
    )
    next_participants = forms.MultipleChoiceField(
        label="Næste opfølgning: deltagere",
        choices=Participant.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next_due = BoundedDateField(label="Næste opfølgning senest", required=False)
    next_on_change_only = forms.BooleanField(
        label="Kun opfølgning ved ændringer (ingen fast dato)",
        required=False,
        help_text="Kun for en bevilling indtil videre, og med en begrundelse.",
    )
    next_risk_factors = forms.MultipleChoiceField(
        label="Risikofaktorer",
        choices=RISK_FACTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next_reason = text(
        "Begrundelse for næste opfølgning",
        max_length=2000,
        rows=3,
        required=False,
        help_text="Skal udfyldes, når planen afviger fra forslaget.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for check in rules.SEVEN_CHECKS:
            self.fields[f"check_{check.code}"] = forms.ChoiceField(
                label=check.label, choices=ANSWERS, widget=forms.RadioSelect, required=False
            )
            self.fields[f"check_{check.code}_note"] = forms.CharField(
                label=f"Note: {check.label.lower()}",
                max_length=CHECK_NOTE_MAX,
                required=False,
                help_text="Skal udfyldes ved «nej»: hvad er fundet, og hvad følger af det.",
            )
        stop = GrantStopForm()
        for name in ("last_day", "reasons", "hearing_note"):
            field = stop.fields[name]
            field.required = False
            self.fields[name] = field
        self.replace_django_messages()
        for field in self.fields.values():
            radio = isinstance(field.widget, forms.RadioSelect)
            field.widget.attrs.setdefault("class", "form-radio" if radio else "form-input")
        _checkboxes(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An empty date is not a choice: following up only on a change is ticked on purpose.
        if (
            data.get("conclusion") == Conclusion.UNCHANGED
            and not data.get("next_on_change_only")
            and data.get("next_due") is None
            and "next_due" not in self.errors
        ):
            self.add_error(
                "next_due", "Angiv datoen for næste opfølgning, eller vælg kun opfølgning ved ændringer."
            )
        return data

    def checks(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            c.code: {
                "answer": data.get(f"check_{c.code}") or "",
                "note": data.get(f"check_{c.code}_note") or "",
            }
            for c in rules.SEVEN_CHECKS
        }

    def next_plan(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "form": data.get("next_form") or "",
            "participants": data.get("next_participants") or [],
            "due": None if data.get("next_on_change_only") else data.get("next_due"),
            "risk_factors": data.get("next_risk_factors") or [],
            "reason": data.get("next_reason") or "",
        }

    def ending(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "last_day": data.get("last_day"),
            "reasons": data.get("reasons") or "",
            "hearing_note": data.get("hearing_note") or "",
        }
