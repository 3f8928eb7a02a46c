"""Reads of payments, scoped like cases: staff by municipality, employers by CVR."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import Grant
from kompensation.rules import interpreting
from kompensation.rules import payments as rules

from .models import (
    INTERPRETING_RATE_KINDS,
    LIVE_STATUSES,
    Agency,
    CalculationMode,
    ClaimStatus,
    ControlStatus,
    PaymentRequest,
    Payout,
    PostcodeZone,
    RateKind,
    RateRow,
    RepaymentClaim,
    RequestStatus,
)
from .permissions import payment_request_scope, repayment_claim_scope


def payment_requests_visible_to(user: User) -> QuerySet[PaymentRequest]:
    return PaymentRequest.objects.select_related("employer", "grant__case__person", "grant__decision").filter(
        payment_request_scope(user)
    )


def payment_request_get(*, user: User, pk: int) -> PaymentRequest:
    request = payment_requests_visible_to(user).filter(pk=pk).first()
    if request is None:
        raise Http404("Anmodningen findes ikke, eller du har ikke adgang til den.")
    return request


def repayment_claims_visible_to(user: User) -> QuerySet[RepaymentClaim]:
    return RepaymentClaim.objects.select_related("grant__case__person", "grant__case__employer").filter(
        repayment_claim_scope(user)
    )


def open_repayment_claims(*, user: User) -> QuerySet[RepaymentClaim]:
    """Claims still to be heard or decided: drafts first, then hearings by their deadline."""
    return (
        repayment_claims_visible_to(user)
        .filter(status__in=(ClaimStatus.DRAFT, ClaimStatus.HEARING))
        .order_by("status", "response_due", "pk")
    )


def grants_of_employer(user: User) -> QuerySet[Grant]:
    if user.role != Role.EMPLOYER or not user.cvr:
        return Grant.objects.none()
    # The employer requests payment for the assistance it pays wages for; interpreting the agency invoices.
    return (
        Grant.objects.open_for_claims(timezone.localdate())
        .filter(case__employer__cvr=user.cvr, decision__grant_kind=GrantKindCode.ASSISTANCE)
        .select_related("case__person", "decision")
    )


def payment_queue(*, user: User) -> QuerySet[PaymentRequest]:
    """Submitted requests: overdue first, then by payout date; failed controls counted for the list."""
    return (
        payment_requests_visible_to(user)
        .filter(status=RequestStatus.SUBMITTED)
        .annotate(
            failed=Count("controls", filter=Q(controls__status=ControlStatus.FAIL)),
            unknown=Count("controls", filter=Q(controls__status=ControlStatus.UNKNOWN)),
        )
        .order_by("payout_due", "submitted_at", "pk")
    )


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    return (due - today).days if due else None


def municipality_mode_label(municipality: Municipality) -> str:
    """How the municipality computes payments (detailed or simplified), as shown on grants."""
    from .services import municipality_mode

    return CalculationMode(municipality_mode(municipality)).label


@dataclass(frozen=True)
class PayoutTotals:
    count: int
    gross: Decimal
    net: Decimal


def payouts_in_period(*, user: User, start: dt.date, end: dt.date) -> PayoutTotals:
    """Payouts approved in [start, end] (Copenhagen dates) on the requests the user may see: the count,
    the amount granted (gross) and what reached the employer after offsets (net)."""
    totals = Payout.objects.filter(
        request__in=PaymentRequest.objects.filter(payment_request_scope(user)),
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).aggregate(count=Count("pk"), gross=Sum("gross"), net=Sum("net"))
    return PayoutTotals(totals["count"], totals["gross"] or Decimal("0"), totals["net"] or Decimal("0"))


# How far back the period list reaches; older periods are late by years and go through the jobcentre.
QUARTERS_BACK = 8
MONTHS_BACK = 12


@dataclass(frozen=True)
class PeriodOption:
    """A period the employer may be offered: a quarter ("Q2026-3") or a month ("M2026-1")."""

    code: str
    name: str  # "3. kvartal 2026", "januar 2026"
    start: dt.date  # the quarter or month, cut to the days that can be paid on the grant
    end: dt.date
    taken_by: str | None = None  # the live request that already holds some of its days
    late: bool = False

    @property
    def label(self) -> str:
        text = self.name
        if rules.period_label(self.start, self.end) != self.name:
            text += f" ({self.start:%d.%m.%Y}–{self.end:%d.%m.%Y})"
        if self.taken_by:
            return f"{text} – allerede anmodet ({self.taken_by})"
        if self.late:
            return f"{text} – fristen er overskredet; jobcentret vurderer, om der betales"
        return text


def _candidates(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    year, quarter = rules.quarter_of(today)
    found: list[tuple[str, dt.date, dt.date]] = []
    for back in range(QUARTERS_BACK):
        y, q = divmod(year * 4 + quarter - 1 - back, 4)
        found.append((f"Q{y}-{q + 1}", *rules.quarter_bounds(y, q + 1)))
    for back in range(MONTHS_BACK):
        y, m = divmod(today.year * 12 + today.month - 1 - back, 12)
        found.append((f"M{y}-{m + 1}", *rules.month_bounds(y, m + 1)))
    return found


def requestable_periods(grant: Grant | None, today: dt.date) -> list[PeriodOption]:
    """The quarters and months an employer may ask payment for on `grant`, newest first.

    Offered: periods that have begun (so never beyond today's quarter), that overlap the grant, and that
    end on or after the first day the subsidy can be paid (3 months before the application, BEK § 25,
    stk. 5). A late period (BEK § 27) is offered with a warning. A period a live request of the grant
    already covers is listed as «allerede anmodet (UDB-…)», to be shown but not chosen. A period is cut to
    the days that can be paid (the grant's period, the 3-month rule). Without a grant the periods that have
    begun are listed, to be checked once the grant is chosen.
    """
    options: list[PeriodOption] = []
    live: list[PaymentRequest] = []
    earliest = None
    if grant is not None:
        live = list(
            PaymentRequest.objects.filter(grant=grant, status__in=LIVE_STATUSES).only(
                "pk", "period_start", "period_end"
            )
        )
        earliest = rules.earliest_payable(grant.case.received_on)
    for code, whole_start, whole_end in _candidates(today):
        if whole_start > today:
            continue
        start, end = whole_start, whole_end
        if grant is not None and earliest is not None:
            start = max(start, grant.start_date, earliest)
            end = min(end, grant.end_date) if grant.end_date is not None else end
            if end < start or start > today:
                continue
        taken = next((r for r in live if r.period_start <= end and r.period_end >= start), None)
        options.append(
            PeriodOption(
                code=code,
                name=rules.period_label(whole_start, whole_end),
                start=start,
                end=end,
                taken_by=taken.reference if taken else None,
                late=rules.is_late(end, today),
            )
        )
    return options


def interpreting_rates_on(*, day: dt.date) -> interpreting.InterpretingRates:
    """The national interpreting rates in force on `day`: per kind the latest row from on or before `day`.

    One query; `source` names the rate-table rows used. A kind without a row for the day is an error."""
    latest: dict[str, RateRow] = {}
    rows = RateRow.objects.filter(
        municipality__isnull=True, kind__in=INTERPRETING_RATE_KINDS, seniority=0, valid_from__lte=day
    ).order_by("kind", "-valid_from")
    for row in rows:
        latest.setdefault(row.kind, row)
    missing = [RateKind(kind).label for kind in INTERPRETING_RATE_KINDS if kind not in latest]
    if missing:
        raise ValidationError(
            f"Satstabellen har ingen sats gældende den {day:%d.%m.%Y} for: {', '.join(missing)}. "
            "STAR skal indtaste satsen, før tolkningen kan prissættes."
        )
    used = [latest[kind] for kind in INTERPRETING_RATE_KINDS]
    since = sorted({row.valid_from for row in used})
    refs = ", ".join(f"#{row.pk}" for row in used)
    dates = ", ".join(f"{d:%d.%m.%Y}" for d in since)
    value = {kind: latest[kind].value for kind in INTERPRETING_RATE_KINDS}
    return interpreting.InterpretingRates(
        hourly=value[RateKind.INTERPRETING_HOURLY],
        zone={
            1: value[RateKind.INTERPRETING_ZONE_1],
            2: value[RateKind.INTERPRETING_ZONE_2],
            3: value[RateKind.INTERPRETING_ZONE_3],
        },
        weekend_per_hour=value[RateKind.INTERPRETING_WEEKEND],
        evening_per_hour=value[RateKind.INTERPRETING_EVENING],
        demanding_per_hour=value[RateKind.INTERPRETING_DEMANDING],
        valid_from=since[-1],
        source=f"Satstabel: rækker {refs} (gældende fra {dates})",
    )


def zone_of_postcode(*, municipality: Municipality) -> dict[str, int]:
    """The municipality's imported postcode → zone table (interpreting zone supplement)."""
    return dict(PostcodeZone.objects.filter(municipality=municipality).values_list("postcode", "zone"))


def agencies_by_ids(ids: Sequence[int]) -> list[Agency]:
    """The registered agencies among `ids` (the decision form's choice), in name order."""
    return list(Agency.objects.filter(pk__in=list(ids)).order_by("name")) if ids else []


def agency_choices() -> list[tuple[int, str]]:
    return [(a.pk, str(a)) for a in Agency.objects.order_by("name")]


# --- Interpreting: the declarations panel on the case page -------------------------------------------------

# Imported here, not at the top: this section was appended while other slices edited the import block.
from .models import Declaration, Interpreter  # noqa: E402


@dataclass(frozen=True)
class DeclarationRow:
    """One party that must declare (BEK § 25) for one agency, with its live declaration when signed."""

    label: str
    party: str
    declaration: Declaration | None

    @property
    def signed(self) -> bool:
        return self.declaration is not None


@dataclass(frozen=True)
class AgencyDeclarations:
    agency: Agency
    rows: list[DeclarationRow]
    revoked: list[Declaration]

    @property
    def missing(self) -> int:
        return sum(1 for row in self.rows if not row.signed)


def declarations_panel(*, user: User, grant: Grant) -> list[AgencyDeclarations]:
    """Per approved agency of an interpreting grant: who must declare (the user, the employer, the agency and
    every interpreter with invoice lines on this grant), who has signed and when, and what was revoked.

    Staff of the grant's municipality only; anyone else gets an empty panel."""
    from .services import declarations_required

    if not (
        user.is_active
        and user.role in (Role.CASEWORKER, Role.MANAGER, Role.PAYMENT_OFFICER)
        and user.municipality_id == grant.case.municipality_id
        and grant.is_interpreting
    ):
        return []
    panel = []
    for agency in grant.decision.agencies.order_by("name"):
        interpreters = Interpreter.objects.filter(
            invoice_lines__request__grant=grant, invoice_lines__request__agency=agency
        ).distinct()
        declarations = list(
            Declaration.objects.filter(grant=grant, agency=agency)
            .select_related("signed_by", "revoked_by", "interpreter")
            .order_by("signed_at", "pk")
        )
        live = {d.party_key: d for d in declarations if d.revoked_at is None}
        required = declarations_required(grant=grant, agency=agency, interpreters=interpreters)
        rows = [DeclarationRow(r.label, r.party, live.pop(r.key, None)) for r in required]
        # An interpreter who declared before invoicing anything is on file too.
        for declaration in live.values():
            interpreter = declaration.interpreter
            label = f"Tolken {interpreter.name} ({interpreter.number})" if interpreter else declaration.party
            rows.append(DeclarationRow(label, declaration.party, declaration))
        revoked = [d for d in declarations if d.revoked_at is not None]
        panel.append(AgencyDeclarations(agency=agency, rows=rows, revoked=revoked))
    return panel


# --- Interpreting: the agency's portal -------------------------------------------------------------


def grants_of_agency(user: User) -> QuerySet[Grant]:
    """The running interpreting grants on which the agency (the user's CVR) is approved."""
    from kompensation.cases.grant_kinds import GrantKindCode

    if user.role != Role.INTERPRETER_AGENCY or not user.cvr:
        return Grant.objects.none()
    return (
        Grant.objects.open_for_claims(timezone.localdate())
        .filter(decision__agencies__cvr=user.cvr, decision__grant_kind=GrantKindCode.INTERPRETING)
        .select_related("case__person", "case__municipality", "decision")
        .distinct()
        .order_by("case__person__last_name", "case__person__first_name", "pk")
    )


def invoices_of_agency(user: User) -> QuerySet[PaymentRequest]:
    """The agency's own invoices (the user's CVR), newest first."""
    if user.role != Role.INTERPRETER_AGENCY or not user.cvr:
        return PaymentRequest.objects.none()
    return (
        PaymentRequest.objects.filter(agency__cvr=user.cvr)
        .select_related("agency", "grant__case__person", "grant__case__municipality", "payout__batch")
        .order_by("-submitted_at", "-pk")
    )


def agency_of_user(user: User) -> Agency | None:
    """The agency the portal user acts for (by CVR)."""
    if user.role != Role.INTERPRETER_AGENCY or not user.cvr:
        return None
    return Agency.objects.filter(cvr=user.cvr).first()
