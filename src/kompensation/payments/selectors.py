"""Reads of payments, scoped like cases: staff by municipality, employers by CVR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases.models import Grant, GrantStatus

from .models import (
    CalculationMode,
    ClaimStatus,
    ControlStatus,
    PaymentRequest,
    Payout,
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
    return Grant.objects.filter(case__employer__cvr=user.cvr, status=GrantStatus.ACTIVE).select_related(
        "case__person", "decision"
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
