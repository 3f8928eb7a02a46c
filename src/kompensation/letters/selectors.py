from django.db.models import QuerySet
from django.http import Http404

from kompensation.accounts.models import Role, User
from kompensation.cases.selectors import case_queryset_visible_to

from .models import Letter, LetterKind


def letter_queryset_visible_to(user: User) -> QuerySet[Letter]:
    """Staff see every letter of their cases; the person and the employer only letters that were sent."""
    letters = Letter.objects.filter(case__in=case_queryset_visible_to(user)).select_related("case")
    if not user.is_municipal_staff:
        letters = letters.filter(sent_at__isnull=False)
    if user.role == Role.CITIZEN:
        letters = letters.exclude(kind=LetterKind.REPAYMENT)  # addressed to the employer
    if user.role == Role.EMPLOYER:
        # The employer is a party to the subsidy decision, not to the hearing of the person's health.
        letters = letters.filter(kind__in=[LetterKind.DECISION, LetterKind.REPAYMENT])
    return letters


def letter_get_visible(*, user: User, pk: int) -> Letter:
    letter = letter_queryset_visible_to(user).filter(pk=pk).first()
    if letter is None:
        raise Http404("Brevet findes ikke, eller du har ikke adgang til det.")
    return letter
