"""The hearing of the person before a decision against them (FVL § 19)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.files import file_writes
from kompensation.letters import services as letters
from kompensation.letters.models import LetterKind
from kompensation.rules import deadlines

from ..lifecycle import can_investigate
from ..models import (
    Case,
    CaseStatus,
    Confidentiality,
    Deadline,
    DeadlineKind,
    Document,
    DocumentType,
    EventType,
    Hearing,
    HearingChannel,
)
from ..validators import sane_date_errors
from .documents import _document_save, document_check
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
    """The caseworker registers an answer that came by letter, mail, phone or at a meeting."""
    _require_caseworker(user, hearing.case)
    return _record_response(
        hearing=hearing,
        user=user,
        received_on=received_on,
        response=response,
        channel=HearingChannel.REGISTERED,
        empty_message="Skriv personens svar, eller at personen ikke har haft bemærkninger.",
    )


def hearing_answer_in_portal(
    *, hearing: Hearing, user: User, response: str, document: UploadedFile | None = None
) -> Hearing:
    """The person answers the hearing on «Min sag»; received today, through the portal.

    The answer (and any document with it) concerns the person's health, so the document is stored in the
    health class: the employer never reads it.
    """
    case = hearing.case
    if user.role != Role.CITIZEN or not user.cpr or case.person.cpr != user.cpr:
        raise PermissionDenied("Kun personen selv kan svare på sin partshøring.")
    if not can_investigate(case.status):
        raise ValidationError(
            {"response": "Sagen er afgjort. Kontakt jobcentret, hvis du vil have noget med i sagen."}
        )
    errors: dict[str, str] = {}
    if hearing.answered:
        errors["response"] = "Dit svar er allerede modtaget. Kontakt jobcentret, hvis du vil tilføje noget."
    elif not response.strip():
        errors["response"] = "Skriv dit svar. Har du ingen bemærkninger, så skriv det."
    checked = None
    if document is not None:
        try:
            checked = document_check(upload=document, doc_type=DocumentType.OTHER, field="document")
        except ValidationError as exc:
            errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    with file_writes() as files, transaction.atomic():
        stored = None
        if checked is not None:
            stored = _document_save(
                files=files,
                user=user,
                checked=checked,
                doc_type=DocumentType.OTHER,
                application=None,
                case=case,
                confidentiality=Confidentiality.HEALTH,
            )
        return _record_response(
            hearing=hearing,
            user=user,
            received_on=timezone.localdate(),
            response=response,
            channel=HearingChannel.PORTAL,
            document=stored,
            empty_message="Skriv dit svar. Har du ingen bemærkninger, så skriv det.",
        )


def _record_response(
    *,
    hearing: Hearing,
    user: User,
    received_on: dt.date,
    response: str,
    channel: str,
    empty_message: str,
    document: Document | None = None,
) -> Hearing:
    case = hearing.case
    errors: dict[str, str] = {}
    if received_on < hearing.sent_on or received_on > timezone.localdate():
        errors["received_on"] = "Datoen skal ligge mellem afsendelsen og i dag."
    errors |= sane_date_errors(received_on=received_on)
    if not response.strip():
        errors["response"] = empty_message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Locked and read again: the person answering online while the caseworker registers a letter (or
        # a double-click) records one answer, and the second is told so.
        hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
        if hearing.answered:
            raise ValidationError({"response": "Svaret på denne partshøring er allerede registreret."})
        hearing.response_received_on = received_on
        hearing.response = response
        hearing.response_channel = channel
        hearing.response_document = document
        hearing.save()
        case = hearing.case
        case.deadlines.filter(kind=DeadlineKind.HEARING_RESPONSE, met_at__isnull=True).update(
            met_at=timezone.now()
        )
        if case.status == CaseStatus.HEARING:
            _transition(case, CaseStatus.INVESTIGATING)
        _event(
            case,
            EventType.HEARING_RESPONSE,
            user,
            hearing_id=hearing.pk,
            received_on=str(received_on),
            channel=channel,
        )
    return hearing
