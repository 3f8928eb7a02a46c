"""The employer's request: trips, draft with hours and expenses, payslips, signing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.documents import check_document
from kompensation.cases.models import EventType, Grant, GrantStatus
from kompensation.cases.services import case_event_record
from kompensation.rules import payments as rules

from ..models import (
    ApprovedTrip,
    ExpenseEntry,
    ExpenseKind,
    HoursEntry,
    PaymentRequest,
    Payslip,
    RequestStatus,
    SupplementEntry,
)
from .calculation import _calculate, _calculation_json, _with_expenses
from .controls import payment_request_run_controls
from .rates import municipality_mode

PAYSLIP_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


class PeriodAlreadyRequested(ValidationError):
    """Another live request covers the period; `reference` names it, so the API can answer 409 with it."""

    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(
            {
                "period": f"Der er allerede anmodet om udbetaling for perioden ({reference}). "
                "Kontakt jobcentret, hvis den skal rettes."
            }
        )


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
    _require_employer_of(request.grant, user)
    # Keys are the employer's own: another employer's key is neither refused nor named here.
    replay = PaymentRequest.objects.filter(employer__cvr=user.cvr, idempotency_key=idempotency_key).first()
    if replay is not None:
        raise ValidationError(
            f"Anmodningen er allerede modtaget ({replay.reference}). Den bliver ikke behandlet to gange."
        )
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
    if overlapping is not None and not errors:
        raise PeriodAlreadyRequested(overlapping.reference)
    if overlapping is not None:
        errors["period"] = PeriodAlreadyRequested(overlapping.reference).message_dict["period"][0]
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
