"""Forms for the caseworker's re-assessment, forwarding and Ankestyrelsen steps (intake has forms.py)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kompensation.cases.forms import DkfdsForm, line, text
from kompensation.ui.fields import BoundedDateField

from .models import AppealsOutcome, ReassessmentOutcome


class ReassessmentForm(DkfdsForm):
    outcome = forms.ChoiceField(
        label="Resultat af genvurderingen",
        choices=ReassessmentOutcome.choices,
        widget=forms.RadioSelect,
        help_text="Ændres afgørelsen helt eller delvist, skal den nye afgørelse være sendt først.",
    )
    reasons = text(
        "Begrundelse",
        max_length=20000,
        rows=6,
        help_text="Hvad klagen siger, og hvorfor afgørelsen ændres eller fastholdes. Står i genvurderingen, "
        "som personen og Ankestyrelsen får.",
    )
    new_information = text(
        "Nye oplysninger",
        max_length=20000,
        rows=4,
        required=False,
        help_text="Oplysninger, der er kommet efter afgørelsen, fx en ny lægeerklæring eller klagens bilag.",
    )


class ForwardForm(DkfdsForm):
    """Nothing to fill in: the page lists what goes to Ankestyrelsen, and the button sends it."""


class AppealsReceivedForm(DkfdsForm):
    on = BoundedDateField(label="Modtaget i Ankestyrelsen", initial=timezone.localdate)
    reference = line(
        "Ankestyrelsens journalnummer",
        max_length=40,
        required=False,
        help_text="Står i Ankestyrelsens kvittering.",
    )


class AppealsAssignedForm(DkfdsForm):
    on = BoundedDateField(
        label="Sagsbehandler tildelt i Ankestyrelsen",
        initial=timezone.localdate,
        help_text="Når Ankestyrelsen oplyser det.",
    )


class AppealsDateCorrectionForm(DkfdsForm):
    which = forms.ChoiceField(
        label="Datoen der rettes",
        choices=[
            ("received", "Modtaget i Ankestyrelsen"),
            ("assigned", "Sagsbehandler tildelt i Ankestyrelsen"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg, hvilken dato der skal rettes."},
    )
    on = BoundedDateField(label="Den rigtige dato")
    reason = text("Begrundelse for rettelsen", max_length=2000, rows=3)


class AppealsDecidedForm(DkfdsForm):
    on = BoundedDateField(label="Dato for Ankestyrelsens afgørelse")
    outcome = forms.ChoiceField(
        label="Ankestyrelsens resultat", choices=AppealsOutcome.choices, widget=forms.RadioSelect
    )
    upload = forms.FileField(
        label="Ankestyrelsens afgørelse",
        help_text="PDF, Word (DOCX), JPG eller PNG, højst 10 MB. Gemmes i sagen som helbredsoplysninger.",
        error_messages={"required": "Vedhæft Ankestyrelsens afgørelse.", "empty": "Filen er tom."},
    )
    remand_received_on = BoundedDateField(
        label="Hjemvisningen modtaget i kommunen",
        required=False,
        help_text="Kun ved hjemvisning. Tom: samme dag som afgørelsen. Fristen for den nye afgørelse regnes "
        "herfra.",
    )
