"""The controls and anomaly flags on an interpreting invoice, stored with their evidence.

Run on receipt and again whenever something they look at changes (an attestation, a declaration, a line
rejected). A flag about one session points at its line; a control that finds nothing stores one passed
result for the invoice, so the officer sees that it ran.

A flag on a line the officer has rejected no longer blocks approval: it is stored as passed, with
«Linjen er afvist» and what was found, so the evidence stays with the invoice.

Each control reads all the lines it needs in one query, so the number of queries does not grow with the
number of lines, and the results are written in one `bulk_create`.

What the data lets the controls see (documented here, because the agency's invoice says no more):

* **Zone supplement on a remote session**: the pricing never gives a zone for a remote session, so the
  agency's zone shows in two ways: the line names a zone although it is remote, or the agency claims more
  than computed by at least the lowest zone supplement in force (zone 1) — the amount a zone would add.
* **Two zone supplements for one interpreter on one day**: the pricing gives one per invoice; across
  invoices (of any user, any municipality) a line that carries a zone component is flagged when another
  live invoice already carries a zone component for the same interpreter and date.
* **Live** invoices are those submitted, approved or paid; their rejected lines do not count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from kompensation.cases.models import Grant
from kompensation.rules import interpreting, pa
from kompensation.rules import payments as rules

from ..models import (
    LIVE_STATUSES,
    AttestationParty,
    ControlResult,
    ControlStatus,
    EconomicLink,
    InvoiceLine,
    LineStatus,
    PaymentRequest,
)
from ..selectors import interpreting_rates_on
from .controls import _control_result
from .declarations import RULE as DECLARATION_RULE
from .declarations import declarations_missing_for_invoice
from .money import kr

ATTESTATION_RULE = "Københavns Kommunes praksis: kvittering pr. tolk underskrevet af tolk, bureau og bruger"
HOURS_RULE = "BEK § 15 (gennemsnit pr. kvartal)"
LINK_RULE = "BEK § 25 (ingen økonomisk interesse i tolkebureauet)"
DUPLICATE_RULE = "Kommunens kontrol: en session betales én gang"
REJECTED = "Linjen er afvist"


@dataclass(frozen=True)
class Check:
    """One control: its code, label, rule, and what the officer must decide when it flags."""

    code: str
    label: str
    rule: str
    decide: str
    none_found: str


CHECKS = {
    c.code: c
    for c in (
        Check(
            "claimed_computed",
            "Faktureret beløb svarer til det beregnede",
            interpreting.RULE,
            "Der betales højst det beregnede beløb. Afvis linjen, hvis bureauet har faktureret noget, "
            "der ikke skal betales; ellers godkend og skriv hvorfor.",
            "Alle linjer er faktureret til det beregnede beløb.",
        ),
        Check(
            "remote_zone",
            "Intet kørselszonetillæg ved fjerntolkning",
            interpreting.RULE,
            "Afvis linjen med en begrundelse, eller godkend det beregnede beløb uden zonetillæg.",
            "Ingen fjerntolkning er faktureret med zonetillæg.",
        ),
        Check(
            "zone_twice",
            "Ét kørselszonetillæg pr. tolk pr. dag",
            interpreting.RULE,
            "Tolken har allerede fået zonetillæg den dag på en anden faktura. Afvis linjen, eller godkend "
            "og skriv hvorfor.",
            "Ingen tolk får zonetillæg to gange samme dag.",
        ),
        Check(
            "overlap",
            "Tolken er ikke to steder på samme tid",
            DUPLICATE_RULE,
            "Tolken er faktureret for en anden session på samme tid. Undersøg det, og afvis linjen, hvis "
            "sessionen ikke kan have fundet sted.",
            "Ingen tolk er faktureret for to sessioner på samme tid.",
        ),
        Check(
            "duplicate",
            "Linjen er ikke faktureret før",
            DUPLICATE_RULE,
            "Den samme session står på en anden faktura. Afvis linjen.",
            "Ingen linje står på en anden faktura.",
        ),
        Check(
            "outside_grant",
            "Sessionen ligger inden for bevillingen",
            "Bevillingen",
            "Afvis linjen: sessionen ligger uden for bevillingens periode.",
            "Alle sessioner ligger inden for bevillingens periode.",
        ),
        Check(
            "economic_link",
            "Tolken har ingen økonomisk forbindelse til brugeren eller arbejdsgiveren",
            LINK_RULE,
            "Der er registreret en økonomisk forbindelse. Afvis linjen, eller godkend og skriv hvorfor.",
            "Ingen registreret økonomisk forbindelse mellem tolkene og brugeren eller arbejdsgiveren.",
        ),
        Check(
            "disputed",
            "Borgeren har ikke afvist sessionen",
            ATTESTATION_RULE,
            "Borgeren siger, at sessionen ikke fandt sted som faktureret. Afvis linjen, eller godkend og "
            "skriv hvorfor.",
            "Borgeren har ikke afvist nogen session.",
        ),
    )
}


def _when(line: InvoiceLine) -> str:
    return f"{line.date:%d.%m.%Y} {line.start:%H:%M}–{line.end:%H:%M}"


def _where(other: InvoiceLine) -> str:
    """Another invoice's line, named without its user: it may be another municipality's person."""
    request = other.request
    agency = request.agency.name if request.agency else ""
    return (
        f"linje {other.position} på faktura {request.invoice_number} ({request.reference}) fra {agency}, "
        f"{request.municipality.name}, {request.get_status_display().lower()}"
    )


def _minutes(line: InvoiceLine) -> tuple[int, int]:
    start = line.start.hour * 60 + line.start.minute
    return start, start + line.minutes


class _Flags:
    """The findings of one run: flags per line (resolved when the line is rejected) and invoice results."""

    def __init__(self, request: PaymentRequest) -> None:
        self.request = request
        self.results: list[ControlResult] = []
        self.flagged: dict[str, int] = defaultdict(int)

    def flag(self, code: str, line: InvoiceLine, evidence: str, *, status: str = ControlStatus.FAIL) -> None:
        check = CHECKS[code]
        evidence = f"Linje {line.position} ({_when(line)}, {line.interpreter.name}): {evidence}"
        if line.status == LineStatus.REJECTED:
            why = f": {line.rejection_reason}" if line.rejection_reason else ""
            evidence = f"{REJECTED}{why}. Fundet: {evidence}"
            status = ControlStatus.PASS
        self.flagged[code] += 1
        self.results.append(
            _control_result(
                self.request,
                code,
                check.label,
                status,
                evidence,
                check.rule,
                officer_decides=check.decide,
                line=line,
            )
        )

    def close(self, codes: Iterable[str]) -> None:
        """A control that flagged nothing stores one passed result for the invoice."""
        for code in codes:
            if not self.flagged[code]:
                check = CHECKS[code]
                self.results.append(
                    _control_result(
                        self.request, code, check.label, ControlStatus.PASS, check.none_found, check.rule
                    )
                )


def invoice_controls_run(*, request: PaymentRequest) -> None:
    request.controls.all().delete()
    grant = Grant.objects.select_related("case__person", "case__employer").get(pk=request.grant_id)
    lines = list(request.invoice_lines.select_related("interpreter").order_by("position"))
    flags = _Flags(request)
    results = [*_declaration_results(request), _attestation_result(request)]
    flags.results.append(_hours_result(request, grant, lines))
    _claimed_and_zone(flags, lines)
    _others(flags, request, lines)
    for line in lines:
        if not grant.covers(line.date):
            ends = f"{grant.end_date:%d.%m.%Y}" if grant.end_date else "indtil videre"
            flags.flag("outside_grant", line, f"bevillingen gælder {grant.start_date:%d.%m.%Y}–{ends}.")
        if line.status == LineStatus.DISPUTED:
            said = f" Borgerens bemærkning: {line.dispute_reason}" if line.dispute_reason else ""
            flags.flag("disputed", line, f"borgeren har afvist sessionen.{said}")
    _economic_links(flags, grant, lines)
    flags.close(CHECKS)
    ControlResult.objects.bulk_create([*results, *flags.results])


def _declaration_results(request: PaymentRequest) -> list[ControlResult]:
    missing = declarations_missing_for_invoice(request)
    return [
        _control_result(
            request,
            "declarations",
            "Erklæringer på tro og love fra alle parter",
            ControlStatus.FAIL if missing else ControlStatus.PASS,
            "Mangler fra: " + "; ".join(m.label for m in missing) if missing else "Alle parter har erklæret.",
            DECLARATION_RULE,
            officer_decides="Fakturaen kan ikke betales, før alle parter har underskrevet. De er bedt om det."
            if missing
            else None,
        )
    ]


def _attestation_result(request: PaymentRequest) -> ControlResult:
    interpreters = set(request.invoice_lines.values_list("interpreter_id", flat=True))
    attested = set(
        request.attestations.filter(party=AttestationParty.USER).values_list("interpreter_id", flat=True)
    )
    awaiting = request.invoice_lines.filter(status=LineStatus.AWAITING).count()
    return _control_result(
        request,
        "attestation",
        "Borgeren har bekræftet sessionerne",
        ControlStatus.PASS if interpreters <= attested and not awaiting else ControlStatus.UNKNOWN,
        f"{awaiting} linje(r) afventer borgerens bekræftelse." if awaiting else "Alle linjer er bekræftet.",
        ATTESTATION_RULE,
    )


def _hours_result(request: PaymentRequest, grant: Grant, lines: list[InvoiceLine]) -> ControlResult:
    """BEK § 15 over the quarter: the invoice's billed hours plus the grant's other live invoices in the
    same quarter, against hours per week × the quarter's days within the grant / 7 (`allowed_hours`)."""
    mine: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.status != LineStatus.REJECTED:
            mine[rules.quarter_of(line.date)] += Decimal(line.pricing.get("billed_hours", "0"))
    if not mine:
        return _control_result(
            request,
            "hours",
            "Timer inden for bevillingens gennemsnit",
            ControlStatus.PASS,
            "Ingen linjer til betaling.",
            HOURS_RULE,
        )
    bounds = {q: rules.quarter_bounds(*q) for q in mine}
    others: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    invoices: dict[tuple[int, int], set[str]] = defaultdict(set)
    rows = (
        InvoiceLine.objects.filter(
            request__grant=grant,
            request__status__in=LIVE_STATUSES,
            date__gte=min(b[0] for b in bounds.values()),
            date__lte=max(b[1] for b in bounds.values()),
        )
        .exclude(request=request)
        .exclude(status=LineStatus.REJECTED)
        .values_list("date", "pricing", "request__invoice_number")
    )
    for day, pricing, number in rows:
        quarter = rules.quarter_of(day)
        if quarter in mine:
            others[quarter] += Decimal(pricing.get("billed_hours", "0"))
            invoices[quarter].add(number)
    parts, over = [], False
    for quarter in sorted(mine):
        first = max(bounds[quarter][0], grant.start_date)
        last = min(bounds[quarter][1], grant.end_date) if grant.end_date else bounds[quarter][1]
        days = (last - first).days + 1 if last >= first else 0
        allowed = rules.allowed_hours(grant.hours_per_week, first, last) if days else Decimal(0)
        used = mine[quarter] + others[quarter]
        over = over or used > allowed
        named = f" ({', '.join(sorted(invoices[quarter]))})" if invoices[quarter] else ""
        parts.append(
            f"{quarter[1]}. kvartal {quarter[0]}: denne faktura {_h(mine[quarter])} t + andre fakturaer "
            f"{_h(others[quarter])} t{named} = {_h(used)} t; bevillingen giver {_h(allowed)} t "
            f"({_h(grant.hours_per_week)} t/uge × {days} dage / 7)"
        )
    return _control_result(
        request,
        "hours",
        "Timer inden for bevillingens gennemsnit",
        ControlStatus.FAIL if over else ControlStatus.PASS,
        "; ".join(parts) + ".",
        HOURS_RULE,
        officer_decides="Timerne er over bevillingens gennemsnit i kvartalet. Afvis de linjer, der ikke skal "
        "betales, eller godkend og skriv hvorfor."
        if over
        else None,
    )


def _h(hours: Decimal) -> str:
    return pa.format_hours(Decimal(hours))


def _zone_components(line: InvoiceLine) -> list[dict[str, str]]:
    return [c for c in line.pricing.get("components", []) if c.get("kind") == "zone"]


def _claimed_and_zone(flags: _Flags, lines: list[InvoiceLine]) -> None:
    if not lines:
        return
    # The lowest zone supplement in force over the invoice's period (rates seldom change inside a month;
    # two reads, whatever the number of lines).
    lowest = min(
        interpreting_rates_on(day=day).zone[1]
        for day in {min(x.date for x in lines), max(x.date for x in lines)}
    )
    for line in lines:
        over = line.claimed - line.computed
        if line.claimed != line.computed:
            paid = min(line.claimed, line.computed)
            flags.flag(
                "claimed_computed",
                line,
                f"faktureret {kr(line.claimed)}, beregnet {kr(line.computed)} "
                f"({'mere' if over > 0 else 'mindre'} end beregnet: {kr(abs(over))}); "
                f"der betales {kr(paid)}",
            )
        if line.remote and (line.zone is not None or over >= lowest):
            found = []
            if line.zone is not None:
                found.append(f"linjen angiver zone {line.zone}, selv om den er fjerntolkning")
            if over >= lowest:
                found.append(
                    f"bureauet har faktureret {kr(over)} mere end beregnet, mindst et zonetillæg "
                    f"(zone 1: {kr(lowest)})"
                )
            flags.flag("remote_zone", line, "; ".join(found) + ". Fjerntolkning giver aldrig zonetillæg.")


def _others(flags: _Flags, request: PaymentRequest, lines: list[InvoiceLine]) -> None:
    """Overlap, duplicate and a second zone supplement, against every other live line of the same
    interpreters on the same dates — any user, any municipality — in one query."""
    if not lines:
        return
    others = list(
        InvoiceLine.objects.filter(
            interpreter_id__in={x.interpreter_id for x in lines},
            date__in={x.date for x in lines},
            request__status__in=LIVE_STATUSES,
        )
        .exclude(status=LineStatus.REJECTED)
        .select_related("request__agency", "request__municipality")
        .order_by("date", "start", "pk")
    )
    by_key: dict[tuple[int, dt.date], list[InvoiceLine]] = defaultdict(list)
    for other in others:
        by_key[(other.interpreter_id, other.date)].append(other)
    for line in lines:
        same_day = [o for o in by_key[(line.interpreter_id, line.date)] if o.pk != line.pk]
        start, end = _minutes(line)
        duplicates, overlaps = [], []
        for other in same_day:
            o_start, o_end = _minutes(other)
            if other.request.grant_id == request.grant_id and (o_start, o_end) == (start, end):
                duplicates.append(other)
            elif o_start < end and start < o_end:
                overlaps.append(other)
        if duplicates:
            flags.flag(
                "duplicate",
                line,
                "den samme session står også som " + "; ".join(_where(o) for o in duplicates) + ".",
            )
        if overlaps:
            flags.flag(
                "overlap",
                line,
                "tolken er også faktureret for "
                + "; ".join(f"{o.start:%H:%M}–{o.end:%H:%M}: {_where(o)}" for o in overlaps)
                + ".",
            )
        zone = _zone_components(line)
        if zone:
            elsewhere = [o for o in same_day if o.request_id != request.pk and _zone_components(o)]
            if elsewhere:
                flags.flag(
                    "zone_twice",
                    line,
                    f"linjen har zonetillæg {kr(Decimal(zone[0]['amount']))}, og tolken har allerede "
                    "zonetillæg samme dag på " + "; ".join(_where(o) for o in elsewhere) + ".",
                )


def _economic_links(flags: _Flags, grant: Grant, lines: list[InvoiceLine]) -> None:
    case = grant.case
    parties = Q(person_id=case.person_id)
    if case.employer_id:
        parties |= Q(employer_id=case.employer_id)
    links: dict[int, list[EconomicLink]] = defaultdict(list)
    for link in EconomicLink.objects.filter(parties, interpreter_id__in={x.interpreter_id for x in lines}):
        links[link.interpreter_id].append(link)
    for line in lines:
        for link in links[line.interpreter_id]:
            to = "brugeren" if link.person_id == case.person_id else "arbejdsgiveren"
            flags.flag(
                "economic_link",
                line,
                f"registreret forbindelse til {to} ({link.registered_at:%d.%m.%Y}): {link.description}",
            )
