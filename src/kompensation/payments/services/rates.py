"""The rate table: rate rows, the rates in force, seniority steps, the municipality's calculation mode."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet

from kompensation.accounts.models import Municipality, Role, User
from kompensation.accounts.permissions import has
from kompensation.cases.validators import sane_date_errors
from kompensation.rules import payments as rules

from ..models import (
    MUNICIPAL_RATE_KINDS,
    CalculationMode,
    PaymentRequest,
    PaymentSettings,
    RateKind,
    RateRow,
    RequestStatus,
)


def rates_for(kind: str, seniority: int = 0, municipality: Municipality | None = None) -> list[rules.Rate]:
    """The rows in force for a municipality: its own rows of a municipal kind, else the national rows."""
    rows = RateRow.objects.filter(kind=kind, seniority=seniority).order_by("valid_from")
    own = rows.filter(municipality=municipality) if municipality and kind in MUNICIPAL_RATE_KINDS else None
    chosen = own if own is not None and own.exists() else rows.filter(municipality__isnull=True)
    return [rules.Rate(ref=str(row.pk), valid_from=row.valid_from, hourly=row.value) for row in chosen]


def rate_rows_visible_to(user: User) -> QuerySet[RateRow]:
    """The national table, and the municipality's own rows for its staff."""
    rows = RateRow.objects.select_related("entered_by", "municipality").order_by("kind", "-valid_from")
    return rows.filter(Q(municipality__isnull=True) | Q(municipality_id=user.municipality_id or -1))


def seniority_steps() -> list[int]:
    """The seniority steps the standard rate table has rows for (Køge checklist 6)."""
    return sorted(
        set(RateRow.objects.filter(kind=RateKind.STANDARD_HOURLY).values_list("seniority", flat=True))
    )


def _seniority_rates() -> dict[int, list[rules.Rate]]:
    # Seniority steps belong to the national standard rate (HK/State agreement).
    return {step: rates_for(RateKind.STANDARD_HOURLY, step) for step in seniority_steps() if step}


def rate_row_add(
    *, user: User, kind: str, valid_from: dt.date, value: Decimal, source: str = "", seniority: int = 0
) -> RateRow:
    municipality = None if user.role == Role.NATIONAL else user.municipality
    if not has("payments.write_rate", user, (kind, municipality)):
        raise PermissionDenied(
            "Timesatsen og tolkesatserne er nationale og indtastes af STAR. Kommunen kan indtaste sin egen "
            "standardprocent og forhøjede sats."
        )
    errors: dict[str, str] = {}
    if kind not in RateKind.values:
        errors["kind"] = "Vælg hvilken sats det er."
    if value is None or value < 0:
        errors["value"] = "Satsen kan ikke være negativ."
    elif kind == RateKind.STANDARD_PERCENTAGE and value > 100:
        errors["value"] = "En procent kan højst være 100."
    if seniority < 0 or seniority > 20:
        errors["seniority"] = "Anciennitetstrinnet skal ligge mellem 0 og 20."
    if RateRow.objects.filter(
        municipality=municipality, kind=kind, seniority=seniority, valid_from=valid_from
    ).exists():
        errors["valid_from"] = "Der findes allerede en sats fra den dato. En ny sats skal have en ny dato."
    errors |= sane_date_errors(valid_from=valid_from)
    if errors:
        raise ValidationError(errors)
    return RateRow.objects.create(
        municipality=municipality,
        kind=kind,
        seniority=seniority,
        valid_from=valid_from,
        value=value,
        source=source,
        entered_by=user,
    )


def requests_affected_by(row: RateRow) -> list[PaymentRequest]:
    """Open requests whose period reaches the new rate; settled payments keep the rows they used.

    A municipal row reaches only that municipality's requests."""
    requests = PaymentRequest.objects.filter(
        status__in=[RequestStatus.DRAFT, RequestStatus.SUBMITTED], period_end__gte=row.valid_from
    ).select_related("employer", "municipality")
    if row.municipality_id is not None:
        requests = requests.filter(municipality_id=row.municipality_id)
    return list(requests)


def period_parts(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The period split at each rate change, so hours before and after use their own rate."""
    every_step = RateRow.objects.filter(
        kind=RateKind.STANDARD_HOURLY, municipality__isnull=True, valid_from__gt=start, valid_from__lte=end
    )
    cuts = sorted(set(every_step.values_list("valid_from", flat=True)))
    parts, current = [], start
    for cut in cuts:
        parts.append((current, cut - dt.timedelta(days=1)))
        current = cut
    parts.append((current, end))
    return parts


def municipality_mode(municipality: Municipality) -> str:
    settings_ = PaymentSettings.objects.filter(municipality=municipality).first()
    return settings_.mode if settings_ else CalculationMode.SIMPLIFIED


def bpa_admin_mode_set(*, user: User, mode: str) -> PaymentSettings:
    """The municipality's choice: BPA's administration contribution per hour or as a monthly sum (both exist,
    Ankestyrelsen). Months already paid keep theirs; the plan's next months use the new choice."""
    if mode not in ("per_hour", "sum"):
        raise ValidationError({"bpa_admin_mode": "Vælg pr. time eller et fast beløb pr. måned."})
    if user.municipality is None or not has("payments.set_bpa_admin_mode", user):
        raise PermissionDenied(
            "Kun kommunens ydelsesmedarbejder kan vælge, hvordan administrationsbidraget betales."
        )
    settings_, _ = PaymentSettings.objects.update_or_create(
        municipality=user.municipality, defaults={"bpa_admin_mode": mode}
    )
    return settings_
