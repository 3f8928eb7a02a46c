"""The payment officer's rejection of one line of an interpreting invoice.

The line is not paid: a confirmed correction of its calculation line to 0 lowers the total by exactly what
the line would have paid (`payment_request_correct`, the same path as any correction), the reason is
stored on the line for the agency to read, and the controls run again — a flag on a rejected line no
longer blocks approval.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kompensation.accounts.models import User
from kompensation.cases.models import EventType
from kompensation.cases.services import case_event_record

from ..models import InvoiceLine, LineStatus, PaymentRequest
from .interpreting_controls import invoice_controls_run
from .settlement import _require_officer, payment_request_correct


def invoice_line_reject(
    *, user: User, request: PaymentRequest, line: InvoiceLine, reason: str
) -> InvoiceLine:
    """Reject one session with a reason the agency is shown; only the municipality's payment officer."""
    _require_officer(user, request)
    if line.request_id != request.pk:
        raise PermissionDenied("Linjen hører ikke til fakturaen.")
    if not request.is_invoice:
        raise ValidationError("Kun linjer på en faktura for tolkning kan afvises enkeltvis.")
    if not reason.strip():
        raise ValidationError(
            {"reason": "Skriv begrundelsen for at afvise linjen. Tolkebureauet kan se den."}
        )
    with transaction.atomic():
        line = InvoiceLine.objects.select_for_update().get(pk=line.pk)
        if line.status == LineStatus.REJECTED:
            raise ValidationError(f"Linje {line.position} er allerede afvist.")
        # Checks the officer, the request's state and pending corrections, and records the confirmed
        # correction of the line's calculation line (position k ↔ line code k-1) to 0.
        correction = payment_request_correct(
            user=user,
            request=request,
            new_total=Decimal(0),
            reason=f"Linje {line.position} afvist: {reason.strip()}",
            line=str(line.position - 1),
        )
        line.status = LineStatus.REJECTED
        line.rejection_reason = reason.strip()
        line.save(update_fields=["status", "rejection_reason"])
        request = PaymentRequest.objects.select_related("grant__case").get(pk=request.pk)
        invoice_controls_run(request=request)
        case_event_record(
            request.grant.case,
            EventType.INVOICE_LINE_REJECTED,
            user,
            request_id=request.pk,
            line=line.position,
            date=str(line.date),
            interpreter=line.interpreter.number,
            amount=str(correction.old_amount),
            reason=line.rejection_reason,
        )
    return line
