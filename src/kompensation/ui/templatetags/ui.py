"""Template helpers: DKFDS field rendering with ARIA, Danish hours, dates and CPR masking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from kompensation import formats
from kompensation.cases.models import mask_cpr
from kompensation.rules.pa import format_hours

register = template.Library()


@register.filter
def dk_widget(field: BoundField) -> SafeString:
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    attrs: dict[str, Any] = {}
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def hours(value: Decimal | int | None) -> str:
    if value is None or value == "":
        return "–"
    return format_hours(Decimal(value))


@register.filter
def kr(value: Decimal | str | None) -> str:
    """Money the Danish way: 1.234,50 kr."""
    return formats.amount(value)


@register.filter
def dknum(value: Decimal | str | None, places: int | None = None) -> str:
    """1.234,5; `|dknum:2` always shows two decimals."""
    return formats.number(value, places=places)


@register.filter
def dkdate(value: dt.date | None) -> str:
    return formats.date(value)


@register.filter
def dklongdate(value: dt.date | None) -> str:
    """23. november 2026, as letters write it."""
    return formats.long_date(value)


@register.filter
def dkiso(value: str | None) -> str:
    """A date stored as ISO text in an event payload, shown the Danish way."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value or "–")


@register.filter
def masked(cpr: str) -> str:
    return mask_cpr(cpr)


@register.filter
def days_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"{-days} dage over fristen" if days != -1 else "1 dag over fristen"
    if days == 0:
        return "udløber i dag"
    return f"{days} dage tilbage" if days != 1 else "1 dag tilbage"


@register.inclusion_tag("ui/error_summary.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """One summary for every form on the page (formsets included), as DKFDS prescribes."""
    with_errors = []
    formset_errors: list[str] = []
    for form in forms:
        if not hasattr(form, "errors"):
            continue  # an absent optional form resolves to "" in templates
        if hasattr(form, "forms"):
            with_errors += [f for f in form.forms if f.errors]
            formset_errors += list(form.non_form_errors())
        elif form.errors:
            with_errors.append(form)
    return {
        "forms_with_errors": with_errors,
        "formset_errors": formset_errors,
        "has_errors": bool(with_errors or formset_errors),
    }


@register.simple_tag(takes_context=True)
def can(context: template.Context, perm: str, obj: Any = None) -> bool:
    """The permission model in templates: `{% can "payments.settle_request" payment as may_settle %}`."""
    from kompensation.accounts.permissions import has

    return has(perm, context["user"], obj)
