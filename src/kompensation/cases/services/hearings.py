"""The hearing of the person before a decision against them (FVL § 19)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.letters import services as letters
from kompensation.letters.models import LetterKind
from kompensation.rules import deadlines

from ..models import (
    Case,
    CaseStatus,
    Confidentiality,
    Deadline,
    DeadlineKind,
    EventType,
    Hearing,
)
from ..validators import sane_date_errors
from .events import _event, _require_caseworker, _transition


def hearing_send(
    *, case: Case, user: User, facts: str, response_days: int = deadlines.HEARING_RESPONSE_DAYS
) -> Hearing:
    """FVL § 19: put the facts to the person, with a deadline to answer, before deciding against them."""
    _require_caseworker(user, case)
    errors: dict[str, str] = {}
    if not facts.strip():
        errors["facts"] = "Beskriv de oplysninger, personen skal høres over."
    if not 7 <= response_days <= 56:
        errors["response_days"] = "Svarfristen skal være mellem 7 og 56 dage."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    due = deadlines.hearing_deadline(today, days=response_days)
    with transaction.atomic():
        _transition(case, CaseStatus.HEARING)
        from kompensation.letters.compose import hearing_letter

        subject, body = hearing_letter(case=case, facts=facts, response_due=due)
        letter = letters.letter_create(
            case=case,
            kind=LetterKind.HEARING,
            subject=subject,
            body=body,
            confidentiality=Confidentiality.HEALTH,
        )
        letter = letters.letter_send(letter=letter, user=user)
        hearing = Hearing.objects.create(
            case=case, facts=facts, sent_on=today, response_due=due, letter=letter, created_by=user
        )
        Deadline.objects.create(
            case=case,
            kind=DeadlineKind.HEARING_RESPONSE,
            due=due,
            rule="Forvaltningsloven § 19: svarfrist i partshøring",
        )
        _event(
            case,
            EventType.HEARING_SENT,
            user,
            hearing_id=hearing.pk,
            response_due=str(due),
            letter_id=letter.pk,
        )
    return hearing


def hearing_record_response(*, hearing: Hearing, user: User, received_on: dt.date, response: str) -> Hearing:
    case = hearing.case
    _require_caseworker(user, case)
    errors: dict[str, str] = {}
    if hearing.answered:
        errors["response"] = "Svaret på denne partshøring er allerede registreret."
    if received_on < hearing.sent_on or received_on > timezone.localdate():
        errors["received_on"] = "Datoen skal ligge mellem afsendelsen og i dag."
    errors |= sane_date_errors(received_on=received_on)
    if not response.strip():
        errors["response"] = "Skriv personens svar, eller at personen ikke har haft bemærkninger."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hearing.response_received_on = received_on
        hearing.response = response
        hearing.save()
        case.deadlines.filter(kind=DeadlineKind.HEARING_RESPONSE, met_at__isnull=True).update(
            met_at=timezone.now()
        )
        if case.status == CaseStatus.HEARING:
            _transition(case, CaseStatus.INVESTIGATING)
        _event(case, EventType.HEARING_RESPONSE, user, hearing_id=hearing.pk, received_on=str(received_on))
    return hearing
