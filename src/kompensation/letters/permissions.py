"""Who may read a letter: staff every letter of their cases; the person and the employer only what was sent
to them, the employer only the subsidy class (its own version of a decision, a repayment claim)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

import rules
from kompensation.accounts.models import Role
from kompensation.accounts.permissions import NOTHING, predicate
from kompensation.cases.models import Case, Confidentiality
from kompensation.cases.permissions import case_scope

from .models import Letter, Recipient


def letter_scope(user: Any) -> Q:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return NOTHING
    scope = Q(case__in=Case.objects.filter(case_scope(user)))
    if user.role == Role.CITIZEN:
        return scope & Q(sent_at__isnull=False, recipient=Recipient.PERSON)
    if user.role == Role.EMPLOYER:
        return scope & Q(
            sent_at__isnull=False, recipient=Recipient.EMPLOYER, confidentiality=Confidentiality.SUBSIDY
        )
    return scope


@predicate
def may_read_letter(user: Any, letter: Letter | None) -> bool:
    return letter is not None and Letter.objects.filter(letter_scope(user), pk=letter.pk).exists()


rules.add_perm("letters.read_letter", may_read_letter)
