"""A repayment claim never exceeds what was paid out on its requests, less what live claims already take."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompensation.letters.models import Letter
from kompensation.payments import services
from kompensation.payments.models import RepaymentClaim
from tests.payments.test_services import draft, submit

pytestmark = pytest.mark.django_db

# 10 hours at 127,86 kr. = 1.278,60 kr.; plus the standard 25 % = 319,65 kr.; paid 1.598,25 kr.
PAID = Decimal("1598.25")


@pytest.fixture
def request_(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Any:
    return submit(employer, draft(employer, granted_case, Decimal("10")))


def claim(officer: Any, request: Any, should: str) -> RepaymentClaim:
    return services.repayment_claim_create(
        user=officer,
        grant=request.grant,
        condition="conditions_not_met",
        facts="Assistenten var fratrådt.",
        should_have_been={request.pk: Decimal(should)},
    )


def refusal(officer: Any, request: Any, should: str) -> str:
    with pytest.raises(ValidationError) as exc:
        claim(officer, request, should)
    return " ".join(exc.value.message_dict[f"should_{request.pk}"])


def test_nothing_paid_nothing_to_claim(request_: Any, officer: Any) -> None:
    assert refusal(officer, request_, "0") == (
        "Der er ikke udbetalt noget for den anmodning på bevillingen; der er intet at kræve tilbage."
    )
    assert not RepaymentClaim.objects.exists()
    assert not Letter.objects.filter(kind__startswith="repayment").exists()


def test_a_claim_is_at_most_what_was_paid_less_earlier_claims(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    ref = request_.reference
    assert refusal(officer, request_, "1598.25") == (
        f"Der er udbetalt 1.598,25 kr. for {ref}. Det rigtige beløb skal være mindre end 1.598,25 kr., "
        "ellers er der intet at kræve tilbage."
    )
    first = claim(officer, request_, "598.25")
    assert first.amount == Decimal("1000.00")  # 1.598,25 − 598,25
    assert first.lines[0]["paid"] == "1598.25" and first.lines[0]["difference"] == "1000.00"
    # 1.598,25 − 1.000,00 already claimed leaves 598,25; "should have been 598,25" leaves nothing to claim.
    assert refusal(officer, request_, "598.25") == (
        f"Der er udbetalt 1.598,25 kr. for {ref}, og der er allerede krævet 1.000,00 kr. tilbage. "
        "Det rigtige beløb skal være mindre end 598,25 kr., ellers er der intet at kræve tilbage."
    )
    second = claim(officer, request_, "0")
    assert second.amount == Decimal("598.25") and second.lines[0]["earlier_claimed"] == "1000.00"
    assert refusal(officer, request_, "0") == (
        f"Der er udbetalt 1.598,25 kr. for {ref}, og hele beløbet er allerede krævet tilbage."
    )
    assert request_.grant.repayment_claims.count() == 2


def test_a_dropped_claim_frees_what_it_reserved(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    first = claim(officer, request_, "598.25")
    claim(officer, request_, "0")
    services.repayment_drop(user=officer, claim=first, reason="Fejl i beregningen")
    # Only the second claim's 598,25 kr. is live: 1.598,25 − 598,25 − 0 = 1.000,00.
    assert claim(officer, request_, "0").amount == Decimal("1000.00")


def test_should_have_been_is_not_negative(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    assert refusal(officer, request_, "-1") == "Det rigtige beløb kan ikke være negativt."


def test_condition_facts_and_a_line_are_required(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    with pytest.raises(ValidationError) as exc:
        services.repayment_claim_create(
            user=officer, grant=request_.grant, condition="", facts=" ", should_have_been={}
        )
    errors = exc.value.message_dict
    assert errors["condition"] == ["Vælg den betingelse, kravet bygger på."]
    assert errors["facts"][0].startswith("Beskriv sagens faktiske omstændigheder")
    assert errors["__all__"] == ["Angiv for mindst én udbetaling, hvad der skulle have været udbetalt."]


def test_the_page_names_the_paid_amount_and_creates_nothing(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    client = Client()
    client.force_login(officer)
    url = reverse("payments:repayment_new", args=[request_.pk])
    page = client.get(url).content.decode()
    assert "Udbetalt 1.598,25 kr." in page
    response = client.post(
        url,
        {
            f"should_{request_.pk}": "31.022.026,00",
            "condition": "conditions_not_met",
            "facts": "For mange timer",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Der er udbetalt 1.598,25 kr. for {request_.reference}." in page
    assert 'value="31.022.026,00"' in page and "For mange timer" in page
    assert not request_.grant.repayment_claims.exists()
    assert not Letter.objects.filter(kind__startswith="repayment").exists()
