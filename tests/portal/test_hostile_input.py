"""Hostile strings in every field of every form: only form errors, in Danish; nothing raises or runs."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from kompensation.accounts import forms as account_forms
from kompensation.cases import forms as case_forms
from kompensation.cases.models import Grant
from kompensation.cases.validators import SANE_DATE_MESSAGE
from kompensation.letters import parts as letter_parts
from kompensation.payments import forms as payment_forms
from kompensation.payments.models import ApprovedTrip
from kompensation.ui.fields import BoundedDateField, DanishDecimalField, WholeNumberField
from tests import factories

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
TEXTS = [
    XSS,
    "'; DROP TABLE x;--",
    "\x00",
    "x" * 10_000,
    "\u202eabc",
    "😀👍🏽",
    "{{ 7*7 }}",
    "../../etc/passwd",
]
NUMBERS = ["31.02.2026", "1e309", "NaN", "-0"]
DATES = ["0001-01-01", "9999-12-31", "31.02.2026"]
# Django's own English messages; any of these words in an error means a field escaped the Danish texts.
ENGLISH = re.compile(
    r"\b(enter|ensure|select|this field|valid|characters|not allowed|required|number)\b", re.IGNORECASE
)


def form_classes() -> Iterator[type[forms.BaseForm]]:
    """Every form defined in the form modules: a new form is covered without touching this test."""
    for module in (case_forms, payment_forms, account_forms):
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                yield obj


FORM_CLASSES = sorted(form_classes(), key=lambda c: c.__name__)


def known_arguments() -> dict[str, Any]:
    """What the forms that need more than data are built with; a form needing something else fails loudly."""
    return {
        "grants": Grant.objects.none(),
        "assistants": ["Assistent A", "Assistent B"],
        "parts": [(dt.date(2026, 1, 1), dt.date(2026, 3, 31))],
        "trips": ApprovedTrip.objects.none(),
        "steps": [0, 2],
        "municipality_id": factories.municipality("657").pk,
        "lines": [{"label": "Løn", "assistant": "A", "amount": "100.00"}],
        "assistant_choices": [(1, "Assistent A")],
        "payments": [],
        "letter_parts": letter_parts.split(
            "Kære A\n" + "\n".join(f"## {n}. Del\nTekst" for n in range(1, 6))
        ),
    }


def build(form_class: type[forms.BaseForm], data: dict[str, Any] | None) -> forms.BaseForm:
    known = known_arguments()
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(form_class.__init__).parameters.values():
        if parameter.name in ("self", "data", "files") or parameter.kind in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            continue
        if parameter.name in known:
            kwargs[parameter.name] = known[parameter.name]
        elif parameter.default is parameter.empty:
            pytest.fail(f"{form_class.__name__} needs «{parameter.name}»: add it to known_arguments().")
    return form_class(data=data, files={}, **kwargs)  # type: ignore[call-arg]


def errors_after(form_class: type[forms.BaseForm], name: str, value: Any) -> tuple[forms.BaseForm, list[str]]:
    form = build(form_class, {name: value})
    form.is_valid()  # must not raise, whatever was typed
    messages = [str(m) for m in form.errors.get(name, [])]
    for message in (*messages, *form.non_field_errors()):
        assert not ENGLISH.search(message), f"{form_class.__name__}.{name}: {message!r}"
    return form, messages


def test_discovery_finds_the_forms_of_all_three_modules() -> None:
    names = {c.__name__ for c in FORM_CLASSES}
    assert {"PaperApplicationForm", "DecisionForm", "HearingResponseForm", "LoginForm"} <= names
    assert {"CorrectionForm", "RepaymentClaimForm", "HoursForm", "RateRowForm", "TripForm"} <= names


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: c.__name__)
def test_hostile_input_gives_danish_form_errors_only(form_class: type[forms.BaseForm]) -> None:
    for name, field in build(form_class, None).fields.items():
        if isinstance(field, forms.DateField):
            assert isinstance(field, BoundedDateField), f"{form_class.__name__}.{name}"
            for typed in DATES:
                _, messages = errors_after(form_class, name, typed)
                assert messages, f"{form_class.__name__}.{name} took {typed!r}"
                if typed != "31.02.2026":
                    assert messages == [SANE_DATE_MESSAGE]
        elif isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
            assert isinstance(field, (DanishDecimalField, WholeNumberField)), f"{form_class.__name__}.{name}"
            for typed in NUMBERS:
                _, messages = errors_after(form_class, name, typed)
                assert messages, f"{form_class.__name__}.{name} took {typed!r}"
        elif isinstance(field, forms.CharField):
            assert field.max_length, f"{form_class.__name__}.{name} has no max_length"
            for typed in TEXTS:
                form, messages = errors_after(form_class, name, typed)
                cleaned = form.cleaned_data.get(name) or ""
                if "\x00" in typed:
                    assert messages or "\x00" not in cleaned, f"{form_class.__name__}.{name} kept a null byte"
                if len(typed) > field.max_length:
                    assert any("højst" in m for m in messages), f"{form_class.__name__}.{name}: {messages}"
                assert XSS not in form.as_div()  # shown back escaped, never as markup
        elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
            for typed in TEXTS:
                value: Any = [typed] if isinstance(field, forms.MultipleChoiceField) else typed
                _, messages = errors_after(form_class, name, value)
                assert messages, f"{form_class.__name__}.{name} took {typed[:20]!r}"


def escaped_and_kept(response: Any, *escaped: str) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    assert XSS not in page  # the hostile markup never reaches the page as markup
    for text in escaped:
        assert text in page, text
    return page


def test_paper_application(herning_caseworker: Any) -> None:
    client = Client()
    client.force_login(herning_caseworker)
    data = {
        "cpr": "'; DROP TABLE x;--",
        "received_on": "9999-12-31",
        "channel": "paper",
        "employer_cvr": factories.register_company(),
        "job_title": XSS,
        "phone": "12\x0034",
        "employment_type": "employee",
        "employment_form": "ordinary",
        "impairment_description": "{{ 7*7 }} ../../etc/passwd",
        "tasks_description": "\u202eløft 😀",
        "hours_sought": "31.02.2026",
        "hours_without_assistance": "NaN",
        "period_from": "0001-01-01",
        "until_further_notice": "on",
        "employer_contact_name": "Ole",
        "employer_contact_role": "owner",
        "working_hours": "1e309",
        "employment_start": "2019-05-01",
        "assistant-TOTAL_FORMS": "3",
        "assistant-INITIAL_FORMS": "0",
        "assistant-MIN_NUM_FORMS": "3",
        "assistant-MAX_NUM_FORMS": "3",
        "assistant-0-kind": "external",
        "assistant-0-name": XSS,
    }
    page = escaped_and_kept(
        client.post(reverse("cases:new"), data),
        f'value="{XSS_ESCAPED}"',
        "&#x27;; DROP TABLE x;--",
        "{{ 7*7 }} ../../etc/passwd",
        "\u202eløft 😀",
        'value="31.02.2026"',
        "Det ligner en dato.",
        SANE_DATE_MESSAGE,
        "ugyldigt tegn",
    )
    assert page.count(f'value="{XSS_ESCAPED}"') == 2  # the job title and the assistant's name


def test_investigation_keeps_and_escapes_and_later_shows_it_escaped(investigated_case: Any) -> None:
    client = Client()
    client.force_login(investigated_case.caseworker)
    url = reverse("cases:investigation", args=[investigated_case.pk])
    data = {
        "working_hours": "1e309",
        "impairment_type": "physical",
        "compatibility_assessment": XSS,
        "aids_considered": "{{ 7*7 }}",
        "tier": "'; DROP TABLE x;--",
    }
    escaped_and_kept(client.post(url, data), XSS_ESCAPED, "{{ 7*7 }}", "Vælg en af mulighederne på listen.")
    assert client.post(url, data | {"working_hours": "37", "tier": "standard"}).status_code == 302
    page = client.get(url).content.decode()
    assert XSS not in page and XSS_ESCAPED in page
    assert XSS not in client.get(reverse("cases:detail", args=[investigated_case.pk])).content.decode()


def test_decision(investigated_case: Any) -> None:
    client = Client()
    client.force_login(investigated_case.caseworker)
    response = client.post(
        reverse("cases:decision", args=[investigated_case.pk]),
        {
            "outcome": "grant",
            "hours_per_week": "NaN",
            "start_date": "9999-12-31",
            "period_type": "until_further_notice",
            "rate_type": "standard",
            "reasons": XSS + "\u202e",
            "period_reason": "x" * 10_000,
            "assistants": ["'; DROP TABLE x;--"],
        },
    )
    escaped_and_kept(response, XSS_ESCAPED, 'value="NaN"', SANE_DATE_MESSAGE, "højst være 5000 tegn")
    assert not investigated_case.decisions.exists()


@pytest.fixture
def submitted(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Any:
    from tests.payments.test_services import draft, submit

    return submit(employer, draft(employer, granted_case, Decimal("10")))


def test_correction_and_repayment(submitted: Any, officer: Any) -> None:
    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("payments:correct", args=[submitted.pk]),
        {"line": "../../etc/passwd", "new_total": "31.02.2026", "reason": XSS},
    )
    escaped_and_kept(response, XSS_ESCAPED, 'value="31.02.2026"', "Det ligner en dato.")
    assert not submitted.corrections.exists()
    from kompensation.payments import services as payment_services

    payment_services.payment_request_approve(user=officer, request=submitted)
    response = client.post(
        reverse("payments:repayment_new", args=[submitted.pk]),
        {
            f"should_{submitted.pk}": "1e5",
            "condition": "'; DROP TABLE x;--",
            "facts": XSS + "\x00",
        },
    )
    escaped_and_kept(response, 'value="1e5"', "Vælg en af mulighederne", "ugyldigt tegn")
    assert not submitted.grant.repayment_claims.exists()
