"""The payment officer's interpreting invoice: flags first, each line with its pricing and flags, a line
rejected with a reason the agency reads, and approval in one step when nothing is left to decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kompensation.accounts.permissions import permission_required

from . import selectors, services
from .forms import ApproveForm, RejectForm
from .models import ControlResult, ControlStatus, CorrectionStatus, InvoiceLine, LineStatus, PaymentRequest
from .views import _log_view, _payment, _user

ORDER: dict[str, int] = {ControlStatus.FAIL: 0, ControlStatus.UNKNOWN: 1, ControlStatus.PASS: 2}


def _invoice(request: HttpRequest, pk: int) -> PaymentRequest:
    payment = selectors.payment_request_get(user=_user(request), pk=pk)
    if not payment.is_invoice:
        raise Http404("Fakturaen findes ikke.")
    return payment


def _line_form(line: InvoiceLine, data: Any = None) -> RejectForm:
    # One form per line on the page: the prefix keeps every field's id unique.
    return RejectForm(data, prefix=f"linje{line.pk}")


def _page(request: HttpRequest, payment: PaymentRequest, status: int = 200, **forms: Any) -> HttpResponse:
    lines = list(
        payment.invoice_lines.select_related("interpreter").prefetch_related(
            Prefetch("flags", queryset=ControlResult.objects.order_by("id"))
        )
    )
    for line in lines:
        line.flag_list = sorted(line.flags.all(), key=lambda c: ORDER[c.status])  # type: ignore[attr-defined]
        line.open_flags = [c for c in line.flag_list if c.status != ControlStatus.PASS]  # type: ignore[attr-defined]
        line.reject_form = forms.get(f"line_{line.pk}") or _line_form(line)  # type: ignore[attr-defined]
    controls = sorted(payment.controls.filter(line__isnull=True), key=lambda c: ORDER[c.status])
    open_count = payment.controls.exclude(status=ControlStatus.PASS).count()
    # The open flags sit on the lines further down: the summary names those lines.
    flagged_lines = [line.position for line in lines if line.open_flags]  # type: ignore[attr-defined]
    grant = payment.grant
    _log_view(request, payment)
    return render(
        request,
        "payments/invoice_detail.html",
        {
            "payment": payment,
            "grant": grant,
            "lines": lines,
            "controls": controls,
            "open_count": open_count,
            "flagged_lines": flagged_lines,
            "total": services.payment_request_total(payment),
            "claimed_total": payment.calculation.get("claimed_total"),
            "computed_total": payment.calculation.get("computed_total"),
            "corrections": payment.corrections.select_related("by"),
            "pending": payment.corrections.filter(status=CorrectionStatus.PENDING).exists(),
            "approve_form": forms.get("approve_form") or ApproveForm(payment=payment),
            "reject_form": forms.get("reject_form") or RejectForm(),
            "line_error_form": next((f for k, f in forms.items() if k.startswith("line_")), ""),
            "payout": getattr(payment, "payout", None),
            "all_settled": all(x.status in (LineStatus.CONFIRMED, LineStatus.REJECTED) for x in lines),
        },
        status=status,
    )


@permission_required("payments.handle_request", obj=_payment)
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _invoice(request, pk))


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def invoice_line_reject(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    payment = _invoice(request, pk)
    line = payment.invoice_lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404("Linjen findes ikke.")
    form = _line_form(line, request.POST)
    if form.is_valid():
        try:
            services.invoice_line_reject(
                user=_user(request), request=payment, line=line, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                f"Linje {line.position} er afvist og trukket fra beløbet. Tolkebureauet kan se begrundelsen.",
            )
            return redirect("payments:invoice", pk=payment.pk)
    return _page(request, payment, status=400, **{f"line_{line.pk}": form})


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def invoice_approve(request: HttpRequest, pk: int) -> HttpResponse:
    payment = _invoice(request, pk)
    form = ApproveForm(request.POST, payment=payment)
    if form.is_valid():
        try:
            services.payment_request_approve(
                user=_user(request),
                request=payment,
                late_reason=form.cleaned_data.get("late_reason") or "",
                override_reason=form.cleaned_data.get("override_reason") or "",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Fakturaen er godkendt og kommer med i næste udbetalingsfil.")
            return redirect("payments:invoice", pk=payment.pk)
    return _page(request, payment, status=400, approve_form=form)
