"""The monthly payment plan of a BPA (SEL § 96) or cash-allowance (SEL § 95) grant.

The decision is the approval: each month of the grant becomes one approved payment request with its payout
when the month falls due — in advance to the person or a relative (they pay the helpers' wages on the 1st),
in arrears to an association or a company. Each month is paid exactly once: the period exclusion on payment
requests (payments migration 0011, and its SQLite trigger) refuses a second live request for the same days
of the grant, whatever raced to make it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from kompensation import formats
from kompensation.accounts.models import Municipality, User
from kompensation.cases import services as case_services
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import EventType, Grant, GrantStatus
from kompensation.cases.schemes import scheme_of
from kompensation.payments.models import (
    LIVE_STATUSES,
    CalculationMode,
    PaymentRequest,
    PaymentSettings,
    Payout,
    RateKind,
    RequestSource,
    RequestStatus,
)
from kompensation.payments.services.rates import rates_for
from kompensation.rules import payments as payment_rules
from kompensation.rules import social as rules

from .models import SocialTerms

PLAN_KINDS = (GrantKindCode.BPA, GrantKindCode.CASH_ALLOWANCE)
PLAN_RULES = {
    "bpa": "SEL § 96 stk. 1 og 3 (tilskud til hjælpernes løn og administrationsbidrag)",
    "cash": "SEL § 95 stk. 2–3 (kontant tilskud til hjælpernes løn)",
}
# How far ahead the plan page shows months of an open-ended grant.
MONTHS_AHEAD = 3


@dataclass(frozen=True)
class PlanMonth:
    year: int
    month: int
    due: dt.date
    amount: rules.MonthlyAmount | None
    request: PaymentRequest | None
    status: str
    error: str = ""

    @property
    def label(self) -> str:
        return f"{payment_rules.MONTH_NAMES[self.month - 1]} {self.year}"


def _status(request: PaymentRequest | None, error: str, due: dt.date, today: dt.date) -> str:
    if request is not None:
        return "Udbetalt" if request.status == RequestStatus.PAID else "Godkendt til udbetaling"
    if error:
        return "Mangler sats"
    return "Forfalden" if due <= today else "Planlagt"


def _terms(grant: Grant) -> SocialTerms:
    terms = SocialTerms.objects.filter(decision_id=grant.decision_id).first()
    if terms is None or not terms.employer_role:
        raise ValidationError("Afgørelsen mangler arbejdsgiverrollen, så tilskuddets modtager er ukendt.")
    return terms


def _admin_mode(municipality: Municipality) -> rules.AdminMode:
    settings = PaymentSettings.objects.filter(municipality=municipality).first()
    return "sum" if settings is not None and settings.bpa_admin_mode == "sum" else "per_hour"


def _rate_kinds(scheme: str, admin_mode: str) -> dict[str, str]:
    if scheme == "cash":
        return {"hourly": RateKind.CASH_HOURLY}
    admin = RateKind.BPA_ADMIN_PER_HOUR if admin_mode == "per_hour" else RateKind.BPA_ADMIN_MONTHLY
    return {"hourly": RateKind.BPA_HOURLY, "standby": RateKind.BPA_STANDBY_HOURLY, "admin": admin}


def _rates(grant: Grant, day: dt.date, admin_mode: str) -> dict[str, payment_rules.Rate]:
    """The municipality's rate rows in force on the first covered day; a missing row stops the month."""
    found: dict[str, payment_rules.Rate] = {}
    for role, kind in _rate_kinds(grant.case.scheme, admin_mode).items():
        try:
            found[role] = payment_rules.rate_on(rates_for(kind, municipality=grant.case.municipality), day)
        except ValueError:
            label = RateKind(kind).label
            raise ValidationError(
                f"Der er ingen sats for «{label}» med virkning {formats.date(day)}. Indtast kommunens "
                "sats på satssiden, så måneden kan udbetales."
            ) from None
    return found


def _last_day(grant: Grant) -> dt.date | None:
    ends = [d for d in (grant.end_date, grant.ended_on) if d is not None]
    return min(ends) if ends else None


def _month(
    grant: Grant, terms: SocialTerms, year: int, month: int, admin_mode: str
) -> tuple[rules.MonthlyAmount, dict[str, payment_rules.Rate]]:
    start, end = grant.start_date, _last_day(grant)
    first = max(dt.date(year, month, 1), start)
    rates = _rates(grant, first, admin_mode)
    standby = terms.standby_hours_per_week or Decimal(0)
    zero = payment_rules.Rate(ref="", valid_from=first, hourly=Decimal(0))
    amount = rules.monthly_amount(
        year=year,
        month=month,
        start=start,
        end=end,
        actual_hours_per_week=grant.hours_per_week - standby,
        standby_hours_per_week=standby,
        hourly=rates["hourly"].hourly,
        standby_hourly=rates.get("standby", zero).hourly,
        admin_mode=admin_mode,  # type: ignore[arg-type]
        admin_value=rates.get("admin", zero).hourly,
    )
    return amount, rates


def _months(grant: Grant, until: dt.date) -> list[tuple[int, int]]:
    end = _last_day(grant)
    return rules.months_between(grant.start_date, min(end, until) if end else until)


def plan_for(grant: Grant, *, today: dt.date) -> list[PlanMonth]:
    """The grant's months, from its first to its last (an open-ended grant: a few months ahead), each with
    its amount, due date and the request that paid it."""
    terms = _terms(grant)
    timing = rules.payment_timing(terms.employer_role)  # type: ignore[arg-type]
    admin_mode = _admin_mode(grant.case.municipality)
    ahead = today + dt.timedelta(days=31 * MONTHS_AHEAD)
    paid = {
        (r.period_start.year, r.period_start.month): r
        for r in PaymentRequest.objects.filter(grant=grant, status__in=LIVE_STATUSES, kind__in=PLAN_KINDS)
    }
    plan = []
    for year, month in _months(grant, ahead):
        due = rules.payment_date(year, month, timing)
        request = paid.get((year, month))
        amount: rules.MonthlyAmount | None = None
        error = ""
        try:
            amount, _ = _month(grant, terms, year, month, admin_mode)
        except ValidationError as refused:
            error = refused.messages[0]
        plan.append(PlanMonth(year, month, due, amount, request, _status(request, error, due, today), error))
    return plan


def plan_open(*, grant: Grant, user: User) -> list[PaymentRequest]:
    """Called by `decision_send` (in its transaction) when a § 95 or § 96 decision opens a grant: the months
    already due are paid at once — a grant decided back in time is paid back in time too. A missing rate row
    does not hold the decision back: the plan page shows it, and the daily run pays once it is entered."""
    _terms(grant)
    try:
        return _grant_payments_make(grant, today=timezone.localdate(), actor=user)
    except ValidationError:
        return []


def plan_grants(municipality: Municipality | None = None) -> QuerySet[Grant]:
    grants = Grant.objects.filter(status=GrantStatus.ACTIVE, decision__grant_kind__in=PLAN_KINDS)
    if municipality is not None:
        grants = grants.filter(case__municipality=municipality)
    return grants.select_related("decision", "case", "case__municipality", "case__person")


def plan_payments_make(*, today: dt.date, user: User | None = None) -> list[PaymentRequest]:
    """The daily run: every active plan's months that have fallen due by `today` and are not yet paid. A month
    whose rate row is missing is left for the next run (the plan page says why); the rest go on."""
    made: list[PaymentRequest] = []
    for grant in plan_grants():
        try:
            made += _grant_payments_make(grant, today=today, actor=user)
        except ValidationError:
            continue
    return made


def _grant_payments_make(grant: Grant, *, today: dt.date, actor: User | None) -> list[PaymentRequest]:
    made: list[PaymentRequest] = []
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("decision", "case").get(pk=grant.pk)
        if grant.status != GrantStatus.ACTIVE:
            return made
        terms = _terms(grant)
        timing = rules.payment_timing(terms.employer_role)  # type: ignore[arg-type]
        admin_mode = _admin_mode(grant.case.municipality)
        live = PaymentRequest.objects.filter(grant=grant, status__in=LIVE_STATUSES)
        for year, month in _months(grant, today + dt.timedelta(days=31)):
            due = rules.payment_date(year, month, timing)
            if due > today or live.filter(period_start__year=year, period_start__month=month).exists():
                continue
            amount, rates = _month(grant, terms, year, month, admin_mode)
            if amount.covered_days == 0:
                continue
            request = _request_create(grant, terms, amount, rates, admin_mode, due, actor)
            if request is not None:
                made.append(request)
    return made


def _request_create(
    grant: Grant,
    terms: SocialTerms,
    amount: rules.MonthlyAmount,
    rates: dict[str, payment_rules.Rate],
    admin_mode: str,
    due: dt.date,
    actor: User | None,
) -> PaymentRequest | None:
    """One month's approved request and payout; None when the database already holds that month."""
    case, decision = grant.case, grant.decision
    approver = actor or decision.decided_by
    start = max(amount.month_start, grant.start_date)
    end = min(amount.month_end, _last_day(grant) or amount.month_end)
    person = terms.payee_person if terms.employer_role in ("person", "relative") else None
    now = timezone.now()
    try:
        with transaction.atomic():
            request = PaymentRequest.objects.create(
                grant=grant,
                municipality=case.municipality,
                kind=decision.grant_kind,
                employer=None if person else terms.payee_company,
                payee_person=person,
                source=RequestSource.PLAN,
                period_start=start,
                period_end=end,
                # Required by the model; a plan month is priced by the decision's hours, not a payroll.
                mode=CalculationMode.SIMPLIFIED,
                status=RequestStatus.APPROVED,
                created_by=approver,
                submitted_at=now,
                decided_by=approver,
                decided_at=now,
                calculation=_calculation(grant, terms, amount, rates, admin_mode, due),
                requested_total=amount.total,
                approved_total=amount.total,
                payout_due=due,
            )
            Payout.objects.create(request=request, gross=amount.total, offset=Decimal(0), net=amount.total)
    except IntegrityError:
        # Another run made this month between our check and our insert: the database kept it to once.
        return None
    case_services.case_event_record(
        case,
        EventType.PLAN_PAYMENT_MADE,
        actor,
        request_id=request.pk,
        period_start=start.isoformat(),
        period_end=end.isoformat(),
        total=str(amount.total),
        payout_due=due.isoformat(),
        rule=PLAN_RULES[case.scheme],
    )
    return request


def _calculation(
    grant: Grant,
    terms: SocialTerms,
    amount: rules.MonthlyAmount,
    rates: dict[str, payment_rules.Rate],
    admin_mode: str,
    due: dt.date,
) -> dict[str, Any]:
    """The trail of the amount: the rule, the decision's hours, the days, each rate row, and the sum."""
    return {
        "kind": "plan",
        "rule": PLAN_RULES[grant.case.scheme],
        "legal_basis": scheme_of(grant.case.scheme).legal_basis,
        "decision_id": grant.decision_id,
        "employer_role": terms.employer_role,
        "timing": rules.payment_timing(terms.employer_role),  # type: ignore[arg-type]
        "payout_due": due.isoformat(),
        "hours_per_week": str(grant.hours_per_week),
        "standby_hours_per_week": str(terms.standby_hours_per_week or Decimal(0)),
        "covered_days": amount.covered_days,
        "actual_hours": str(amount.actual_hours),
        "standby_hours": str(amount.standby_hours),
        "rates": {
            role: {"row": rate.ref, "valid_from": rate.valid_from.isoformat(), "value": str(rate.hourly)}
            for role, rate in rates.items()
        },
        "admin_mode": admin_mode if grant.case.scheme == "bpa" else "",
        "wages": str(amount.wages),
        "admin": str(amount.admin),
        "total": str(amount.total),
    }
