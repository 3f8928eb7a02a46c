"""Telling the person that the decision will be late, and when to expect it (RSL § 3 stk. 2)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.letters import services as letters
from kompensation.letters.models import Letter, LetterKind, Recipient
from kompensation.rules import deadlines

from ..lifecycle import AWAITING_DECISION_STATUSES
from ..models import Case, CaseStatus, Confidentiality, Deadline, DeadlineKind, EventType
from ..selectors import decision_promised_dates, decision_target_weeks
from ..validators import sane_date_errors
from .events import _event, _require_caseworker


def decision_promised_date(case: Case) -> dt.date:
    """The latest date the person has been told to expect the decision by: the target or a notice."""
    promised = decision_promised_dates([case.pk]).get(case.pk)
    if promised is None:
        return deadlines.decision_target(case.received_on, weeks=decision_target_weeks(case.municipality_id))
    return promised


def late_decision_notify(*, case: Case, expected_on: dt.date, reason: str, user: User) -> Letter:
    """Send the person a letter: the decision will not come by the date given; expect it by `expected_on`."""
    _require_caseworker(user, case)
    if case.status not in AWAITING_DECISION_STATUSES:
        raise ValidationError(
            f"Sagen har status «{CaseStatus(case.status).label}». Der sendes kun besked om forsinkelse, "
            "mens afgørelsen ikke er truffet."
        )
    target = decision_promised_date(case)
    errors: dict[str, str] = {}
    if expected_on <= target:
        errors["expected_on"] = (
            f"Datoen skal ligge efter den {target:%d.%m.%Y}, som er den dato, personen allerede har fået "
            "at vide. Skriv den dato, personen kan forvente afgørelsen."
        )
    errors |= sane_date_errors(expected_on=expected_on)
    if not reason.strip():
        errors["reason"] = "Skriv, hvorfor afgørelsen bliver forsinket, fx at vi venter på en lægeerklæring."
    if errors:
        raise ValidationError(errors)
    from kompensation.letters.compose import late_notice_letter

    subject, body = late_notice_letter(
        case=case,
        target=target,
        expected_on=expected_on,
        reason=reason,
        target_weeks=decision_target_weeks(case.municipality_id),
    )
    with transaction.atomic():
        letter = letters.letter_send(
            letter=letters.letter_create(
                case=case,
                kind=LetterKind.LATE_NOTICE,
                subject=subject,
                body=body,
                confidentiality=Confidentiality.CASE,
                recipient=Recipient.PERSON,
            ),
            user=user,
        )
        Deadline.objects.create(
            case=case,
            kind=DeadlineKind.ANNOUNCED_DECISION,
            due=expected_on,
            rule="RSL § 3 stk. 2: afgørelse varslet til personen",
        )
        _event(
            case,
            EventType.LATE_NOTICE_SENT,
            user,
            letter_id=letter.pk,
            target=str(target),
            expected_on=str(expected_on),
            sent_on=str(timezone.localdate()),
        )
    return letter
