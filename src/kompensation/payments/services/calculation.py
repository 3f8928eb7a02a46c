"""Calculating a payment request: wage subsidy, documented expenses, the stored calculation."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any, Literal, cast

from kompensation.rules import payments as rules

from ..models import (
    LIVE_STATUSES,
    CalculationMode,
    ExpenseKind,
    PaymentRequest,
    RateKind,
)
from .rates import _seniority_rates, rates_for


def counted_hours(request: PaymentRequest) -> list[rules.CountedHours]:
    """The subsidised hours of the grant's other live requests that reach into this request's quarter."""
    q_start, _ = rules.quarter_bounds(*rules.quarter_of(request.period_start))
    _, q_end = rules.quarter_bounds(*rules.quarter_of(request.period_end))
    others = (
        PaymentRequest.objects.filter(
            grant_id=request.grant_id,
            status__in=LIVE_STATUSES,
            period_start__lte=q_end,
            period_end__gte=q_start,
        )
        .exclude(pk=request.pk)
        .only("period_start", "period_end", "calculation")
    )
    return [
        rules.CountedHours(other.period_start, other.period_end, Decimal(other.calculation.get("hours", "0")))
        for other in others
    ]


def allowed_for(request: PaymentRequest) -> Decimal:
    """What the quarter allows so far for this request (BEK § 15; see `rules.allowed_hours_so_far`)."""
    grant = request.grant
    return rules.allowed_hours_so_far(
        grant.hours_per_week,
        request.period_start,
        request.period_end,
        grant_start=grant.start_date,
        grant_end=grant.end_date,
        earlier=counted_hours(request),
    )


def _calculate(request: PaymentRequest) -> rules.Calculation:
    hours = [
        rules.HoursLine(
            assistant=h.assistant,
            start=h.start,
            end=h.end,
            hours=h.hours,
            rate_kind=cast(Literal["standard", "raised"], h.rate_kind),
            seniority=h.seniority,
        )
        for h in request.hours.all()
    ]
    allowed = allowed_for(request)
    municipality = request.municipality
    standard = rates_for(RateKind.STANDARD_HOURLY)
    if request.mode == CalculationMode.SIMPLIFIED:
        percentage = rules.rate_on(
            rates_for(RateKind.STANDARD_PERCENTAGE, municipality=municipality),
            request.period_start,
        )
        return rules.calculate_simplified(
            hours=hours,
            standard_rates=standard,
            standard_percentage=percentage.hourly,
            raised_rates=rates_for(RateKind.RAISED_HOURLY, municipality=municipality),
            seniority_rates=_seniority_rates(),
            allowed_hours=allowed,
        )
    supplements = [
        rules.Supplement(
            kind=cast(rules.SupplementKind, s.kind),
            assistant=s.assistant,
            amount=s.amount,
            percentage=s.percentage,
            basis=s.basis,
        )
        for s in request.supplements.all()
    ]
    return rules.calculate_detailed(
        hours=hours,
        supplements=supplements,
        standard_rates=standard,
        raised_rates=rates_for(RateKind.RAISED_HOURLY, municipality=municipality),
        seniority_rates=_seniority_rates(),
        allowed_hours=allowed,
    )


EXPENSE_RULES = {
    ExpenseKind.TRAVEL: "Rejseudgifter: dokumenterede, rimelige udgifter på en godkendt rejse",
    ExpenseKind.OTHER: "Andre udgifter virksomheden er forpligtet til (tro og love)",
}


def _with_expenses(calculation: rules.Calculation, request: PaymentRequest) -> rules.Calculation:
    """Travel and other costs are refunded as documented, on top of the wage subsidy."""
    lines = [
        rules.Line(
            code=e.kind,
            label=f"{ExpenseKind(e.kind).label}: {e.description}",
            assistant="",
            quantity=Decimal(1),
            unit_amount=e.amount,
            amount=rules.round_ore(e.amount),
            rule=EXPENSE_RULES[ExpenseKind(e.kind)],
            rate_ref=None,
        )
        for e in request.expenses.all()
    ]
    if not lines:
        return calculation
    return rules.Calculation(
        mode=calculation.mode,
        lines=(*calculation.lines, *lines),
        total=calculation.total + sum((line.amount for line in lines), Decimal(0)),
        hours=calculation.hours,
    )


def _calculation_json(calculation: rules.Calculation) -> dict[str, Any]:
    return {
        "mode": calculation.mode,
        "hours": str(calculation.hours),
        "total": str(calculation.total),
        "lines": [
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(line).items()}
            for line in calculation.lines
        ],
    }
