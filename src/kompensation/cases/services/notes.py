"""Journal notes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from kompensation.accounts.models import User

from ..models import Case, EventType, JournalNote
from .events import _event, _require_caseworker


def journal_note_add(*, case: Case, user: User, text: str) -> JournalNote:
    _require_caseworker(user, case)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Notatet er tomt."})
    if len(text) > 10_000:
        raise ValidationError({"text": "Notatet må højst være 10.000 tegn."})
    with transaction.atomic():
        note = JournalNote.objects.create(case=case, author=user, text=text)
        _event(case, EventType.JOURNAL_NOTE, user, note_id=note.pk)
    return note
