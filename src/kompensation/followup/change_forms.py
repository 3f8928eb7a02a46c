"""Change report forms: the party's report in the portal, the caseworker's registration and handling."""

from __future__ import annotations

from typing import Any

from django import forms

from kompensation.cases.forms import DkfdsForm, text
from kompensation.rules import followup as law
from kompensation.ui.fields import BoundedDateField

from .models import ChangeHandling, Reporter
from .services.changes import MAX_TEXT

DESCRIPTION_HELP = "Skal udfyldes ved ændrede arbejdsopgaver og ændret behov for assistance."


class ChangeReportForm(DkfdsForm):
    """What changed, when, and in the reporter's words. The kinds offered are those the reporter may
    report (`rules.followup.change_kinds_for`): the employer is never offered the impairment."""

    kind = forms.ChoiceField(label="Hvad har ændret sig?", widget=forms.RadioSelect)
    occurred_on = BoundedDateField(
        label="Hvornår skete ændringen?",
        help_text="Skriv datoen, fx 01.02.2026. Sker ændringen senere (fx ansættelsen ophører næste "
        f"måned), kan den anmeldes op til {law.CHANGE_REPORT_AHEAD_MONTHS} måneder før.",
    )
    description = text(
        "Beskriv ændringen", max_length=MAX_TEXT, required=False, rows=4, help_text=DESCRIPTION_HELP
    )

    def __init__(self, *args: Any, reporter: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = law.change_kinds_for(reporter) if reporter else law.CHANGE_KINDS
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k.code, k.label) for k in kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") in law.CHANGE_KINDS_NEEDING_DESCRIPTION
            and not data.get("description", "").strip()
        ):
            self.add_error("description", "Beskriv, hvad der har ændret sig.")
        return data


class ChangeReportRegisterForm(ChangeReportForm):
    """The caseworker registers a change told by phone or letter; who told it decides its confidentiality."""

    reporter = forms.ChoiceField(
        label="Hvem meldte ændringen?", choices=Reporter.choices, widget=forms.RadioSelect
    )
    field_order = ["reporter", "kind", "occurred_on", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, reporter=None, **kwargs)
        self.order_fields(self.field_order)


class ChangeReportHandleForm(DkfdsForm):
    """The caseworker's answer; when the grant is stopped, the decision's terms (`grant_end`)."""

    handling = forms.ChoiceField(
        label="Hvad betyder ændringen for bevillingen?",
        choices=[
            (ChangeHandling.NOTED, "Ingen betydning – ændringen noteres"),
            (ChangeHandling.FOLLOW_UP, "Opfølgning inden 4 uger"),
            (ChangeHandling.REASSESS, "Sagen vurderes igen – ny afgørelse"),
            (ChangeHandling.STOPPED, "Stands bevillingen"),
        ],
        widget=forms.RadioSelect,
    )
    note = text(
        "Din vurdering",
        max_length=MAX_TEXT,
        required=False,
        rows=3,
        help_text="Hvorfor ændringen har eller ikke har betydning. Ved standsning er begrundelsen nok.",
    )
    last_day = BoundedDateField(
        label="Sidste dag med bevilling",
        required=False,
        help_text="Kun ved standsning. Der udbetales tilskud til og med denne dag; en anmodning for tiden "
        "derefter afvises.",
    )
    reasons = text(
        "Begrundelse i afgørelsen",
        max_length=MAX_TEXT,
        required=False,
        rows=4,
        help_text="Kun ved standsning. Står i brevet til personen, ikke i virksomhedens brev.",
    )
    hearing_note = text(
        "Partshøring",
        max_length=2000,
        required=False,
        rows=2,
        help_text="Kun ved standsning. Hvordan personen er hørt, eller hvorfor det ikke er nødvendigt "
        "(forvaltningslovens § 19).",
    )

    def ending(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("handling") != ChangeHandling.STOPPED:
            return None
        return {k: data.get(k) for k in ("last_day", "reasons", "hearing_note")}
