"""Writes of letters: drafts stay editable; a sent letter's text is frozen and rendered once as a PDF.

Sending is part of the caller's transaction (the decision, the hearing, the claim); rendering the PDF is
not. It runs as a task after commit (`tasks.render_letter`), so a failing renderer never undoes a decision,
and a rolled-back decision never leaves a PDF behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Confidentiality
from kompensation.files import file_writes

from .compose import complaint_guidance
from .models import Letter, LetterKind, Recipient, letter_path
from .pdf import blocks, render_letter_pdf

if TYPE_CHECKING:
    from kompensation.cases.models import Case

logger = logging.getLogger(__name__)

MAX_BODY = 50_000


def letter_create(
    *,
    case: Case,
    kind: str,
    subject: str,
    body: str,
    confidentiality: str,
    recipient: str = Recipient.PERSON,
) -> Letter:
    """Every letter is born with its confidentiality class; the employer reads only the subsidy class."""
    footer = _footer(case, kind, recipient, timezone.localdate())
    return Letter.objects.create(
        case=case,
        kind=kind,
        subject=subject,
        body=body,
        fixed_footer=footer,
        confidentiality=confidentiality,
        recipient=recipient,
    )


# Letters that decide something carry complaint guidance (FVL § 25) the caseworker cannot remove.
DECIDING_KINDS = (LetterKind.DECISION, LetterKind.REPAYMENT, LetterKind.COMPLAINT_REJECTED)


def _footer(case: Case, kind: str, recipient: str, sent_on: dt.date) -> str:
    return complaint_guidance(case, sent_on=sent_on, recipient=recipient) if kind in DECIDING_KINDS else ""


def letter_edit(*, letter: Letter, user: User, subject: str, body: str) -> Letter:
    if letter.is_sent:
        raise ValidationError("Brevet er sendt og kan ikke ændres.")
    if not body.strip():
        raise ValidationError({"body": "Brevteksten må ikke være tom."})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"Brevteksten må højst være {MAX_BODY:,} tegn.".replace(",", ".")})
    letter.subject = subject
    letter.body = body
    letter.save(update_fields=["subject", "body"])
    return letter


def letter_context(letter: Letter, *, sent_on: object = None) -> dict[str, object]:
    case = letter.case
    return {
        "letter": letter,
        "case": case,
        "recipient": case.employer
        if letter.recipient == Recipient.EMPLOYER and case.employer
        else case.person,
        "municipality": case.municipality,
        # The person can reach the one who wrote: the sender, or for a draft the case's caseworker.
        "caseworker": letter.sent_by or case.caseworker,
        "date": sent_on or timezone.localdate(),
        "blocks": blocks(letter.body),
        "footer_blocks": blocks(letter.fixed_footer),
    }


def letter_preview_context(letter: Letter, *, body: str) -> dict[str, object]:
    """What the editor's preview shows: the letter as `body` would make it, with the fixed footer."""
    return {**letter_context(letter), "blocks": blocks(body)}


def letter_send(*, letter: Letter, user: User) -> Letter:
    """Freeze the text as sent; its PDF is rendered once, after commit, and then always served as stored."""
    from .tasks import render_letter

    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.is_sent:
            raise ValidationError("Brevet er allerede sendt.")
        letter.sent_at = timezone.now()
        letter.sent_by = user
        # The draft's guidance was dated the day it was drafted; the last day to complain runs from sending.
        letter.fixed_footer = _footer(
            letter.case, letter.kind, letter.recipient, timezone.localdate(letter.sent_at)
        )
        letter.save(update_fields=["sent_at", "sent_by", "fixed_footer"])
        letter_id = letter.pk
        # robust: a queue that cannot take the task must not turn a committed decision into an error page;
        # letters_render_missing finds the letter later.
        transaction.on_commit(lambda: render_letter.enqueue(letter_id), robust=True)
    return letter


def letter_render(*, letter_id: int) -> bool:
    """Render a sent letter's PDF from its frozen text, dated the day it was sent; True if this call did.

    Idempotent: a letter that already has its PDF is left alone, so a task run twice (or by the sweep and
    the worker at once) renders once. A failing renderer is logged and raised; the letter stays sent.
    """
    from kompensation.cases.models import EventType
    from kompensation.cases.services.events import case_event_record

    letter = Letter.objects.select_related("case").filter(pk=letter_id).first()
    if letter is None or letter.sent_at is None or letter.pdf:
        return False
    try:
        pdf = render_letter_pdf(context=letter_context(letter, sent_on=timezone.localdate(letter.sent_at)))
    except Exception:
        logger.exception("Brev %s kunne ikke dannes som PDF; letters_render_missing prøver igen.", letter_id)
        raise
    sha256 = hashlib.sha256(pdf).hexdigest()
    with file_writes() as files, transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("case").get(pk=letter_id)
        if letter.pdf:
            return False
        letter.pdf.name = files.write(
            letter_path(letter, f"{letter.kind}-{letter.pk}-{sha256[:12]}.pdf"), pdf
        )
        letter.sha256 = sha256
        letter.save(update_fields=["pdf", "sha256"])
        case_event_record(letter.case, EventType.LETTER_RENDERED, None, letter_id=letter.pk, sha256=sha256)
    return True


def letters_missing_pdf(*, min_age: dt.timedelta = dt.timedelta(minutes=5)) -> list[int]:
    """Sent letters without a PDF; the youngest are left to the task already queued for them."""
    cutoff = timezone.now() - min_age
    return list(
        Letter.objects.filter(sent_at__isnull=False, sent_at__lte=cutoff, pdf="")
        .order_by("sent_at")
        .values_list("pk", flat=True)
    )


def employer_decision_send(*, case: Case, subject: str, body: str, user: User) -> Letter:
    """Send the employer's own version of a decision: the subsidy class only, addressed to the employer, with
    the employer's complaint guidance (design.md: the employer is a party to the subsidy, not to health)."""
    letter = letter_create(
        case=case,
        kind=LetterKind.DECISION,
        subject=subject,
        body=body,
        confidentiality=Confidentiality.SUBSIDY,
        recipient=Recipient.EMPLOYER,
    )
    return letter_send(letter=letter, user=user)
