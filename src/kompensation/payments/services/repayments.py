"""Repayment claims and their letter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Confidentiality, EventType, Grant
from kompensation.cases.services import case_event_record
from kompensation.cases.validators import sane_date_errors
from kompensation.letters import services as letters
from kompensation.letters.compose import repayment_letter
from kompensation.letters.models import LetterKind, Recipient

from ..models import Payout, RepaymentClaim
from .money import kr


def _paid_and_claimed(grant: Grant, start: dt.date, end: dt.date) -> tuple[Decimal, Decimal]:
    """Approved payouts (gross) for requests overlapping the period, and claims already made on it."""
    paid = Payout.objects.filter(
        request__grant=grant, request__period_start__lte=end, request__period_end__gte=start
    ).aggregate(total=Sum("gross"))["total"]
    claimed = RepaymentClaim.objects.filter(
        grant=grant, period_start__lte=end, period_end__gte=start
    ).aggregate(total=Sum("amount"))["total"]
    return paid or Decimal(0), claimed or Decimal(0)


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
    errors |= sane_date_errors(period_start=period_start, period_end=period_end)
    if period_end < period_start and "period_end" not in errors:
        errors["period_end"] = "Slutdatoen skal ligge efter startdatoen."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The grant's row lock makes two claims made at once add up against the same paid amount.
        Grant.objects.select_for_update().filter(pk=grant.pk).get()
        paid, claimed = _paid_and_claimed(grant, period_start, period_end)
        if amount > paid - claimed:
            message = f"Der er udbetalt {kr(paid)} for perioden; kravet kan højst være det beløb."
            if claimed:
                message = (
                    f"Der er udbetalt {kr(paid)} for perioden, og der er allerede krævet {kr(claimed)} "
                    f"tilbage; kravet kan højst være {kr(max(paid - claimed, Decimal(0)))}"
                )
            raise ValidationError({"amount": message})
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
        letter = letters.letter_create(
            case=grant.case,
            kind=LetterKind.REPAYMENT,
            subject=subject,
            body=body,
            confidentiality=Confidentiality.SUBSIDY,
            recipient=Recipient.EMPLOYER,
        )
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
