"""The reports' filters: scheme, the period of the first decision, municipality (national role only) and
"only cases with a complaint". Sent as GET: they hold no personal data, and a filtered report can be
bookmarked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from kompensation.accounts.models import Municipality, Role
from kompensation.cases.forms import DkfdsForm
from kompensation.cases.schemes import SchemeCode
from kompensation.ui.fields import BoundedDateField


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months, today included: 1 Mar 2025 → 2 Mar 2024 … 1 Mar 2025."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + dt.timedelta(days=1), today


class ProcessingTimeFilterForm(DkfdsForm):
    marks_optional = False

    scheme = forms.ChoiceField(label="Ordning", required=False, choices=[("", "Alle"), *SchemeCode.choices])
    date_from = BoundedDateField(label="Første afgørelse fra", required=False)
    date_to = BoundedDateField(label="Første afgørelse til", required=False)
    municipality = forms.ModelChoiceField(
        label="Kommune", required=False, queryset=Municipality.objects.none(), empty_label="Alle kommuner"
    )
    only_complaints = forms.BooleanField(label="Kun sager med klage", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(user, "role", None) == Role.NATIONAL:
            self.fields["municipality"].queryset = Municipality.objects.order_by("name")  # type: ignore[attr-defined]
        else:
            del self.fields["municipality"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Slutdatoen skal ligge på eller efter startdatoen.")
        return cleaned
