"""Forms for inspection visits: finding the company, planning, recording and cancelling a visit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from kompensation import formats
from kompensation.cases.forms import DkfdsForm, line, text
from kompensation.cases.models import Grant
from kompensation.ui.fields import BoundedDateField

from .services.visits import NAMES_MAX

ANNOUNCED_CHOICES = [
    ("yes", "Anmeldt – virksomheden får besked om besøget på forhånd"),
    ("no", "Uanmeldt – virksomheden får ikke besked"),
]


class EmployerSearchForm(DkfdsForm):
    q = line(
        "Virksomhedens CVR-nummer eller navn",
        max_length=100,
        help_text="Kun virksomheder med bevillinger i kommunen, som er aktive eller ophørt inden for et år.",
    )


def grant_label(grant: Grant) -> str:
    end = f"{grant.last_day:%d.%m.%Y}" if grant.last_day else "indtil videre"
    return (
        f"{grant.case.person.name} – {grant.reference}, {formats.number(grant.hours_per_week)} timer/uge, "
        f"{grant.start_date:%d.%m.%Y}–{end} ({grant.get_status_display().lower()})"
    )


class GrantChoiceField(forms.ModelMultipleChoiceField[Grant]):
    def label_from_instance(self, obj: Any) -> str:
        return grant_label(obj)


class VisitPlanForm(DkfdsForm):
    grants = GrantChoiceField(
        label="Bevillinger, besøget handler om",
        queryset=Grant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vælg mindst én bevilling, som besøget handler om."},
    )
    announced = forms.ChoiceField(
        label="Anmeldt eller uanmeldt", choices=ANNOUNCED_CHOICES, widget=forms.RadioSelect
    )
    planned_on = BoundedDateField(label="Dato for besøget")
    purpose = text(
        "Formål",
        max_length=4000,
        rows=4,
        help_text="Hvad skal jobcentret se eller tale om? Fx om assistancen gives som bevilget, og hvem "
        "der er assistent.",
    )

    def __init__(self, *args: Any, grants: QuerySet[Grant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["grants"]
        assert isinstance(field, GrantChoiceField)
        field.queryset = grants


class VisitRecordForm(DkfdsForm):
    held_on = BoundedDateField(label="Besøget blev holdt den")
    visitors = line("Hvem deltog fra jobcentret", max_length=NAMES_MAX)
    met = line(
        "Hvem blev mødt i virksomheden",
        max_length=NAMES_MAX,
        required=False,
        help_text="Fx personen, assistenten og lederen.",
    )
    findings = text("Fund", max_length=8000, rows=6, help_text="Hvad så og hørte jobcentret ved besøget?")
    documents_seen = text(
        "Dokumenter, der blev set",
        max_length=4000,
        rows=3,
        required=False,
        help_text="Fx timesedler, lønsedler, arbejdsplan eller ansættelseskontrakt.",
    )
    follow_up_needed = forms.BooleanField(label="Besøget kræver opfølgning i sagerne", required=False)


class VisitCancelForm(DkfdsForm):
    reason = text("Hvorfor aflyses besøget?", max_length=2000, rows=3)
