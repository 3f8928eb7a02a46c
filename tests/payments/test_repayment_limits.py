"""A repayment claim never exceeds what was paid out for its period, less what is already claimed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompensation.letters.models import Letter
from kompensation.payments import services
from tests.factories import previous_quarter
from tests.payments.test_services import draft, submit

pytestmark = pytest.mark.django_db

PAID = Decimal("1598.25")  # 10 hours at 127,86 kr. plus 25 %


@pytest.fixture
def request_(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Any:
    return submit(employer, draft(employer, granted_case, Decimal("10")))


def claim(officer: Any, request: Any, amount: str, period: tuple[dt.date, dt.date] | None = None) -> Any:
    start, end = period or previous_quarter()
    return services.repayment_claim_create(
        user=officer,
        grant=request.grant,
        amount=Decimal(amount),
        reason="Assistenten var fratrådt.",
        legal_basis="BEK § 29",
        period_start=start,
        period_end=end,
    )


def refusal(officer: Any, request: Any, amount: str, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        claim(officer, request, amount, **kwargs)
    return " ".join(exc.value.message_dict["amount"])


def test_nothing_paid_nothing_to_claim(request_: Any, officer: Any) -> None:
    assert refusal(officer, request_, "1.00") == (
        "Der er udbetalt 0,00 kr. for perioden; kravet kan højst være det beløb."
    )
    assert not Letter.objects.filter(kind="repayment").exists()


def test_a_claim_is_at_most_what_was_paid_less_earlier_claims(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    assert refusal(officer, request_, "1598.26") == (
        "Der er udbetalt 1.598,25 kr. for perioden; kravet kan højst være det beløb."
    )
    assert claim(officer, request_, "1000.00").outstanding == Decimal("1000.00")
    assert refusal(officer, request_, "600.00") == (
        "Der er udbetalt 1.598,25 kr. for perioden, og der er allerede krævet 1.000,00 kr. tilbage; "
        "kravet kan højst være 598,25 kr."
    )
    assert claim(officer, request_, "598.25").amount == Decimal("598.25")
    assert request_.grant.repayment_claims.count() == 2


def test_only_payouts_for_the_claims_period_count(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    start, _ = previous_quarter()
    earlier = (start - dt.timedelta(days=90), start - dt.timedelta(days=1))
    assert "udbetalt 0,00 kr." in refusal(officer, request_, "1.00", period=earlier)


@pytest.mark.parametrize("amount", ["0", "-1"])
def test_amount_must_be_positive(request_: Any, officer: Any, amount: str) -> None:
    services.payment_request_approve(user=officer, request=request_)
    assert refusal(officer, request_, amount) == "Beløbet skal være større end 0."


def test_period_is_bounded_and_ordered(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    start, end = previous_quarter()
    with pytest.raises(ValidationError) as exc:
        claim(officer, request_, "1.00", period=(end, start))
    assert exc.value.message_dict["period_end"] == ["Slutdatoen skal ligge efter startdatoen."]
    with pytest.raises(ValidationError) as exc:
        claim(officer, request_, "1.00", period=(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    assert exc.value.message_dict["period_start"] == exc.value.message_dict["period_end"]
    assert "mellem 1. januar 2000 og 31. december 2100" in exc.value.message_dict["period_start"][0]


def test_the_page_names_the_paid_amount_and_sends_no_letter(request_: Any, officer: Any) -> None:
    services.payment_request_approve(user=officer, request=request_)
    client = Client()
    client.force_login(officer)
    start, end = previous_quarter()
    response = client.post(
        reverse("payments:repayment_new", args=[request_.pk]),
        {
            "amount": "31.022.026,00",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "legal_basis": "BEK § 29 (pligt til at oplyse om ændringer)",
            "reason": "For mange timer",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Der er udbetalt 1.598,25 kr. for perioden; kravet kan højst være det beløb." in page
    assert 'value="31.022.026,00"' in page and "For mange timer" in page
    assert not request_.grant.repayment_claims.exists()
    assert not Letter.objects.filter(kind="repayment").exists()
