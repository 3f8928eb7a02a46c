"""The trial page's forms: start a trial, end the open one. The rules are the service's (`social.aids`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kompensation.cases.forms import DkfdsForm, line, text
from kompensation.ui.fields import BoundedDateField

from .models import TrialResult


class TrialStartForm(DkfdsForm):
    product = line(
        "Produkt",
        max_length=200,
        help_text="Det konkrete produkt, fx «Vaske-/tørretoilet, Geberit AquaClean Mera».",
    )
    supplier_cvr = forms.CharField(
        label="Leverandørens CVR-nummer",
        required=False,
        max_length=20,
        help_text="Lad feltet stå tomt, hvis produktet kommer fra kommunens eget hjælpemiddeldepot.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-input input-width-s"}),
    )
    started_on = BoundedDateField(
        label="Afprøvningen startede",
        initial=timezone.localdate,
        error_messages={"required": "Angiv hvornår afprøvningen startede."},
    )
    planned_end = BoundedDateField(
        label="Planlagt afsluttet",
        error_messages={"required": "Angiv hvornår afprøvningen efter planen afsluttes."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].error_messages["required"] = "Skriv hvilket produkt der afprøves."


class TrialEndForm(DkfdsForm):
    ended_on = BoundedDateField(
        label="Afprøvningen sluttede",
        initial=timezone.localdate,
        error_messages={"required": "Angiv hvornår afprøvningen blev afsluttet."},
    )
    result = forms.ChoiceField(
        label="Resultat",
        choices=TrialResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg om produktet var egnet eller ikke egnet."},
    )
    findings = text(
        "Hvad afprøvningen viste",
        help_text="Fx om produktet afhjælper følgerne af funktionsnedsættelsen, og hvordan det blev brugt.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["findings"].error_messages["required"] = (
            "Skriv hvad afprøvningen viste: afgørelsen skal bygge på det."
        )
