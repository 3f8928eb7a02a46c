"""The controls run on a submitted request, each with pass / fail / could-not-check and evidence."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from kompensation import formats
from kompensation.cases.models import AssistantKind, EmploymentType
from kompensation.registers.cvr import cvr_register
from kompensation.registers.errors import UNAVAILABLE
from kompensation.registers.income import income_register
from kompensation.rules import pa
from kompensation.rules import payments as rules

from ..models import (
    ControlResult,
    ControlStatus,
    InvoiceLine,
    PaymentRequest,
)
from .calculation import allowed_for, counted_hours
from .money import kr

# What the officer must decide when a control does not pass; the hours control, which has acted itself, and
# the ones whose text depends on the finding set their own.
NOTHING_DONE = "Intet: beløbet er ikke ændret."
DECIDE: dict[str, str] = {
    "grant_period": "Ret beløbet til de dage, der ligger i bevillingen, eller afvis anmodningen.",
    "three_months": "Ret beløbet til perioden fra den tidligste dato, eller afvis anmodningen.",
    "on_time": "Beslut, om anmodningen alligevel betales, og skriv hvorfor.",
    "cvr": "Afvis, hvis virksomheden ikke var aktiv i perioden. Godkender du, så skriv hvorfor.",
    "eindkomst": "Se lønsedlen, og afvis, hvis lønnen ikke er udbetalt. Godkender du, så skriv hvorfor.",
    "expenses": "Ret udgifterne til det dokumenterede, eller bed virksomheden om kvitteringerne.",
    "payslips": "Bed virksomheden om lønsedlen, eller afvis anmodningen. Godkender du, så skriv hvorfor.",
}
UNKNOWN_DECIDE = "Kontrollér det selv, fx ved at slå op i registret. Godkender du, så skriv hvad du fandt."


def signed_kr(amount: Decimal) -> str:
    """A deduction the way a reader sees it: «−262,50 kr.» with a real minus sign."""
    return ("−" if amount < 0 else "") + kr(abs(amount))


def _control(
    request: PaymentRequest,
    code: str,
    label: str,
    status: str,
    evidence: str,
    rule: str,
    *,
    action_taken: str | None = None,
    officer_decides: str | None = None,
    line: InvoiceLine | None = None,
) -> None:
    _control_result(
        request,
        code,
        label,
        status,
        evidence,
        rule,
        action_taken=action_taken,
        officer_decides=officer_decides,
        line=line,
    ).save()


def _control_result(
    request: PaymentRequest,
    code: str,
    label: str,
    status: str,
    evidence: str,
    rule: str,
    *,
    action_taken: str | None = None,
    officer_decides: str | None = None,
    line: InvoiceLine | None = None,
) -> ControlResult:
    """The finding, unsaved: the interpreting controls store a flag per line in one `bulk_create`."""
    if status == ControlStatus.PASS:
        action_taken, officer_decides = action_taken or "", officer_decides or ""
    else:
        action_taken = NOTHING_DONE if action_taken is None else action_taken
        if officer_decides is None:
            officer_decides = UNKNOWN_DECIDE if status == ControlStatus.UNKNOWN else DECIDE.get(code, "")
    return ControlResult(
        request=request,
        line=line,
        code=code,
        label=label,
        status=status,
        evidence=evidence,
        rule=rule,
        action_taken=action_taken,
        officer_decides=officer_decides,
    )


def _hours_control(request: PaymentRequest) -> None:
    """BEK § 15 over the quarter: the calculation has already cut what the quarter does not allow."""
    grant = request.grant
    calc_hours = Decimal(request.calculation.get("hours", "0"))
    requested = sum((h.hours for h in request.hours.all()), Decimal(0))
    allowed = allowed_for(request)
    used = sum((c.hours for c in counted_hours(request)), Decimal(0))
    deducted = sum(
        (
            Decimal(line["amount"])
            for line in request.calculation.get("lines", [])
            if line["code"] in rules.DEDUCTION_CODES
        ),
        Decimal(0),
    )
    year, quarter = rules.quarter_of(request.period_start)
    frame = (
        f"{quarter}. kvartal {year} giver plads til {_h(allowed)} timer indtil nu "
        f"({_h(grant.hours_per_week)} timer/uge i gennemsnit over kvartalet; "
        f"{_h(used)} timer brugt af andre anmodninger i kvartalet)"
        if rules.quarter_of(request.period_start) == rules.quarter_of(request.period_end)
        else f"perioden giver plads til {_h(allowed)} timer ({_h(grant.hours_per_week)} timer/uge)"
    )
    within = requested <= allowed
    cut = requested - calc_hours
    _control(
        request,
        "hours",
        "Timer inden for bevillingens gennemsnit",
        ControlStatus.PASS if within else ControlStatus.FAIL,
        f"Anmodet {_h(requested)} timer; {frame}. Til betaling: {_h(calc_hours)} timer.",
        "BEK § 15 (gennemsnit pr. kvartal)",
        action_taken=(
            "Ingen: timerne er inden for gennemsnittet."
            if within
            else f"{_h(cut)} t over gennemsnittet er trukket fra: {signed_kr(deducted)}"
        ),
        officer_decides=(
            ""
            if within
            else "Godkend det beregnede beløb, hvor fradraget allerede er trukket fra. Ret kun beløbet, "
            "hvis timerne skal vurderes anderledes, og træk ikke fradraget fra igen."
        ),
    )


def _h(hours: Decimal) -> str:
    return pa.format_hours(Decimal(hours))


def payment_request_run_controls(*, request: PaymentRequest) -> list[ControlResult]:
    """Every control, with pass / fail / could-not-check and its evidence (pa-rules.md: Payment)."""
    request.controls.all().delete()
    grant = request.grant
    case = grant.case
    _hours_control(request)
    refusal = grant.period_refusal(request.period_start, request.period_end)
    _control(
        request,
        "grant_period",
        "Perioden ligger inden for bevillingen",
        ControlStatus.FAIL if refusal else ControlStatus.PASS,
        refusal
        or (
            f"Bevilling {grant.start_date:%d.%m.%Y}–{grant.last_day:%d.%m.%Y}"
            if grant.last_day
            else f"Bevilling fra {grant.start_date:%d.%m.%Y} indtil videre"
        ),
        "Bevillingen",
        action_taken="Udbetalingen er blokeret." if refusal else "",
    )
    earliest = rules.earliest_payable(case.received_on)
    _control(
        request,
        "three_months",
        "Ikke mere end 3 måneder før ansøgningen",
        ControlStatus.PASS if request.period_start >= earliest else ControlStatus.FAIL,
        f"Ansøgning modtaget {case.received_on:%d.%m.%Y}; tidligst {earliest:%d.%m.%Y}.",
        "BEK § 25 stk. 5",
    )
    submitted = timezone.localdate(request.submitted_at) if request.submitted_at else timezone.localdate()
    deadline = rules.request_deadline(request.period_end)
    _control(
        request,
        "on_time",
        "Anmodningen er kommet til tiden",
        ControlStatus.FAIL if request.late else ControlStatus.PASS,
        f"Frist {deadline:%d.%m.%Y}; modtaget {submitted:%d.%m.%Y}.",
        "BEK § 27",
        action_taken="Anmodningen er markeret som for sent indsendt; intet er trukket fra."
        if request.late
        else "",
    )
    _cvr_control(request)
    _income_controls(request)
    _expense_control(request)
    assistants = {h.assistant for h in request.hours.all()}
    slips = {p.assistant for p in request.payslips.filter(kind="payslip")}
    missing = sorted(a for a in assistants if a not in slips)
    _control(
        request,
        "payslips",
        "Lønsedler vedhæftet for hver assistent",
        ControlStatus.PASS if slips and not missing else ControlStatus.FAIL,
        "Mangler for: " + ", ".join(missing) if missing else f"{len(slips)} assistent(er) med lønseddel.",
        "BEK § 27",
    )
    return list(request.controls.all())


def _cvr_control(request: PaymentRequest) -> None:
    """A register that does not answer is recorded as 'could not check', never as a refused submission."""
    try:
        company = cvr_register().lookup(request.payee_cvr)
    except UNAVAILABLE:
        _control(
            request,
            "cvr",
            "Virksomheden er aktiv i CVR i perioden",
            ControlStatus.UNKNOWN,
            "Kunne ikke kontrolleres: CVR-registret svarede ikke.",
            "CVR-registret",
        )
        return
    if company is None:
        _control(
            request,
            "cvr",
            "Virksomheden findes i CVR",
            ControlStatus.FAIL,
            f"CVR {request.payee_cvr} findes ikke i CVR-registret.",
            "CVR-registret",
        )
    else:
        active = company.active_on(request.period_start) and company.active_on(request.period_end)
        _control(
            request,
            "cvr",
            "Virksomheden er aktiv i CVR i perioden",
            ControlStatus.PASS if active else ControlStatus.FAIL,
            f"{company.name}: aktiv fra {company.active_from:%d.%m.%Y}"
            + (f" til {company.active_to:%d.%m.%Y}" if company.active_to else ""),
            "CVR-registret",
        )


def _expense_control(request: PaymentRequest) -> None:
    expenses = list(request.expenses.select_related("trip"))
    if not expenses:
        return
    receipts = request.payslips.filter(kind="receipt").count()
    problems = []
    for expense in expenses:
        if expense.trip is not None and expense.amount > expense.trip.estimated_cost:
            problems.append(
                f"{expense.description}: {formats.amount(expense.amount)} er over de anslåede "
                f"{formats.amount(expense.trip.estimated_cost)}"
            )
    if receipts < len(expenses):
        problems.append(f"{len(expenses)} udgift(er), men {receipts} kvittering(er).")
    _control(
        request,
        "expenses",
        "Udgifter er dokumenteret og inden for den godkendte rejse",
        ControlStatus.FAIL if problems else ControlStatus.PASS,
        "; ".join(problems) or f"{len(expenses)} udgift(er) med kvittering.",
        "Godkendt rejse, kvitteringer",
    )


def _income_controls(request: PaymentRequest) -> None:
    register = income_register()
    case = request.grant.case
    application = getattr(case, "application", None)
    people: list[tuple[str, str]] = []
    if application is None or application.employment_type != EmploymentType.SELF_EMPLOYED:
        people.append((case.person.name, case.person.cpr))
    for assistant in request.grant.decision.assistants.filter(kind=AssistantKind.INTERNAL):
        people.append((assistant.name, assistant.cpr))
    if not people:
        _control(
            request,
            "eindkomst",
            "Løn i eIndkomst",
            ControlStatus.UNKNOWN,
            "Selvstændig med ekstern assistent: ingen lønindberetning at kontrollere.",
            "eIndkomst",
        )
        return
    lines, status = [], ControlStatus.PASS
    for name, cpr in people:
        try:
            paid = register.wages_paid(
                cvr=request.payee_cvr, cpr=cpr, start=request.period_start, end=request.period_end
            )
        except UNAVAILABLE:
            paid = None
        if paid is None:
            status = ControlStatus.UNKNOWN if status == ControlStatus.PASS else status
            lines.append(f"{name}: kunne ikke kontrolleres, eIndkomst svarede ikke")
        elif paid <= 0:
            status = ControlStatus.FAIL
            lines.append(f"{name}: ingen løn fra CVR {request.payee_cvr} i perioden")
        else:
            lines.append(f"{name}: løn indberettet ({formats.amount(paid)})")
    _control(
        request,
        "eindkomst",
        "Person og assistent har fået løn fra virksomheden",
        status,
        "; ".join(lines),
        "eIndkomst",
    )
