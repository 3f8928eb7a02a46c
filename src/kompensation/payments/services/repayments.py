"""Repayment claims as decisions: draft → hearing of the employer (FVL § 19) → decided, or dropped.

The claim is computed per paid request (paid, earlier claims, what should have been paid); it never
exceeds what was paid less what other live claims already take back. Only a decided claim whose
settlement is offsetting is offset in later payouts (`settlement.payment_request_approve`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import has
from kompensation.cases.models import Confidentiality, EventType, Grant, GrantStatus
from kompensation.cases.services import case_event_record
from kompensation.cases.validators import sane_date_errors
from kompensation.letters import services as letters
from kompensation.letters.models import LetterKind, Recipient
from kompensation.letters.repayment import repayment_decision_letter, repayment_hearing_letter
from kompensation.rules import deadlines
from kompensation.rules import repayment as rules

from ..models import ClaimStatus, PaymentRequest, RepaymentClaim, Settlement

HEARING_DAYS_MIN, HEARING_DAYS_MAX = 7, 56


def earlier_claimed(grant: Grant, *, exclude: int | None = None) -> dict[int, Decimal]:
    """Per paid request, what live (not dropped) claims on the grant already take back."""
    claimed: dict[int, Decimal] = {}
    claims = grant.repayment_claims.exclude(status=ClaimStatus.DROPPED)
    if exclude is not None:
        claims = claims.exclude(pk=exclude)
    for claim in claims:
        for line in claim.lines:
            request_id = int(line["request_id"])
            claimed[request_id] = claimed.get(request_id, Decimal(0)) + Decimal(line["difference"])
    return claimed


def paid_requests(grant: Grant) -> list[PaymentRequest]:
    """The grant's requests that were approved with a payout: the only ones a claim can be made on."""
    return list(
        PaymentRequest.objects.filter(grant=grant, payout__isnull=False)
        .select_related("payout")
        .order_by("period_start", "pk")
    )


def _require(perm: str, user: User, claim: RepaymentClaim, message: str) -> None:
    if not has(perm, user, claim):
        raise PermissionDenied(message)


def repayment_claim_create(
    *,
    user: User,
    grant: Grant,
    condition: str,
    facts: str,
    should_have_been: Mapping[int, Decimal],
) -> RepaymentClaim:
    """A draft claim: the condition, the facts, and per paid request what should have been paid.

    `should_have_been` maps a payment request's id to the amount that was due for it; requests left out
    are not part of the claim. Errors name the field `should_<request id>`.
    """
    if user.role != Role.PAYMENT_OFFICER or user.municipality_id != grant.case.municipality_id:
        raise PermissionDenied("Kun kommunens ydelsesmedarbejdere kan oprette et tilbagebetalingskrav.")
    errors: dict[str, str] = {}
    if condition not in rules.CONDITIONS:
        errors["condition"] = "Vælg den betingelse, kravet bygger på."
    if not facts.strip():
        errors["facts"] = "Beskriv sagens faktiske omstændigheder: hvad er udbetalt på et forkert grundlag."
    if not should_have_been:
        errors["__all__"] = rules.MSG_NO_LINES
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The grant's row lock makes two claims made at once add up against the same paid amounts.
        Grant.objects.select_for_update().filter(pk=grant.pk).get()
        paid = {r.pk: r for r in paid_requests(grant)}
        claimed = earlier_claimed(grant)
        lines: list[dict[str, str | int]] = []
        for request_id, due in should_have_been.items():
            request = paid.get(request_id)
            if request is None:
                errors[f"should_{request_id}"] = (
                    "Der er ikke udbetalt noget for den anmodning på bevillingen; "
                    "der er intet at kræve tilbage."
                )
                continue
            line = rules.Line(
                reference=request.reference,
                paid=request.payout.gross,
                should_have_been=due,
                earlier_claimed=claimed.get(request_id, Decimal("0.00")),
            )
            problem = rules.line_errors(line)
            if problem:
                errors[f"should_{request_id}"] = problem
                continue
            lines.append(
                {
                    "request_id": request.pk,
                    "reference": request.reference,
                    "period_start": request.period_start.isoformat(),
                    "period_end": request.period_end.isoformat(),
                    "paid": f"{line.paid:.2f}",
                    "earlier_claimed": f"{line.earlier_claimed:.2f}",
                    "should_have_been": f"{line.should_have_been:.2f}",
                    "difference": f"{line.difference:.2f}",
                }
            )
        if errors:
            raise ValidationError(errors)
        amount = sum((Decimal(str(line["difference"])) for line in lines), Decimal("0.00"))
        claim = RepaymentClaim.objects.create(
            grant=grant,
            condition=condition,
            facts=facts.strip(),
            legal_basis=rules.LEGAL_BASIS,
            lines=lines,
            amount=amount,
            outstanding=amount,
            period_start=min(dt.date.fromisoformat(str(line["period_start"])) for line in lines),
            period_end=max(dt.date.fromisoformat(str(line["period_end"])) for line in lines),
            created_by=user,
        )
        case_event_record(
            grant.case, EventType.REPAYMENT_CLAIMED, user, claim_id=claim.pk, amount=str(amount)
        )
    return claim


def _locked(claim: RepaymentClaim) -> RepaymentClaim:
    return RepaymentClaim.objects.select_for_update().select_related("grant__case").get(pk=claim.pk)


def repayment_hearing_send(
    *, user: User, claim: RepaymentClaim, response_days: int = deadlines.HEARING_RESPONSE_DAYS
) -> RepaymentClaim:
    """FVL § 19: the employer gets the facts, the condition and the computation, with a deadline."""
    _require("payments.settle_claim", user, claim, "Kun kommunens ydelsesmedarbejdere kan sende høringen.")
    if not HEARING_DAYS_MIN <= response_days <= HEARING_DAYS_MAX:
        raise ValidationError(
            {"response_days": f"Svarfristen skal være mellem {HEARING_DAYS_MIN} og {HEARING_DAYS_MAX} dage."}
        )
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != ClaimStatus.DRAFT:
            raise ValidationError("Kravet er allerede sendt i partshøring.")
        today = timezone.localdate()
        claim.hearing_sent_on = today
        claim.response_due = rules.hearing_deadline(today, days=response_days)
        subject, body = repayment_hearing_letter(claim=claim)
        letter = letters.letter_create(
            case=claim.grant.case,
            kind=LetterKind.REPAYMENT_HEARING,
            subject=subject,
            body=body,
            confidentiality=Confidentiality.SUBSIDY,
            recipient=Recipient.EMPLOYER,
        )
        claim.hearing_letter = letters.letter_send(letter=letter, user=user)
        claim.status = ClaimStatus.HEARING
        claim.save(update_fields=["hearing_sent_on", "response_due", "hearing_letter", "status"])
        case_event_record(
            claim.grant.case,
            EventType.REPAYMENT_HEARING_SENT,
            user,
            claim_id=claim.pk,
            response_due=str(claim.response_due),
            letter_id=letter.pk,
        )
    return claim


def repayment_answer(
    *, user: User, claim: RepaymentClaim, answer: str, received_on: dt.date | None = None
) -> RepaymentClaim:
    """The employer's answer: given in the portal (dated today), or recorded by the officer with its date."""
    by_employer = has("payments.answer_claim", user, claim)
    if not by_employer:
        _require("payments.settle_claim", user, claim, "Du kan ikke svare på dette krav.")
    today = timezone.localdate()
    received = today if by_employer or received_on is None else received_on
    errors: dict[str, str] = {}
    if not answer.strip():
        errors["answer"] = (
            "Skriv virksomhedens bemærkninger."
            if by_employer
            else "Skriv virksomhedens svar, eller at virksomheden ikke har bemærkninger."
        )
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != ClaimStatus.HEARING:
            raise ValidationError("Kravet er ikke i partshøring, så der kan ikke svares på det nu.")
        if claim.answered:
            raise ValidationError("Virksomhedens svar på partshøringen er allerede modtaget.")
        assert claim.hearing_sent_on is not None
        errors |= sane_date_errors(received_on=received)
        if "received_on" not in errors and not claim.hearing_sent_on <= received <= today:
            errors["received_on"] = "Datoen skal ligge mellem partshøringen og i dag."
        if errors:
            raise ValidationError(errors)
        claim.answer = answer.strip()
        claim.answered_on = received
        claim.answered_by = user
        claim.save(update_fields=["answer", "answered_on", "answered_by"])
        case_event_record(
            claim.grant.case,
            EventType.REPAYMENT_ANSWERED,
            user,
            claim_id=claim.pk,
            received_on=str(received),
            via="portal" if by_employer else "officer",
        )
    return claim


def repayment_decide(
    *,
    user: User,
    claim: RepaymentClaim,
    assessment: str,
    settlement: str,
    payment_account: str = "",
    payment_due: dt.date | None = None,
) -> RepaymentClaim:
    """The decision, after the answer or the deadline: payment by a date to an account, or offsetting."""
    _require("payments.settle_claim", user, claim, "Kun kommunens ydelsesmedarbejdere kan afgøre kravet.")
    today = timezone.localdate()
    with transaction.atomic():
        Grant.objects.select_for_update().filter(pk=claim.grant_id).get()
        claim = _locked(claim)
        if claim.status != ClaimStatus.HEARING:
            raise ValidationError("Kun et krav i partshøring kan afgøres.")
        assert claim.response_due is not None
        if not rules.may_decide(response_due=claim.response_due, answered=claim.answered, today=today):
            raise ValidationError(
                f"Virksomheden har frist til den {claim.response_due:%d.%m.%Y} til at svare. Vi træffer "
                "ikke afgørelse før fristen, medmindre virksomheden har svaret."
            )
        errors: dict[str, str] = {}
        if claim.answered and not assessment.strip():
            errors["assessment"] = "Skriv jeres vurdering af virksomhedens svar. Den står i afgørelsen."
        if settlement not in Settlement.values:
            errors["settlement"] = "Vælg, om beløbet skal betales eller modregnes."
        elif settlement == Settlement.PAYMENT:
            if not payment_account.strip():
                errors["payment_account"] = "Skriv den konto, beløbet skal betales til."
            if payment_due is None:
                errors["payment_due"] = "Angiv datoen, beløbet senest skal være betalt."
            else:
                errors |= sane_date_errors(payment_due=payment_due)
                if "payment_due" not in errors and payment_due <= today:
                    errors["payment_due"] = "Betalingsfristen skal ligge efter i dag."
        elif claim.grant.status != GrantStatus.ACTIVE:
            errors["settlement"] = (
                "Bevillingen er standset, så der kommer ingen udbetalinger at modregne i. "
                "Vælg, at virksomheden betaler beløbet."
            )
        if errors:
            raise ValidationError(errors)
        claim.assessment = assessment.strip()
        claim.settlement = settlement
        if settlement == Settlement.PAYMENT:
            assert payment_due is not None
            claim.payment_account = payment_account.strip()
            claim.payment_due = rules.payment_due(payment_due)
        claim.decided_by = user
        claim.decided_at = timezone.now()
        claim.outstanding = claim.amount
        subject, body = repayment_decision_letter(claim=claim)
        letter = letters.letter_create(
            case=claim.grant.case,
            kind=LetterKind.REPAYMENT,
            subject=subject,
            body=body,
            confidentiality=Confidentiality.SUBSIDY,
            recipient=Recipient.EMPLOYER,
        )
        claim.letter = letters.letter_send(letter=letter, user=user)
        claim.status = ClaimStatus.DECIDED
        claim.save()
        case_event_record(
            claim.grant.case,
            EventType.REPAYMENT_DECIDED,
            user,
            claim_id=claim.pk,
            amount=str(claim.amount),
            settlement=settlement,
            payment_due=str(claim.payment_due) if claim.payment_due else "",
            letter_id=letter.pk,
        )
    return claim


def repayment_drop(*, user: User, claim: RepaymentClaim, reason: str) -> RepaymentClaim:
    """An undecided claim is dropped with a reason; what it reserved of the paid amounts is free again."""
    _require("payments.settle_claim", user, claim, "Kun kommunens ydelsesmedarbejdere kan opgive kravet.")
    if not reason.strip():
        raise ValidationError({"dropped_reason": "Skriv hvorfor kravet opgives."})
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.HEARING):
            raise ValidationError("Et afgjort krav kan ikke opgives her.")
        claim.status = ClaimStatus.DROPPED
        claim.dropped_reason = reason.strip()
        claim.save(update_fields=["status", "dropped_reason"])
        case_event_record(claim.grant.case, EventType.REPAYMENT_DROPPED, user, claim_id=claim.pk)
    return claim
