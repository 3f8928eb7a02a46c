from django.db.models import QuerySet
from django.http import Http404

from kompensation.accounts.models import User

from .models import Letter
from .permissions import letter_scope


def letter_queryset_visible_to(user: User) -> QuerySet[Letter]:
    return Letter.objects.filter(letter_scope(user)).select_related("case")


def letter_get_visible(*, user: User, pk: int) -> Letter:
    letter = letter_queryset_visible_to(user).filter(pk=pk).first()
    if letter is None:
        raise Http404("Brevet findes ikke, eller du har ikke adgang til det.")
    return letter
