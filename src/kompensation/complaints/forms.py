"""Complaint forms: the caseworker's registration and late assessment; the complaint on Mine sider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kompensation.cases.forms import DkfdsForm, text
from kompensation.ui.fields import BoundedDateField

from .models import Complainant
from .services.intake import MAX_TEXT, REGISTERED_CHANNELS

FILE_HELP = "PDF, Word (DOCX), JPG eller PNG, højst 10 MB."


class ComplaintRegisterForm(DkfdsForm):
    """A complaint that came by letter, e-mail or orally, registered by the caseworker."""

    decision = forms.TypedChoiceField(label="Hvilken afgørelse klages der over?", coerce=int)
    complainant = forms.ChoiceField(
        label="Hvem klager?", choices=Complainant.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label="Hvordan kom klagen?",
        choices=[(c.value, c.label) for c in REGISTERED_CHANNELS],
        widget=forms.RadioSelect,
    )
    received_on = BoundedDateField(label="Klagen modtaget", initial=timezone.localdate)
    text = text(
        "Klagen",
        max_length=MAX_TEXT,
        rows=6,
        help_text="Hvad er klageren uenig i, og hvorfor? En mundtlig klage gemmes også som journalnotat.",
    )
    decision_received_on = BoundedDateField(
        label="Afgørelsen modtaget",
        required=False,
        help_text="Udfyldt med datoen for levering med Digital Post. Ret den, hvis klageren modtog "
        "afgørelsen en anden dag. Klagefristen regnes herfra.",
    )
    upload = forms.FileField(
        label="Klagebrevet (valgfrit)", required=False, help_text=f"Fx det scannede brev. {FILE_HELP}"
    )

    def __init__(self, *args: Any, decision_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = decision_choices


class LateAssessmentForm(DkfdsForm):
    accept = forms.TypedChoiceField(
        label="Skal klagen behandles, selv om den kom for sent?",
        choices=[("ja", "Ja, klagen behandles alligevel"), ("nej", "Nej, klagen afvises")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    reason = text(
        "Begrundelse",
        max_length=MAX_TEXT,
        rows=3,
        help_text="Fx en særlig grund til, at klagen kom for sent. Afvises klagen, står begrundelsen i "
        "brevet.",
    )


class WithdrawForm(DkfdsForm):
    on = BoundedDateField(label="Klagen trukket tilbage", initial=timezone.localdate)
    note = text("Hvordan trak klageren klagen tilbage?", max_length=2000, rows=2)


class PortalComplaintForm(DkfdsForm):
    """The complaint in the complainant's own words, on Mine sider."""

    text = text(
        "Din klage",
        max_length=MAX_TEXT,
        rows=8,
        help_text="Skriv, hvad du er uenig i, og hvorfor. Du kan også fortælle om nye oplysninger.",
    )

    def __init__(self, *args: Any, employer: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if employer:
            field = self.fields["text"]
            field.label = "Virksomhedens klage over tilskuddet"
            field.help_text = (
                "Skriv, hvad virksomheden er uenig i ved afgørelsen om tilskud, og hvorfor. Klagen handler "
                "om tilskuddet, fx timer, periode, sats eller udbetaling."
            )


class PortalAttachmentForm(DkfdsForm):
    document = forms.FileField(label="Vedhæft et dokument (valgfrit)", required=False, help_text=FILE_HELP)


def intake_forms() -> dict[str, DkfdsForm]:
    """The intake part's empty forms on the complaint page (a view with errors passes bound ones)."""
    return {"late_form": LateAssessmentForm(), "withdraw_form": WithdrawForm()}
