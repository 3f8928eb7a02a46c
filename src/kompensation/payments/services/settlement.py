"""Settling a request: correction, total, approval with offsets, rejection, payout batch, refund totals."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from kompensation.accounts.models import Municipality, Role, User
from kompensation.accounts.permissions import has
from kompensation.cases.grant_kinds import GrantKindCode, grant_kind
from kompensation.cases.models import EventType, Grant
from kompensation.cases.services import case_event_record
from kompensation.rules import payments as rules

from ..models import (
    ClaimStatus,
    ControlResult,
    ControlStatus,
    Correction,
    CorrectionStatus,
    LineStatus,
    Offset,
    PaidSession,
    PaymentRequest,
    PaymentSettings,
    Payout,
    PayoutBatch,
    RepaymentClaim,
    RequestStatus,
    Settlement,
)
from ..permissions import decided_the_grant
from .declarations import declarations_missing_for_invoice
from .money import kr

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _require_officer(user: User, request: PaymentRequest) -> None:
    if has("payments.settle_request", user, request):
        return
    if decided_the_grant(user, request):
        raise PermissionDenied(
            "Den, der har truffet afgørelsen om bevillingen, kan ikke godkende udbetalingen."
        )
    raise PermissionDenied("Kun en ydelsesmedarbejder i kommunen kan behandle anmodningen.")


# A correction above the computed amount is where a typing slip (a date in the amount field) or a
# favour to an employer would cost money, so it needs a second officer; beyond these it is refused.
CORRECTION_FACTOR = 10
CORRECTION_HARD_LIMIT = Decimal("1000000.00")
PENDING_MESSAGE = "En rettelse afventer godkendelse af en anden ydelsesmedarbejder."


def payment_request_correct(
    *, user: User, request: PaymentRequest, new_total: Decimal, reason: str, line: str = "total"
) -> Correction:
    """Correct one calculation line, or the total, with a reason the employer is shown.

    Lowering takes effect at once. Raising the total above the computed amount is stored as pending:
    it counts only once another payment officer confirms it (`correction_confirm`).
    """
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        _require_officer(user, request)
        errors: dict[str, str] = {}
        lines = request.calculation.get("lines", [])
        if request.status != RequestStatus.SUBMITTED:
            errors["new_total"] = "Kun modtagne anmodninger kan rettes."
        elif request.corrections.filter(status=CorrectionStatus.PENDING).exists():
            errors["new_total"] = (
                f"{PENDING_MESSAGE} Den skal godkendes eller afvises, før beløbet kan rettes igen."
            )
        if line != "total" and not (line.isdigit() and int(line) < len(lines)):
            errors["line"] = "Vælg den linje, der skal rettes."
        elif line != "total" and lines[int(line)].get("of_line") is not None:
            errors["line"] = (
                "Fradraget er allerede trukket fra. Ret linjen, det hører til, "
                "så regnes det ikke med to gange."
            )
        if not reason.strip():
            errors["reason"] = "Skriv begrundelsen for rettelsen. Virksomheden kan se den."
        if errors:
            raise ValidationError(errors)
        total, amounts = _corrected(request)
        old = total if line == "total" else _net(lines, amounts, int(line))
        after = new_total if line == "total" else total - old + new_total
        if new_total is None or after < 0 or (line == "total" and new_total < 0):
            raise ValidationError({"new_total": "Rettelsen kan ikke gøre det samlede beløb negativt."})
        computed = request.requested_total or Decimal(0)
        ceiling = min(computed * CORRECTION_FACTOR, CORRECTION_HARD_LIMIT)
        raises = after > total
        if raises and (new_total > CORRECTION_HARD_LIMIT or after > ceiling):
            raise ValidationError(
                {
                    "new_total": (
                        f"Rettelsen er for stor: beløbet kan højst blive {kr(ceiling)} "
                        f"({CORRECTION_FACTOR} gange det beregnede beløb og aldrig over "
                        f"{kr(CORRECTION_HARD_LIMIT)}). Kontrollér, at der er skrevet et beløb og ikke "
                        "fx en dato."
                    )
                }
            )
        return Correction.objects.create(
            request=request,
            line_code=line,
            label="Samlet beløb" if line == "total" else str(lines[int(line)]["label"])[:200],
            old_amount=old,
            new_amount=new_total,
            reason=reason.strip(),
            by=user,
            status=CorrectionStatus.PENDING if raises and after > computed else CorrectionStatus.CONFIRMED,
        )


def _settle_correction(*, user: User, correction: Correction, status: str) -> Correction:
    with transaction.atomic():
        request = PaymentRequest.objects.select_for_update().get(pk=correction.request_id)
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        _require_officer(user, request)
        if status == CorrectionStatus.CONFIRMED and correction.by_id == user.pk:
            raise PermissionDenied(
                "Du har selv lavet rettelsen. En anden ydelsesmedarbejder i kommunen skal godkende den."
            )
        if correction.status != CorrectionStatus.PENDING:
            raise ValidationError("Rettelsen er allerede godkendt eller afvist.")
        if request.status != RequestStatus.SUBMITTED:
            raise ValidationError("Anmodningen er allerede behandlet.")
        correction.status = status
        correction.confirmed_by = user
        correction.confirmed_at = timezone.now()
        correction.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return correction


def correction_confirm(*, user: User, correction: Correction) -> Correction:
    """A second payment officer of the municipality (not the maker, not the decider) lets a raise count."""
    return _settle_correction(user=user, correction=correction, status=CorrectionStatus.CONFIRMED)


def correction_refuse(*, user: User, correction: Correction) -> Correction:
    """A pending raise is dropped; the maker may withdraw it, or another officer refuse it."""
    return _settle_correction(user=user, correction=correction, status=CorrectionStatus.REFUSED)


def _deductions(lines: list[dict[str, Any]], index: int) -> list[int]:
    return [i for i, line in enumerate(lines) if line.get("of_line") == index]


def _net(lines: list[dict[str, Any]], amounts: dict[int, Decimal], index: int) -> Decimal:
    """A line after the deductions the calculation made from it: the starting point of its correction."""
    return amounts[index] + sum((amounts[i] for i in _deductions(lines, index)), Decimal(0))


def _corrected(request: PaymentRequest) -> tuple[Decimal, dict[int, Decimal]]:
    """The total and each line's amount after the confirmed corrections, in the order they were made.

    A corrected line replaces the line together with its deductions (hours above the average, the
    supplements' share of them): the officer types what is to be paid for the line, and the deduction is
    not taken a second time.
    """
    lines = request.calculation.get("lines", [])
    amounts = {i: Decimal(line["amount"]) for i, line in enumerate(lines)}
    total = request.requested_total or Decimal(0)
    for correction in request.corrections.filter(status=CorrectionStatus.CONFIRMED).order_by("at", "id"):
        if correction.line_code == "total":
            total = correction.new_amount
        else:
            index = int(correction.line_code)
            total += correction.new_amount - _net(lines, amounts, index)
            amounts[index] = correction.new_amount
            for deduction in _deductions(lines, index):
                amounts[deduction] = Decimal(0)
    return total, amounts


def correctable_lines(request: PaymentRequest) -> list[tuple[str, str]]:
    """The choices for a correction: the total and each line that is not itself a deduction, at its
    amount after deductions and confirmed corrections, so the officer starts from what is paid now."""
    lines = request.calculation.get("lines", [])
    total, amounts = _corrected(request)
    choices = [("total", f"Samlet beløb: {kr(total)}")]
    for index, line in enumerate(lines):
        if line.get("of_line") is not None:
            continue
        who = f" ({line['assistant']})" if line.get("assistant") else ""
        net = _net(lines, amounts, index)
        after = " efter fradrag for timer ud over gennemsnittet" if _deductions(lines, index) else ""
        choices.append((str(index), f"{line['label']}{who}: {kr(net)}{after}"))
    return choices


def payment_request_total(request: PaymentRequest) -> Decimal:
    return _corrected(request)[0]


def open_controls(request: PaymentRequest) -> list[ControlResult]:
    """Controls that failed or could not be run and need the officer's written reason to approve.

    The deadline control is answered by the late reason, which a late request needs anyway.
    """
    return list(request.controls.exclude(status=ControlStatus.PASS).exclude(code="on_time"))


def override_message(controls: list[ControlResult]) -> str:
    labels = " og ".join(f"«{c.label}»" for c in controls)
    what = "kontrollen" if len(controls) == 1 else "kontrollerne"
    return f"Skriv hvorfor du godkender, selv om {what} {labels} fejlede eller ikke kunne gennemføres."


def _last_day_claimed(request: PaymentRequest) -> dt.date:
    """An invoice claims its sessions' days, a payment request its whole period."""
    if request.is_invoice:
        last = request.invoice_lines.aggregate(last=Max("date"))["last"]
        if last is not None:
            return cast(dt.date, last)
    return request.period_end


def payment_request_approve(
    *, user: User, request: PaymentRequest, late_reason: str = "", override_reason: str = ""
) -> Payout:
    """Approve and create the payout; the one-to-one payout row makes a second approval impossible.

    A control that failed or could not be run may be overridden only with a written reason, stored on the
    request and in the event.
    """
    with transaction.atomic():
        # Locks in the order submission takes them (grant, then request), so the two never deadlock.
        grant = (
            Grant.objects.select_for_update(of=("self",)).select_related("decision").get(pk=request.grant_id)
        )
        request = PaymentRequest.objects.select_for_update().get(pk=request.pk)
        _require_officer(user, request)
        if request.status != RequestStatus.SUBMITTED:
            raise ValidationError("Anmodningen er allerede behandlet.")
        if request.corrections.filter(status=CorrectionStatus.PENDING).exists():
            raise ValidationError(PENDING_MESSAGE)
        if request.late and not late_reason.strip():
            raise ValidationError(
                {"late_reason": "Anmodningen kom for sent. Skriv hvorfor den alligevel betales."}
            )
        # A grant stopped or replaced while the request waited: nothing after its last day is paid. (Time
        # outside the decided period is the grant_period control's, which the officer may override.)
        last = _last_day_claimed(request)
        if grant.ended_on is not None and last > grant.ended_on:
            raise ValidationError(f"{grant.period_refusal(last, last)} Udbetalingen er blokeret.")
        if request.is_invoice:
            _require_declarations(request)
        overridden = open_controls(request)
        if overridden and not override_reason.strip():
            raise ValidationError({"override_reason": override_message(overridden)})
        gross = payment_request_total(request)
        net, applied = rules.offset(gross, [(str(c.pk), c.outstanding) for c in _open_claims(request.grant)])
        request.status = RequestStatus.APPROVED
        request.approved_total = gross
        request.late_reason = late_reason.strip()
        request.override_reason = override_reason.strip() if overridden else ""
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save()
        payout = Payout.objects.create(request=request, gross=gross, offset=gross - net, net=net)
        if request.is_invoice:
            _record_paid_sessions(request)
        case_event_record(
            request.grant.case,
            EventType.PAYMENT_APPROVED,
            user,
            request_id=request.pk,
            gross=str(gross),
            net=str(net),
            payout_due=str(request.payout_due),
            overridden_controls=[c.code for c in overridden],
            override_reason=request.override_reason,
        )
        for ref, amount in applied:
            if amount > 0:
                claim = RepaymentClaim.objects.select_for_update().get(pk=int(ref))
                claim.outstanding -= amount
                claim.save(update_fields=["outstanding"])
                Offset.objects.create(claim=claim, payout=payout, amount=amount)
    return payout


def _require_declarations(request: PaymentRequest) -> None:
    """No declaration, no payment (BEK § 25): not a control an officer may override. Read under the grant's
    lock, which revoking a declaration also takes."""
    missing = declarations_missing_for_invoice(request)
    if missing:
        raise ValidationError(
            "Fakturaen kan ikke betales: der mangler erklæring på tro og love fra "
            + "; ".join(m.label for m in missing)
            + " (BEK § 25)."
        )


def _record_paid_sessions(request: PaymentRequest) -> None:
    """One row per paid session; the database refuses a second paid session of one interpreter at once."""
    lines = list(
        request.invoice_lines.exclude(status=LineStatus.REJECTED)
        .select_related("interpreter")
        .order_by("position")
    )
    for line in lines:
        starts = dt.datetime.combine(line.date, line.start, tzinfo=COPENHAGEN)
        ends = starts + dt.timedelta(minutes=line.minutes)
        try:
            with transaction.atomic():
                PaidSession.objects.create(
                    line=line, interpreter=line.interpreter, starts_at=starts, ends_at=ends
                )
        except IntegrityError as exc:
            raise ValidationError(
                f"Linje {line.position}: {line.interpreter.name} har allerede fået betaling for en "
                f"session, der overlapper {line.date:%d.%m.%Y} {line.start:%H:%M}–{line.end:%H:%M}. "
                "Afvis linjen."
            ) from exc


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
    """Only decided claims settled by offsetting are offset; a claim in hearing or to be paid is not."""
    return list(
        grant.repayment_claims.filter(
            status=ClaimStatus.DECIDED, settlement=Settlement.OFFSET, outstanding__gt=0
        ).order_by("decided_at", "id")
    )


EXPORT_COLUMNS = [
    "konto",
    "cvr",
    "beloeb",
    "periode_fra",
    "periode_til",
    "bevilling",
    "reference",
    "kvartal",
    "ydelse",
    "modtager",
    # A BPA or cash-allowance plan pays the person or a relative by CPR (NemKonto), not a company by CVR.
    "cpr",
]


def payout_account(request: PaymentRequest, accounts: dict[str, str]) -> str:
    """The municipality's own account for the grant kind, else the kind's default (`cases.grant_kinds`)."""
    return accounts.get(request.kind) or grant_kind(request.kind).account


def payout_batch_create(*, user: User) -> PayoutBatch | None:
    """Collect approved, unbatched payouts into one file. Locks skip rows another officer is exporting."""
    if user.role != Role.PAYMENT_OFFICER or user.municipality is None:
        raise PermissionDenied("Kun en ydelsesmedarbejder kan danne en udbetalingsfil.")
    with transaction.atomic():
        payouts = list(
            Payout.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(batch__isnull=True, request__municipality=user.municipality)
            .select_related("request", "request__employer", "request__agency", "request__payee_person")
            .order_by("id")
        )
        if not payouts:
            return None
        settings_row = PaymentSettings.objects.filter(municipality=user.municipality).first()
        accounts = settings_row.accounts if settings_row else {}
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for payout in payouts:
            request = payout.request
            year, quarter = rules.quarter_of(request.period_end)
            writer.writerow(
                [
                    payout_account(request, accounts),
                    request.payee_cvr,
                    f"{payout.net:.2f}",
                    request.period_start.isoformat(),
                    request.period_end.isoformat(),
                    request.grant_id,
                    request.reference,
                    f"{year}-K{quarter}",
                    request.kind,
                    request.payee_name,
                    request.payee_cpr,
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
    # Only personal assistance is refunded by the state under this claim; Serviceloven's schemes are not.
    for payout in Payout.objects.filter(
        batch__isnull=False,
        request__municipality=municipality,
        request__kind__in=(GrantKindCode.ASSISTANCE, GrantKindCode.INTERPRETING),
    ).select_related("request"):
        year, quarter = rules.quarter_of(payout.request.period_end)
        key = f"{year}-K{quarter}"
        totals[key] = totals.get(key, Decimal(0)) + payout.gross
    return [{"quarter": k, "total": v, "refund": rules.round_ore(v / 2)} for k, v in sorted(totals.items())]
