"""Every state change of a payment: request, controls, approval, correction, batch, repayment."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases.documents import check_document
from kompensation.cases.models import AssistantKind, EmploymentType, EventType, Grant, GrantStatus
from kompensation.cases.services import case_event_record
from kompensation.letters import services as letters
from kompensation.letters.compose import repayment_letter
from kompensation.letters.models import LetterKind
from kompensation.registers.cvr import cvr_register
from kompensation.registers.income import income_register
from kompensation.rules import payments as rules

from .models import (
    ApprovedTrip,
    CalculationMode,
    ControlResult,
    ControlStatus,
    Correction,
    ExpenseEntry,
    ExpenseKind,
    HoursEntry,
    Offset,
    PaymentRequest,
    PaymentSettings,
    Payout,
    PayoutBatch,
    Payslip,
    RateKind,
    RateRow,
    RepaymentClaim,
    RequestStatus,
    SupplementEntry,
)

PAYSLIP_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


# --- rate table ------------------------------------------------------------------------------------


def rates_for(kind: str, seniority: int = 0) -> list[rules.Rate]:
    return [
        rules.Rate(ref=str(row.pk), valid_from=row.valid_from, hourly=row.value)
        for row in RateRow.objects.filter(kind=kind, seniority=seniority).order_by("valid_from")
    ]


def seniority_steps() -> list[int]:
    """The seniority steps the standard rate table has rows for (Køge checklist 6)."""
    return sorted(
        set(RateRow.objects.filter(kind=RateKind.STANDARD_HOURLY).values_list("seniority", flat=True))
    )


def _seniority_rates() -> dict[int, list[rules.Rate]]:
    return {step: rates_for(RateKind.STANDARD_HOURLY, step) for step in seniority_steps() if step}


def rate_row_add(
    *, user: User, kind: str, valid_from: dt.date, value: Decimal, source: str = "", seniority: int = 0
) -> RateRow:
    if user.role not in (Role.PAYMENT_OFFICER, Role.MANAGER):
        raise PermissionDenied("Kun ydelsesmedarbejdere og ledere kan indtaste satser.")
    errors: dict[str, str] = {}
    if kind not in RateKind.values:
        errors["kind"] = "Vælg hvilken sats det er."
    if value is None or value < 0:
        errors["value"] = "Satsen kan ikke være negativ."
    elif kind == RateKind.STANDARD_PERCENTAGE and value > 100:
        errors["value"] = "En procent kan højst være 100."
    if seniority < 0 or seniority > 20:
        errors["seniority"] = "Anciennitetstrinnet skal ligge mellem 0 og 20."
    if RateRow.objects.filter(kind=kind, seniority=seniority, valid_from=valid_from).exists():
        errors["valid_from"] = "Der findes allerede en sats fra den dato. En ny sats skal have en ny dato."
    if errors:
        raise ValidationError(errors)
    return RateRow.objects.create(
        kind=kind, seniority=seniority, valid_from=valid_from, value=value, source=source, entered_by=user
    )


def requests_affected_by(row: RateRow) -> list[PaymentRequest]:
    """Open requests whose period reaches the new rate; settled payments keep the rows they used."""
    return list(
        PaymentRequest.objects.filter(
            status__in=[RequestStatus.DRAFT, RequestStatus.SUBMITTED], period_end__gte=row.valid_from
        ).select_related("employer")
    )


def period_parts(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The period split at each rate change, so hours before and after use their own rate."""
    every_step = RateRow.objects.filter(
        kind=RateKind.STANDARD_HOURLY, valid_from__gt=start, valid_from__lte=end
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


# --- the employer's request ------------------------------------------------------------------------


def _require_employer_of(grant: Grant, user: User) -> None:
    employer = grant.case.employer
    if user.role != Role.EMPLOYER or employer is None or employer.cvr != user.cvr:
        raise PermissionDenied("Bevillingen tilhører ikke jeres virksomhed (CVR-nummer).")


def _period_errors(grant: Grant, start: dt.date, end: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if end < start:
        errors["period"] = "Periodens slutdato skal ligge efter startdatoen."
    elif end < grant.start_date or (grant.end_date is not None and start > grant.end_date):
        slut = f"{grant.end_date:%d.%m.%Y}" if grant.end_date else "indtil videre"
        errors["period"] = f"Perioden ligger uden for bevillingen ({grant.start_date:%d.%m.%Y}–{slut})."
    elif start > timezone.localdate():
        errors["period"] = "Der kan ikke anmodes om udbetaling for en periode, der ikke er begyndt."
    return errors


def _calculate(request: PaymentRequest) -> rules.Calculation:
    grant = request.grant
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
    start = max(request.period_start, grant.start_date)
    end = min(request.period_end, grant.end_date) if grant.end_date else request.period_end
    allowed = rules.allowed_hours(grant.hours_per_week, start, end)
    standard = rates_for(RateKind.STANDARD_HOURLY)
    if request.mode == CalculationMode.SIMPLIFIED:
        percentage = rules.rate_on(
            rates_for(RateKind.STANDARD_PERCENTAGE),
            request.period_start,
        )
        return rules.calculate_simplified(
            hours=hours,
            standard_rates=standard,
            standard_percentage=percentage.hourly,
            raised_rates=rates_for(RateKind.RAISED_HOURLY),
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
        raised_rates=rates_for(RateKind.RAISED_HOURLY),
        seniority_rates=_seniority_rates(),
        allowed_hours=allowed,
    )


def trip_approve(
    *, user: User, grant: Grant, purpose: str, start: dt.date, end: dt.date, estimated_cost: Decimal
) -> ApprovedTrip:
    """Each work trip needs its own approval before its travel costs can be refunded."""
    if user.role != Role.CASEWORKER or user.municipality_id != grant.case.municipality_id:
        raise PermissionDenied("Kun en sagsbehandler i kommunen kan godkende rejser.")
    errors: dict[str, str] = {}
    if not purpose.strip():
        errors["purpose"] = "Skriv rejsens formål."
    if end < start:
        errors["end"] = "Slutdatoen skal ligge efter startdatoen."
    elif not (grant.covers(start) and grant.covers(end)):
        errors["start"] = "Rejsen skal ligge inden for bevillingens periode."
    if estimated_cost is None or estimated_cost <= 0:
        errors["estimated_cost"] = "De anslåede udgifter skal være større end 0."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        trip = ApprovedTrip.objects.create(
            grant=grant,
            purpose=purpose.strip()[:300],
            start=start,
            end=end,
            estimated_cost=estimated_cost,
            approved_by=user,
        )
        case_event_record(
            grant.case,
            EventType.TRIP_APPROVED,
            user,
            trip_id=trip.pk,
            purpose=trip.purpose,
            estimated_cost=str(estimated_cost),
        )
    return trip


def _expense_errors(
    grant: Grant, start: dt.date, end: dt.date, expenses: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for row in expenses:
        key = "travel" if row["kind"] == ExpenseKind.TRAVEL else "other"
        if row.get("amount") is None or row["amount"] <= 0:
            errors[f"{key}_amount"] = "Beløbet skal være større end 0."
        if row["kind"] == ExpenseKind.TRAVEL:
            trip = row.get("trip")
            if trip is None or trip.grant_id != grant.pk:
                errors["travel_trip"] = "Vælg en rejse, jobcentret har godkendt."
            elif trip.end < start or trip.start > end:
                errors["travel_trip"] = "Rejsen ligger ikke i perioden."
        elif not (row.get("description") or "").strip():
            errors["other_description"] = "Beskriv udgiften, og hvad der forpligter virksomheden til den."
    return errors


def payment_request_save_draft(
    *,
    user: User,
    grant: Grant,
    period_start: dt.date,
    period_end: dt.date,
    hours: Sequence[Mapping[str, Any]],
    supplements: Sequence[Mapping[str, Any]] = (),
    expenses: Sequence[Mapping[str, Any]] = (),
    request: PaymentRequest | None = None,
) -> PaymentRequest:
    """Store the employer's hours (and supplements) and compute the amount before they sign."""
    _require_employer_of(grant, user)
    if grant.status != GrantStatus.ACTIVE:
        raise ValidationError("Bevillingen er standset. Der kan ikke anmodes om udbetaling.")
    errors = _period_errors(grant, period_start, period_end)
    for index, row in enumerate(hours):
        value = row.get("hours")
        if value is None or value < 0:
            errors[f"hours-{index}"] = "Timer kan ikke være negative."
        elif value % Decimal("0.5") != 0:
            errors[f"hours-{index}"] = "Timer skal angives i hele eller halve timer, fx 7,5."
        if (
            row.get("start")
            and row.get("end")
            and not (period_start <= row["start"] <= row["end"] <= period_end)
        ):
            errors[f"hours-{index}"] = "Timerne skal ligge inden for perioden."
    errors |= _expense_errors(grant, period_start, period_end, expenses)
    if not any((row.get("hours") or 0) > 0 for row in hours):
        errors.setdefault("hours", "Angiv timer for mindst én assistent.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if request is None:
            request = PaymentRequest(grant=grant, created_by=user)
        elif request.status != RequestStatus.DRAFT:
            raise ValidationError("Anmodningen er sendt og kan ikke ændres.")
        request.municipality = grant.case.municipality
        request.employer = grant.case.employer  # type: ignore[assignment]
        request.period_start, request.period_end = period_start, period_end
        request.mode = municipality_mode(request.municipality)
        request.save()
        request.hours.all().delete()
        request.supplements.all().delete()
        request.expenses.all().delete()
        ExpenseEntry.objects.bulk_create(
            ExpenseEntry(
                request=request,
                kind=e["kind"],
                trip=e.get("trip"),
                amount=e["amount"],
                description=(e.get("description") or (str(e["trip"]) if e.get("trip") else ""))[:300],
            )
            for e in expenses
        )
        HoursEntry.objects.bulk_create(
            HoursEntry(
                request=request,
                assistant=r["assistant"],
                start=r.get("start") or period_start,
                end=r.get("end") or period_end,
                hours=r["hours"],
                rate_kind=grant.rate_type or "standard",
                seniority=r.get("seniority") or 0,
            )
            for r in hours
            if r["hours"]
        )
        SupplementEntry.objects.bulk_create(
            SupplementEntry(
                request=request,
                kind=s["kind"],
                assistant=s["assistant"],
                amount=s.get("amount"),
                percentage=s.get("percentage"),
                basis=s.get("basis"),
            )
            for s in supplements
        )
        try:
            calculation = _with_expenses(_calculate(request), request)
        except ValueError as exc:
            transaction.set_rollback(True)
            raise ValidationError({"hours": str(exc)}) from exc
        request.calculation = _calculation_json(calculation)
        request.requested_total = calculation.total
        request.save(update_fields=["calculation", "requested_total"])
    return request


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


def payslip_add(
    *,
    user: User,
    request: PaymentRequest,
    upload: UploadedFile,
    assistant: str = "",
    kind: str = "payslip",
    field: str = "payslip",
) -> Payslip:
    _require_employer_of(request.grant, user)
    if request.status != RequestStatus.DRAFT:
        raise ValidationError("Anmodningen er sendt og kan ikke ændres.")
    checked = check_document(upload, field=field)
    if checked.content_type not in PAYSLIP_TYPES:
        what = "Kvitteringen" if kind == "receipt" else "Lønsedlen"
        raise ValidationError(
            {field: f"{what} «{checked.name}» skal være en PDF eller et billede (JPG/PNG)."}
        )
    payslip = Payslip(
        request=request,
        kind=kind,
        assistant=assistant[:200],
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
    )
    payslip.file.save(checked.sha256, ContentFile(checked.content), save=False)
    payslip.save()
    return payslip


def payment_request_submit(
    *,
    user: User,
    request: PaymentRequest,
    declaration: bool,
    idempotency_key: str,
) -> PaymentRequest:
    """Sign on solemn declaration. The same key twice, or the same period twice, is never paid twice."""
    if not idempotency_key:
        raise ValidationError("Anmodningen mangler sin engangsnøgle. Genindlæs siden, og prøv igen.")
    replay = PaymentRequest.objects.filter(idempotency_key=idempotency_key).first()
    if replay is not None:
        raise ValidationError(
            f"Anmodningen er allerede modtaget ({replay.reference}). Den bliver ikke behandlet to gange."
        )
    _require_employer_of(request.grant, user)
    errors: dict[str, str] = {}
    if request.status != RequestStatus.DRAFT:
        errors["request"] = "Anmodningen er allerede sendt."
    if not declaration:
        errors["declaration"] = "Virksomheden skal bekræfte på tro og love, at oplysningerne er rigtige."
    if Grant.objects.filter(pk=request.grant_id).values_list("status", flat=True).get() != GrantStatus.ACTIVE:
        errors["request"] = "Bevillingen er standset. Der kan ikke anmodes om udbetaling."
    overlapping = (
        PaymentRequest.objects.filter(
            grant=request.grant,
            period_start__lte=request.period_end,
            period_end__gte=request.period_start,
            status__in=[RequestStatus.SUBMITTED, RequestStatus.APPROVED, RequestStatus.PAID],
        )
        .exclude(pk=request.pk)
        .first()
    )
    if overlapping is not None:
        errors["period"] = (
            f"Der er allerede anmodet om udbetaling for perioden ({overlapping.reference}). "
            "Kontakt jobcentret, hvis den skal rettes."
        )
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            request.idempotency_key = idempotency_key
            request.status = RequestStatus.SUBMITTED
            request.submitted_at = timezone.now()
            request.declaration = True
            request.payout_due = rules.payout_due(today)
            request.late = rules.is_late(request.period_end, today)
            request.save()
            payment_request_run_controls(request=request)
            case_event_record(
                request.grant.case,
                EventType.PAYMENT_REQUESTED,
                user,
                request_id=request.pk,
                period=f"{request.period_start}–{request.period_end}",
                amount=str(request.requested_total),
                late=request.late,
            )
    except IntegrityError as exc:
        raise ValidationError(
            "Anmodningen er allerede modtaget. Den bliver ikke behandlet to gange."
        ) from exc
    return request


# --- controls --------------------------------------------------------------------------------------


def _control(request: PaymentRequest, code: str, label: str, status: str, evidence: str, rule: str) -> None:
    ControlResult.objects.create(
        request=request, code=code, label=label, status=status, evidence=evidence, rule=rule
    )


def payment_request_run_controls(*, request: PaymentRequest) -> list[ControlResult]:
    """Every control, with pass / fail / could-not-check and its evidence (pa-rules.md: Payment)."""
    request.controls.all().delete()
    grant = request.grant
    case = grant.case
    calc_hours = Decimal(request.calculation.get("hours", "0"))
    start = max(request.period_start, grant.start_date)
    end = min(request.period_end, grant.end_date) if grant.end_date else request.period_end
    allowed = rules.allowed_hours(grant.hours_per_week, start, end)
    requested = sum((h.hours for h in request.hours.all()), Decimal(0))
    _control(
        request,
        "hours",
        "Timer inden for bevillingens gennemsnit",
        ControlStatus.PASS if requested <= allowed else ControlStatus.FAIL,
        f"Anmodet {requested} timer; bevillingen giver {allowed} timer i perioden "
        f"({grant.hours_per_week} timer/uge). Beregnet til betaling: {calc_hours} timer.",
        "BEK § 15 (gennemsnit pr. kvartal)",
    )
    inside = grant.covers(request.period_start) and grant.covers(request.period_end)
    _control(
        request,
        "grant_period",
        "Perioden ligger inden for bevillingen",
        ControlStatus.PASS if inside else ControlStatus.FAIL,
        f"Bevilling {grant.start_date:%d.%m.%Y}–{grant.end_date:%d.%m.%Y}"
        if grant.end_date
        else f"Bevilling fra {grant.start_date:%d.%m.%Y} indtil videre",
        "Bevillingen",
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
    )
    company = cvr_register().lookup(request.employer.cvr)
    if company is None:
        _control(
            request,
            "cvr",
            "Virksomheden findes i CVR",
            ControlStatus.FAIL,
            f"CVR {request.employer.cvr} findes ikke i CVR-registret.",
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
    _control(
        request,
        "grant_active",
        "Bevillingen er ikke standset",
        ControlStatus.PASS if grant.status == GrantStatus.ACTIVE else ControlStatus.FAIL,
        grant.get_status_display(),
        "BEK § 29",
    )
    return list(request.controls.all())


def _expense_control(request: PaymentRequest) -> None:
    expenses = list(request.expenses.select_related("trip"))
    if not expenses:
        return
    receipts = request.payslips.filter(kind="receipt").count()
    problems = []
    for expense in expenses:
        if expense.trip is not None and expense.amount > expense.trip.estimated_cost:
            problems.append(
                f"{expense.description}: {expense.amount} kr. er over de anslåede "
                f"{expense.trip.estimated_cost} kr."
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
        paid = register.wages_paid(
            cvr=request.employer.cvr, cpr=cpr, start=request.period_start, end=request.period_end
        )
        if paid is None:
            status = ControlStatus.UNKNOWN if status == ControlStatus.PASS else status
            lines.append(f"{name}: eIndkomst svarede ikke")
        elif paid <= 0:
            status = ControlStatus.FAIL
            lines.append(f"{name}: ingen løn fra CVR {request.employer.cvr} i perioden")
        else:
            lines.append(f"{name}: løn indberettet ({paid} kr.)")
    _control(
        request,
        "eindkomst",
        "Person og assistent har fået løn fra virksomheden",
        status,
        "; ".join(lines),
        "eIndkomst",
    )


# --- settlement ------------------------------------------------------------------------------------


def _require_officer(user: User, request: PaymentRequest) -> None:
    if user.role != Role.PAYMENT_OFFICER or user.municipality_id != request.municipality_id:
        raise PermissionDenied("Kun en ydelsesmedarbejder i kommunen kan behandle anmodningen.")
    if request.grant.decision.decided_by_id == user.pk:
        raise PermissionDenied(
            "Den, der har truffet afgørelsen om bevillingen, kan ikke godkende udbetalingen."
        )


def payment_request_correct(
    *, user: User, request: PaymentRequest, new_total: Decimal, reason: str, line: str = "total"
) -> Correction:
    """Correct one calculation line, or the total, with a reason the employer is shown."""
    _require_officer(user, request)
    errors: dict[str, str] = {}
    lines = request.calculation.get("lines", [])
    if request.status != RequestStatus.SUBMITTED:
        errors["new_total"] = "Kun modtagne anmodninger kan rettes."
    if line != "total" and not (line.isdigit() and int(line) < len(lines)):
        errors["line"] = "Vælg den linje, der skal rettes."
    if not reason.strip():
        errors["reason"] = "Skriv begrundelsen for rettelsen. Virksomheden kan se den."
    if errors:
        raise ValidationError(errors)
    total, amounts = _corrected(request)
    old = total if line == "total" else amounts[int(line)]
    after = new_total if line == "total" else total - old + new_total
    if new_total is None or after < 0 or (line == "total" and new_total < 0):
        raise ValidationError({"new_total": "Rettelsen kan ikke gøre det samlede beløb negativt."})
    return Correction.objects.create(
        request=request,
        line_code=line,
        label="Samlet beløb" if line == "total" else str(lines[int(line)]["label"])[:200],
        old_amount=old,
        new_amount=new_total,
        reason=reason.strip(),
        by=user,
    )


def _corrected(request: PaymentRequest) -> tuple[Decimal, dict[int, Decimal]]:
    """The total and each line's amount after the corrections, applied in the order they were made."""
    amounts = {i: Decimal(line["amount"]) for i, line in enumerate(request.calculation.get("lines", []))}
    total = request.requested_total or Decimal(0)
    for correction in request.corrections.order_by("at", "id"):
        if correction.line_code == "total":
            total = correction.new_amount
        else:
            index = int(correction.line_code)
            total += correction.new_amount - amounts[index]
            amounts[index] = correction.new_amount
    return total, amounts


def payment_request_total(request: PaymentRequest) -> Decimal:
    return _corrected(request)[0]


def payment_request_approve(*, user: User, request: PaymentRequest, late_reason: str = "") -> Payout:
    """Approve and create the payout; the one-to-one payout row makes a second approval impossible."""
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        _require_officer(user, request)
        if request.status != RequestStatus.SUBMITTED:
            raise ValidationError("Anmodningen er allerede behandlet.")
        if request.late and not late_reason.strip():
            raise ValidationError(
                {"late_reason": "Anmodningen kom for sent. Skriv hvorfor den alligevel betales."}
            )
        if (
            Grant.objects.filter(pk=request.grant_id).values_list("status", flat=True).get()
            != GrantStatus.ACTIVE
        ):
            raise ValidationError("Bevillingen er standset. Udbetalingen er blokeret.")
        gross = payment_request_total(request)
        net, applied = rules.offset(gross, [(str(c.pk), c.outstanding) for c in _open_claims(request.grant)])
        request.status = RequestStatus.APPROVED
        request.approved_total = gross
        request.late_reason = late_reason.strip()
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save()
        payout = Payout.objects.create(request=request, gross=gross, offset=gross - net, net=net)
        case_event_record(
            request.grant.case,
            EventType.PAYMENT_APPROVED,
            user,
            request_id=request.pk,
            gross=str(gross),
            net=str(net),
            payout_due=str(request.payout_due),
        )
        for ref, amount in applied:
            if amount > 0:
                claim = RepaymentClaim.objects.select_for_update().get(pk=int(ref))
                claim.outstanding -= amount
                claim.save(update_fields=["outstanding"])
                Offset.objects.create(claim=claim, payout=payout, amount=amount)
    return payout


def payment_request_reject(*, user: User, request: PaymentRequest, reason: str) -> PaymentRequest:
    _require_officer(user, request)
    if not reason.strip():
        raise ValidationError({"reason": "Skriv begrundelsen for afvisningen."})
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != RequestStatus.SUBMITTED:
            raise ValidationError("Anmodningen er allerede behandlet.")
        request.status = RequestStatus.REJECTED
        request.rejection_reason = reason.strip()
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save()
        case_event_record(request.grant.case, EventType.PAYMENT_REJECTED, user, request_id=request.pk)
    return request


def _open_claims(grant: Grant) -> list[RepaymentClaim]:
    return list(grant.repayment_claims.filter(outstanding__gt=0).order_by("created_at", "id"))


EXPORT_COLUMNS = ["konto", "cvr", "beloeb", "periode_fra", "periode_til", "bevilling", "reference", "kvartal"]
PA_ACCOUNT = "05.18.10"  # the municipal chart of accounts' function for personal assistance


def payout_batch_create(*, user: User) -> PayoutBatch | None:
    """Collect approved, unbatched payouts into one file. Locks skip rows another officer is exporting."""
    if user.role != Role.PAYMENT_OFFICER or user.municipality is None:
        raise PermissionDenied("Kun en ydelsesmedarbejder kan danne en udbetalingsfil.")
    with transaction.atomic():
        payouts = list(
            Payout.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(batch__isnull=True, request__municipality=user.municipality)
            .select_related("request", "request__employer")
            .order_by("id")
        )
        if not payouts:
            return None
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for payout in payouts:
            request = payout.request
            year, quarter = rules.quarter_of(request.period_end)
            writer.writerow(
                [
                    PA_ACCOUNT,
                    request.employer.cvr,
                    f"{payout.net:.2f}",
                    request.period_start.isoformat(),
                    request.period_end.isoformat(),
                    request.grant_id,
                    request.reference,
                    f"{year}-K{quarter}",
                ]
            )
        content = buffer.getvalue()
        batch = PayoutBatch.objects.create(
            municipality=user.municipality,
            created_by=user,
            content=content,
            sha256=hashlib.sha256(content.encode()).hexdigest(),
            total=sum((p.net for p in payouts), Decimal(0)),
        )
        Payout.objects.filter(pk__in=[p.pk for p in payouts]).update(batch=batch)
        PaymentRequest.objects.filter(payout__in=payouts).update(status=RequestStatus.PAID)
    return batch


def refund_claim_totals(*, municipality: Municipality) -> list[dict[str, Any]]:
    """Payouts per quarter for the state's 50 % refund claim."""
    totals: dict[str, Decimal] = {}
    for payout in Payout.objects.filter(
        batch__isnull=False, request__municipality=municipality
    ).select_related("request"):
        year, quarter = rules.quarter_of(payout.request.period_end)
        key = f"{year}-K{quarter}"
        totals[key] = totals.get(key, Decimal(0)) + payout.gross
    return [{"quarter": k, "total": v, "refund": rules.round_ore(v / 2)} for k, v in sorted(totals.items())]


# --- repayment -------------------------------------------------------------------------------------


def repayment_claim_create(
    *,
    user: User,
    grant: Grant,
    amount: Decimal,
    reason: str,
    legal_basis: str,
    period_start: dt.date,
    period_end: dt.date,
) -> RepaymentClaim:
    if (
        user.role not in (Role.PAYMENT_OFFICER, Role.CASEWORKER)
        or user.municipality_id != grant.case.municipality_id
    ):
        raise PermissionDenied("Kun kommunens medarbejdere kan oprette et tilbagebetalingskrav.")
    errors: dict[str, str] = {}
    if amount is None or amount <= 0:
        errors["amount"] = "Beløbet skal være større end 0."
    if not reason.strip():
        errors["reason"] = "Skriv begrundelsen for kravet."
    if not legal_basis.strip():
        errors["legal_basis"] = "Angiv hjemmelen for kravet."
    if period_end < period_start:
        errors["period_end"] = "Slutdatoen skal ligge efter startdatoen."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = RepaymentClaim.objects.create(
            grant=grant,
            amount=amount,
            outstanding=amount,
            reason=reason.strip(),
            legal_basis=legal_basis.strip(),
            period_start=period_start,
            period_end=period_end,
            created_by=user,
        )
        subject, body = repayment_letter(claim=claim)
        letter = letters.letter_create(case=grant.case, kind=LetterKind.REPAYMENT, subject=subject, body=body)
        claim.letter = letters.letter_send(letter=letter, user=user)
        claim.save(update_fields=["letter"])
        case_event_record(
            grant.case,
            EventType.REPAYMENT_CLAIMED,
            user,
            claim_id=claim.pk,
            amount=str(amount),
            letter_id=claim.letter.pk,
        )
    return claim
