"""The employer's request: trips, draft with hours and expenses, payslips, signing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.documents import CheckedFile, check_document
from kompensation.cases.models import EventType, Grant
from kompensation.cases.services import case_event_record
from kompensation.cases.validators import SANE_DATE_MESSAGE, sane_date_errors
from kompensation.files import WrittenFiles, file_writes, files_discard
from kompensation.followup.models import ReportSource
from kompensation.followup.services.changes import change_report_submit
from kompensation.rules import payments as rules

from ..models import (
    LIVE_STATUSES,
    ApprovedTrip,
    ExpenseEntry,
    ExpenseKind,
    HoursEntry,
    PaymentRequest,
    Payslip,
    RequestStatus,
    SupplementEntry,
    payslip_path,
)
from .calculation import _calculate, _calculation_json, _with_expenses
from .controls import payment_request_run_controls
from .rates import municipality_mode

PAYSLIP_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


@dataclass(frozen=True)
class Attachment:
    """A payslip (for `assistant`) or a receipt, and the form field its errors belong on."""

    upload: UploadedFile
    field: str
    assistant: str = ""


def _check_attachment(upload: UploadedFile, *, kind: str, field: str) -> CheckedFile:
    checked = check_document(upload, field=field)
    if checked.content_type not in PAYSLIP_TYPES:
        what = "Kvitteringen" if kind == "receipt" else "Lønsedlen"
        raise ValidationError(
            {field: f"{what} «{checked.name}» skal være en PDF eller et billede (JPG/PNG)."}
        )
    return checked


def _payslip_save(
    *, files: WrittenFiles, request: PaymentRequest, checked: CheckedFile, kind: str, assistant: str
) -> Payslip:
    payslip = Payslip(
        request=request,
        kind=kind,
        assistant=assistant[:200],
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
    )
    payslip.file.name = files.write(payslip_path(payslip, checked.name), checked.content)
    payslip.save()
    return payslip


def _require_employer_of(grant: Grant, user: User) -> None:
    employer = grant.case.employer
    if user.role != Role.EMPLOYER or employer is None or employer.cvr != user.cvr:
        raise PermissionDenied("Bevillingen tilhører ikke jeres virksomhed (CVR-nummer).")
    if grant.kind.payee != "employer":
        raise ValidationError(
            "Bevillingen er til tolkning: tolkebureauet fakturerer kommunen direkte, så virksomheden skal "
            "ikke anmode om udbetaling."
        )


def _period_errors(grant: Grant, start: dt.date, end: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if sane_date_errors(start=start, end=end):
        errors["period"] = SANE_DATE_MESSAGE
    elif end < start:
        errors["period"] = "Periodens slutdato skal ligge efter startdatoen."
    elif refusal := grant.period_refusal(start, end):
        errors["period"] = refusal
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
    errors |= sane_date_errors(start=start, end=end)
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
    payslips: Sequence[Attachment] = (),
    receipts: Sequence[Attachment] = (),
) -> PaymentRequest:
    """Store the employer's hours, supplements, payslips and receipts, and compute the amount.

    Every upload is checked before anything is written, and the rows and files are saved in one
    transaction: a refused upload leaves no draft and no file, and the form can be sent again as it is.
    """
    _require_employer_of(grant, user)
    errors = _period_errors(grant, period_start, period_end)
    if not errors:
        existing = live_request_overlapping(grant, period_start, period_end)
        if existing is not None:
            # Caught where the period is chosen, not first at the signature.
            raise PeriodAlreadyRequested(existing.reference)
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
    checked: list[tuple[CheckedFile, str, str]] = []
    for kind, attachments in (("payslip", payslips), ("receipt", receipts)):
        for attachment in attachments:
            try:
                checked.append(
                    (
                        _check_attachment(attachment.upload, kind=kind, field=attachment.field),
                        kind,
                        attachment.assistant,
                    )
                )
            except ValidationError as exc:
                errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    with file_writes() as files, transaction.atomic():
        if request is None:
            request = PaymentRequest(grant=grant, created_by=user)
        elif request.status != RequestStatus.DRAFT:
            raise ValidationError("Anmodningen er sendt og kan ikke ændres.")
        request.municipality = grant.case.municipality
        request.employer = grant.case.employer
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
        for document, kind, assistant in checked:
            _payslip_save(files=files, request=request, checked=document, kind=kind, assistant=assistant)
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
    checked = _check_attachment(upload, kind=kind, field=field)
    with file_writes() as files, transaction.atomic():
        return _payslip_save(files=files, request=request, checked=checked, kind=kind, assistant=assistant)


class PeriodAlreadyRequested(ValidationError):
    """Another live request of the grant covers some of the same days (refused by the database)."""

    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(
            {
                "period": f"Der er allerede anmodet om udbetaling for perioden ({reference}). "
                "Kontakt jobcentret, hvis den skal rettes."
            }
        )


def live_request_overlapping(
    grant: Grant, start: dt.date, end: dt.date, *, exclude: int | None = None
) -> PaymentRequest | None:
    """The grant's first live request that covers some of the days `start`–`end`, if any."""
    live = PaymentRequest.objects.filter(
        grant_id=grant.pk, period_start__lte=end, period_end__gte=start, status__in=LIVE_STATUSES
    )
    if exclude is not None:
        live = live.exclude(pk=exclude)
    return live.order_by("submitted_at", "pk").first()


def _overlapping(request: PaymentRequest) -> PaymentRequest | None:
    return live_request_overlapping(
        request.grant, request.period_start, request.period_end, exclude=request.pk
    )


def missing_payslips(request: PaymentRequest) -> list[str]:
    """The assistants with hours in the request and no payslip attached."""
    slips = set(request.payslips.filter(kind="payslip").values_list("assistant", flat=True))
    return sorted({h.assistant for h in request.hours.all() if h.hours > 0} - slips)


PAYSLIP_MESSAGE = "Vedhæft lønsedlen for hver assistent"


def payment_request_submit(
    *,
    user: User,
    request: PaymentRequest,
    declaration: bool,
    idempotency_key: str,
    need_unchanged: bool | None = None,
    need_change: str = "",
) -> PaymentRequest:
    """Sign on solemn declaration. Exactly once: the grant's row lock serialises submissions of one grant,
    the draft's row lock makes a double-click a no-op, and the database refuses overlapping live periods.

    ``need_unchanged`` answers "is the need for personal assistance unchanged?" (None: not answered, as an
    older payroll system sends it); a «nej» opens one change report (BEK § 29) with ``need_change``, in the
    same transaction as the request."""
    if not idempotency_key:
        raise ValidationError("Anmodningen mangler sin engangsnøgle. Genindlæs siden, og prøv igen.")
    _require_employer_of(request.grant, user)
    if not declaration:
        raise ValidationError(
            {"declaration": "Virksomheden skal bekræfte på tro og love, at oplysningerne er rigtige."}
        )
    if need_unchanged is False and not need_change.strip():
        raise ValidationError({"need_change": "Skriv, hvad der har ændret sig i behovet for assistance."})
    try:
        with transaction.atomic():
            # A stop takes this lock too: a request is checked against the grant as it is when it is signed.
            grant = (
                Grant.objects.select_for_update(of=("self",))
                .select_related("decision")
                .get(pk=request.grant_id)
            )
            locked = PaymentRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != RequestStatus.DRAFT:
                raise ValidationError(
                    {
                        "request": f"Anmodningen er allerede modtaget ({locked.reference}). "
                        "Den behandles kun én gang."
                    }
                )
            refusal = grant.period_refusal(locked.period_start, locked.period_end)
            if refusal:
                raise ValidationError({"request": refusal})
            existing = _overlapping(locked)
            if existing is not None:
                raise PeriodAlreadyRequested(existing.reference)
            missing = missing_payslips(locked)
            if missing:
                raise ValidationError({"payslips": f"{PAYSLIP_MESSAGE}. Mangler for: {', '.join(missing)}."})
            # Under the grant's lock the other requests of the quarter are settled: what the quarter allows
            # so far (BEK § 15) is computed again, so two drafts of one quarter cannot both use its hours.
            try:
                calculation = _with_expenses(_calculate(locked), locked)
            except ValueError as exc:
                raise ValidationError({"request": str(exc)}) from exc
            locked.calculation = _calculation_json(calculation)
            locked.requested_total = calculation.total
            today = timezone.localdate()
            locked.idempotency_key = idempotency_key
            locked.status = RequestStatus.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.declaration = True
            locked.payout_due = rules.payout_due(today)
            locked.late = rules.is_late(locked.period_end, today)
            locked.need_unchanged = need_unchanged
            locked.save()
            if need_unchanged is False:
                change_report_submit(
                    user=user,
                    case=grant.case,
                    kind="need_changed",
                    occurred_on=min(locked.period_end, today),
                    description=need_change,
                    source=ReportSource.PAYMENT_REQUEST,
                    payment_request=locked,
                )
            payment_request_run_controls(request=locked)
            case_event_record(
                locked.grant.case,
                EventType.PAYMENT_REQUESTED,
                user,
                request_id=locked.pk,
                period=f"{locked.period_start}–{locked.period_end}",
                amount=str(locked.requested_total),
                late=locked.late,
            )
    except IntegrityError as exc:
        # The database's own refusal (exclusion constraint / trigger / key per employer): say which request
        # already holds the period, read after the rollback.
        existing = _overlapping(request)
        if existing is not None:
            raise PeriodAlreadyRequested(existing.reference) from exc
        raise ValidationError(
            "Anmodningen er allerede modtaget. Den bliver ikke behandlet to gange."
        ) from exc
    request.refresh_from_db()
    return request


def payment_request_delete_draft(*, user: User, request: PaymentRequest) -> None:
    """The employer deletes a draft it will not send; its payslip and receipt files go after the commit."""
    _require_employer_of(request.grant, user)
    with transaction.atomic():
        locked = PaymentRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None:
            raise ValidationError("Kladden er allerede slettet.")
        if locked.status != RequestStatus.DRAFT:
            raise ValidationError(
                f"Anmodningen er sendt ({locked.reference}) og kan ikke slettes. Kontakt jobcentret."
            )
        names = [p.file.name for p in locked.payslips.all() if p.file.name]
        locked.delete()
        # A file another row also uses (same content, same name) is kept: files_discard checks.
        transaction.on_commit(lambda: files_discard(names))
