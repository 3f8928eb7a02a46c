"""Ending a running grant before its time: a decision with a letter, effective at once.

A change that removes the basis of the grant (BEK § 29) or a follow-up that concludes «ended» (BEK § 15
stk. 4) ends the grant by a decision: the person gets the reasons and complaint guidance, the employer the
last day with subsidy. From the day after, no payment request or invoice can be paid (`Grant.ended_on`,
checked under the grant's row lock in payments); the time before is still paid.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.letters import services as letters
from kompensation.letters.endings import employer_ending_letter, ending_letter
from kompensation.letters.models import LetterKind

from ..models import Confidentiality, Decision, EventType, Grant, GrantStatus, Outcome
from ..validators import sane_date_errors
from .events import _event, _require_caseworker


def grant_end_errors(
    *, grant: Grant, last_day: dt.date | None, reasons: str, hearing_note: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if last_day is None:
        errors["last_day"] = "Angiv den sidste dag med bevilling."
    elif sane_date_errors(last_day=last_day):
        errors |= sane_date_errors(last_day=last_day)
    elif last_day < grant.start_date - dt.timedelta(days=1):
        errors["last_day"] = (
            f"Bevillingen begyndte {grant.start_date:%d.%m.%Y}. Den sidste dag kan ikke ligge før."
        )
    elif grant.last_day is not None and last_day >= grant.last_day:
        errors["last_day"] = (
            f"Bevillingen slutter allerede {grant.last_day:%d.%m.%Y}. Den sidste dag skal ligge før."
        )
    if not reasons.strip():
        errors["reasons"] = "Skriv begrundelsen: hvilken ændring, og hvorfor bevillingen derfor ophører."
    if not hearing_note.strip():
        errors["hearing_note"] = (
            "Skriv, hvordan personen er hørt (forvaltningslovens § 19), eller hvorfor det ikke er nødvendigt."
        )
    return errors


def grant_end(
    *, user: User, grant: Grant, last_day: dt.date | None, reasons: str, hearing_note: str
) -> Decision:
    """Decide that ``grant`` ends after ``last_day``, send the letters, and block payment for later time."""
    _require_caseworker(user, grant.case)
    with transaction.atomic():
        # The lock payment requests and invoices take when they are signed or approved: after this
        # commits, none of them can pay for time after the last day.
        grant = (
            Grant.objects.select_for_update(of=("self",)).select_related("decision", "case").get(pk=grant.pk)
        )
        if grant.status != GrantStatus.ACTIVE:
            raise ValidationError(
                f"Bevillingen er {grant.get_status_display().lower()} og kan ikke standses."
            )
        errors = grant_end_errors(grant=grant, last_day=last_day, reasons=reasons, hearing_note=hearing_note)
        if errors:
            raise ValidationError(errors)
        assert last_day is not None
        case = grant.case
        decision = Decision.objects.create(
            case=case,
            outcome=Outcome.END,
            end_date=last_day,
            reasons=reasons.strip(),
            grant_kind=grant.decision.grant_kind,
            decided_by=user,
        )
        subject, body = ending_letter(decision=decision, grant=grant, hearing_note=hearing_note.strip())
        decision.letter = letters.letter_send(
            letter=letters.letter_create(
                case=case,
                kind=LetterKind.DECISION,
                subject=subject,
                body=body,
                confidentiality=Confidentiality.HEALTH,
            ),
            user=user,
        )
        if case.employer is not None:
            subject, body = employer_ending_letter(decision=decision, grant=grant)
            decision.employer_letter = letters.employer_decision_send(
                case=case, subject=subject, body=body, user=user
            )
        decision.sent_at = timezone.now()
        decision.save(update_fields=["letter", "employer_letter", "sent_at"])
        grant.status = GrantStatus.STOPPED
        grant.ended_on = last_day
        grant.save(update_fields=["status", "ended_on"])
        from kompensation.followup.services.plans import follow_ups_cancel

        follow_ups_cancel(grant=grant, at=decision.sent_at)
        _event(
            case,
            EventType.GRANT_STOPPED,
            user,
            grant_id=grant.pk,
            last_day=str(last_day),
            reason=decision.reasons,
        )
        _event(
            case,
            EventType.DECISION_SENT,
            user,
            decision_id=decision.pk,
            outcome=decision.outcome,
            letter_id=decision.letter.pk,
            on=str(timezone.localdate()),
            ended_grant_id=grant.pk,
        )
    return decision
