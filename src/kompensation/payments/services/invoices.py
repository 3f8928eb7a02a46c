"""An interpreting agency's invoice: received from the portal, the API or an OIOUBL file, priced line by
line by `rules.interpreting` against the rate table, and controlled.

Every channel ends in `invoice_submit` with the same `SessionLine`s, so the checks and the prices are the
same whichever way the invoice came. An invoice that cannot be priced (a line outside the grant, an unknown
interpreter, an on-site session without a place) is refused whole, with a message per line, and nothing is
stored: the agency corrects it and sends it again.

What is paid for a line is what the product computes — but never more than the agency claimed for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import EventType, Grant
from kompensation.cases.services import case_event_record
from kompensation.rules import interpreting
from kompensation.rules import payments as rules

from ..models import Agency, Interpreter, InvoiceLine, PaymentRequest, RequestSource, RequestStatus
from ..selectors import interpreting_rates_on, zone_of_postcode
from .interpreting_controls import invoice_controls_run
from .money import kr

MAX_LINES = 500


@dataclass(frozen=True)
class SessionLine:
    """One invoiced session as the agency states it, whatever the channel."""

    date: dt.date
    start: dt.time
    end: dt.time
    interpreter: str  # the interpreter's number
    claimed: Decimal
    remote: bool = False
    postcode: str = ""
    zone: int | None = None
    demanding: bool = False


def _require_agency(user: User, agency: Agency) -> None:
    if not (user.is_active and user.role == Role.INTERPRETER_AGENCY and user.cvr == agency.cvr):
        raise PermissionDenied("Kun tolkebureauet selv kan indsende sine fakturaer.")


def grant_by_reference(reference: str) -> Grant | None:
    """`BEV-0000123` (or `123`) → the grant, or None."""
    digits = reference.strip().upper().removeprefix("BEV-")
    if not digits.isdigit():
        return None
    return Grant.objects.select_related("case__person", "decision").filter(pk=int(digits)).first()


def _grant_errors(grant: Grant, agency: Agency, start: dt.date, end: dt.date) -> list[str]:
    if grant.decision.grant_kind != GrantKindCode.INTERPRETING:
        return [f"Bevilling {grant.reference} er ikke en bevilling til tolkning."]
    if not grant.decision.agencies.filter(pk=agency.pk).exists():
        return [f"{agency.name} er ikke godkendt som tolkebureau på bevilling {grant.reference}."]
    errors = []
    if end < start:
        errors.append("Perioden slutter før den begynder.")
    return errors


def _line_errors(
    index: int, line: SessionLine, grant: Grant, start: dt.date, end: dt.date, known: dict[str, Interpreter]
) -> list[str]:
    where = f"Linje {index}"
    errors = []
    if line.interpreter not in known:
        errors.append(f"{where}: tolkenummer «{line.interpreter}» er ikke registreret hos bureauet.")
    if not (start <= line.date <= end):
        errors.append(f"{where}: {line.date:%d.%m.%Y} ligger uden for fakturaens periode.")
    if not grant.covers(line.date):
        # After the start: the grant was stopped, replaced or has lapsed, and the reason says which.
        detail = f" {grant.period_refusal(line.date, line.date)}" if line.date >= grant.start_date else ""
        errors.append(f"{where}: {line.date:%d.%m.%Y} ligger uden for bevillingens periode.{detail}")
    midnight = line.end == dt.time(0, 0)
    if not midnight and line.end <= line.start:
        errors.append(
            f"{where}: sluttidspunktet skal ligge efter starttidspunktet. "
            "En session hen over midnat skrives som to linjer."
        )
    if not line.remote and line.zone is None and not line.postcode:
        errors.append(f"{where}: skriv postnummeret for fremmødestedet (eller zonen).")
    if line.zone is not None and line.zone not in interpreting.ZONES:
        errors.append(f"{where}: zonen skal være 1, 2 eller 3.")
    if line.claimed < 0:
        errors.append(f"{where}: beløbet kan ikke være negativt.")
    return errors


def _session(line: SessionLine) -> interpreting.Session:
    return interpreting.Session(
        date=line.date,
        start=line.start,
        end=line.end,
        interpreter=line.interpreter,
        remote=line.remote,
        zone=None if line.remote else line.zone,
        postcode=None if line.remote or not line.postcode else line.postcode,
        demanding=line.demanding,
    )


def _component_json(component: interpreting.Component) -> dict[str, str]:
    return {
        "kind": component.kind,
        "label": component.label,
        "quantity": str(component.quantity),
        "rate": str(component.rate),
        "amount": str(component.amount),
        "rule": component.rule,
        "rate_row": component.rate_row,
    }


def price_lines(lines: Sequence[SessionLine], *, grant: Grant) -> list[interpreting.LinePrice]:
    """Price the lines in order. Lines are grouped by the rate-table rows in force on their date, so an
    invoice across a rate change uses each day's rates; the zone rule sees all lines of one date together.
    """
    zones = zone_of_postcode(municipality=grant.case.municipality)
    groups: dict[str, list[int]] = defaultdict(list)
    rate_sets: dict[str, interpreting.InterpretingRates] = {}
    for index, line in enumerate(lines):
        rates = interpreting_rates_on(day=line.date)
        rate_sets[rates.source] = rates
        groups[rates.source].append(index)
    priced: dict[int, interpreting.LinePrice] = {}
    for source, indexes in groups.items():
        pricing = interpreting.price_sessions([_session(lines[i]) for i in indexes], rate_sets[source], zones)
        priced.update(zip(indexes, pricing.lines, strict=True))
    return [priced[i] for i in range(len(lines))]


def _calculation_json(
    lines: Sequence[SessionLine], priced: Sequence[interpreting.LinePrice]
) -> dict[str, Any]:
    """Lines in the shape corrections work on (label, amount); each is paid min(claimed, computed)."""
    out = []
    for index, (line, price) in enumerate(zip(lines, priced, strict=True)):
        paid = min(line.claimed, price.total)
        out.append(
            {
                "label": f"Linje {index + 1}: {line.date:%d.%m.%Y} {line.start:%H:%M}–{line.end:%H:%M}",
                "assistant": line.interpreter,
                "amount": str(paid),
                "claimed": str(line.claimed),
                "computed": str(price.total),
                "rule": interpreting.RULE,
            }
        )
    claimed = sum((line.claimed for line in lines), Decimal(0))
    computed = sum((p.total for p in priced), Decimal(0))
    return {
        "kind": "interpreting",
        "lines": out,
        "claimed_total": str(claimed),
        "computed_total": str(computed),
    }


def invoice_submit(
    *,
    user: User,
    agency: Agency,
    grant: Grant,
    period_start: dt.date,
    period_end: dt.date,
    invoice_number: str,
    lines: Sequence[SessionLine],
    source: str = RequestSource.PORTAL,
    idempotency_key: str | None = None,
) -> PaymentRequest:
    """Receive, price and control an invoice in one transaction; refuse it whole with every error at once."""
    _require_agency(user, agency)
    errors = _grant_errors(grant, agency, period_start, period_end)
    if not invoice_number.strip():
        errors.append("Skriv fakturanummeret.")
    if not lines:
        errors.append("Fakturaen har ingen linjer.")
    if len(lines) > MAX_LINES:
        errors.append(f"En faktura kan højst have {MAX_LINES} linjer. Del den op pr. måned.")
    known = {
        i.number: i
        for i in Interpreter.objects.filter(agencies=agency, number__in={x.interpreter for x in lines})
    }
    if not errors:
        for index, line in enumerate(lines, start=1):
            errors.extend(_line_errors(index, line, grant, period_start, period_end, known))
    priced: list[interpreting.LinePrice] = []
    if not errors:
        try:
            priced = price_lines(lines, grant=grant)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValidationError(errors)
    calculation = _calculation_json(lines, priced)
    try:
        with transaction.atomic():
            Grant.objects.select_for_update().only("pk").get(pk=grant.pk)
            request = PaymentRequest.objects.create(
                grant=grant,
                municipality=grant.case.municipality,
                kind=GrantKindCode.INTERPRETING,
                agency=agency,
                invoice_number=invoice_number.strip(),
                source=source,
                period_start=period_start,
                period_end=period_end,
                mode="",
                status=RequestStatus.SUBMITTED,
                idempotency_key=idempotency_key or None,
                created_by=user,
                submitted_at=timezone.now(),
                declaration=True,
                calculation=calculation,
                requested_total=sum((Decimal(x["amount"]) for x in calculation["lines"]), Decimal(0)),
                payout_due=rules.payout_due(timezone.localdate()),
            )
            InvoiceLine.objects.bulk_create(
                InvoiceLine(
                    request=request,
                    position=index,
                    date=line.date,
                    start=line.start,
                    end=line.end,
                    interpreter=known[line.interpreter],
                    remote=line.remote,
                    postcode="" if line.remote else line.postcode,
                    zone=line.zone,
                    demanding=line.demanding,
                    claimed=line.claimed,
                    computed=price.total,
                    pricing={
                        "billed_hours": str(price.billed_hours),
                        "components": [_component_json(c) for c in price.components],
                    },
                )
                for index, (line, price) in enumerate(zip(lines, priced, strict=True), start=1)
            )
            invoice_controls_run(request=request)
            _rerun_counterparts(request)
            case_event_record(
                grant.case,
                EventType.PAYMENT_REQUESTED,
                user,
                request_id=request.pk,
                kind=GrantKindCode.INTERPRETING,
                agency=agency.name,
                invoice_number=request.invoice_number,
                period=f"{period_start}–{period_end}",
                claimed=calculation["claimed_total"],
                amount=str(request.requested_total),
            )
            # Ask whoever has not signed yet, the invoice's interpreters included (sent after commit).
            from .declaration_requests import declarations_request_missing

            declarations_request_missing(
                grant=grant,
                agency=agency,
                interpreters=Interpreter.objects.filter(invoice_lines__request=request),
            )
    except IntegrityError as exc:
        raise ValidationError(
            f"Faktura {invoice_number.strip()} fra {agency.name} er allerede modtaget. "
            "Den bliver ikke betalt to gange."
        ) from exc
    return request


def _rerun_counterparts(request: PaymentRequest) -> None:
    """Invoices waiting for the officer with the same interpreters on the same dates are controlled again:
    an overlap or a second zone supplement shows on both invoices, whichever came first."""
    lines = request.invoice_lines.values_list("interpreter_id", "date")
    interpreters = {i for i, _ in lines}
    dates = {d for _, d in lines}
    others = (
        InvoiceLine.objects.filter(
            request__status=RequestStatus.SUBMITTED, interpreter_id__in=interpreters, date__in=dates
        )
        .exclude(request=request)
        .values_list("request_id", flat=True)
        .distinct()
    )
    for other in PaymentRequest.objects.filter(pk__in=list(others)).order_by("pk"):
        invoice_controls_run(request=other)


def claimed_versus_computed(request: PaymentRequest) -> tuple[Decimal, Decimal]:
    calculation = request.calculation
    return Decimal(calculation.get("claimed_total", "0")), Decimal(calculation.get("computed_total", "0"))


def describe_difference(claimed: Decimal, computed: Decimal) -> str:
    if claimed == computed:
        return f"Faktureret og beregnet: {kr(claimed)}."
    return f"Faktureret {kr(claimed)}; beregnet {kr(computed)}; forskel {kr(claimed - computed)}."
