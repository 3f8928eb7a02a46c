"""Writes of letters: drafts stay editable, a sent letter is frozen as a PDF with its SHA-256."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User

from .compose import complaint_guidance
from .models import Letter, LetterKind, Recipient
from .pdf import blocks, render_letter_pdf

if TYPE_CHECKING:
    from kompensation.cases.models import Case

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
    footer = complaint_guidance(case) if kind in (LetterKind.DECISION, LetterKind.REPAYMENT) else ""
    return Letter.objects.create(
        case=case,
        kind=kind,
        subject=subject,
        body=body,
        fixed_footer=footer,
        confidentiality=confidentiality,
        recipient=recipient,
    )


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
        "date": sent_on or timezone.localdate(),
        "blocks": blocks(letter.body),
        "footer_blocks": blocks(letter.fixed_footer),
    }


def letter_send(*, letter: Letter, user: User) -> Letter:
    """Render and freeze; the portal shows the stored PDF, never a re-rendering."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.is_sent:
            raise ValidationError("Brevet er allerede sendt.")
        now = timezone.now()
        pdf = render_letter_pdf(context=letter_context(letter, sent_on=timezone.localdate(now)))
        letter.sha256 = hashlib.sha256(pdf).hexdigest()
        letter.pdf.save(f"{letter.kind}-{letter.pk}-{letter.sha256[:12]}.pdf", ContentFile(pdf), save=False)
        letter.sent_at = now
        letter.sent_by = user
        letter.save()
    return letter
