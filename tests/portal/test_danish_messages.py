"""No form can show one of Django's own validation messages: each error says, in Danish, what to do."""

from __future__ import annotations

import pytest
from django import forms

from tests.e2e.danish_text import django_default_messages, problems
from tests.portal.test_hostile_input import FORM_CLASSES, build

pytestmark = pytest.mark.django_db


def messages_of(field: forms.Field) -> dict[str, str]:
    """Every message the field can raise: its own, and each validator's unless the field rewords the code."""
    found = {code: str(message) for code, message in field.error_messages.items()}
    for validator in field.validators:
        code = getattr(validator, "code", None)
        if code and code not in found:
            found[code] = str(getattr(validator, "message", ""))
    return found


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: c.__name__)
def test_no_field_speaks_with_djangos_default_messages(form_class: type[forms.BaseForm]) -> None:
    form = build(form_class, {})
    form.full_clean()  # forms that add fields after __init__ have them reworded by the time they clean
    wrong = [
        f"{name}.{code}: {message}"
        for name, field in form.fields.items()
        for code, message in messages_of(field).items()
        if problems(message)
    ]
    assert wrong == [], f"{form_class.__name__}:\n" + "\n".join(wrong)


def test_the_check_knows_djangos_danish_and_english_messages() -> None:
    texts = [text for text, _ in django_default_messages()]
    assert "Dette felt er påkrævet." in texts and "This field is required." in texts
    assert problems(str(forms.CharField().error_messages["required"]))
