"""A correction above the computed amount needs a second payment officer; none may exceed the hard limits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kompensation.accounts.models import Role
from kompensation.api.services import api_token_issue
from kompensation.payments import services
from kompensation.payments.models import CorrectionStatus, Payout
from tests import factories
from tests.payments.test_services import draft, submit

pytestmark = pytest.mark.django_db

# 10 hours at the example rate 127,86 kr. = 1.278,60 kr., plus the standard 25 % = 319,65 kr.
COMPUTED = Decimal("1598.25")
PENDING = "En rettelse afventer godkendelse af en anden ydelsesmedarbejder."


@pytest.fixture
def request_(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Any:
    request = submit(employer, draft(employer, granted_case, Decimal("10")))
    assert request.requested_total == COMPUTED
    return request


@pytest.fixture
def colleague(db: None) -> Any:
    return factories.user(Role.PAYMENT_OFFICER, code="657")


def raise_to(officer: Any, request: Any, amount: str) -> Any:
    return services.payment_request_correct(
        user=officer, request=request, new_total=Decimal(amount), reason="Overarbejde var aftalt."
    )


def test_a_raise_waits_changes_nothing_and_blocks_approval(request_: Any, officer: Any) -> None:
    correction = raise_to(officer, request_, "2000.00")
    assert correction.status == CorrectionStatus.PENDING and correction.confirmed_by is None
    assert services.payment_request_total(request_) == COMPUTED
    with pytest.raises(ValidationError) as exc:
        services.payment_request_approve(user=officer, request=request_)
    assert exc.value.messages == [PENDING]
    with pytest.raises(ValidationError) as exc:
        raise_to(officer, request_, "1800.00")
    assert PENDING in exc.value.message_dict["new_total"][0]
    assert not Payout.objects.exists()


def test_the_maker_and_the_decider_cannot_confirm(request_: Any, officer: Any) -> None:
    correction = raise_to(officer, request_, "2000.00")
    with pytest.raises(PermissionDenied, match="selv lavet rettelsen"):
        services.correction_confirm(user=officer, correction=correction)
    decider = request_.grant.decision.decided_by
    decider.role = Role.PAYMENT_OFFICER
    decider.save()
    with pytest.raises(PermissionDenied, match="truffet afgørelsen"):
        services.correction_confirm(user=decider, correction=correction)
    stranger = factories.user(Role.PAYMENT_OFFICER, code="751")
    with pytest.raises(PermissionDenied):
        services.correction_confirm(user=stranger, correction=correction)
    caseworker = request_.grant.case.caseworker
    with pytest.raises(PermissionDenied):
        services.correction_confirm(user=caseworker, correction=correction)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING
    assert services.payment_request_total(request_) == COMPUTED


def test_another_officer_confirms_and_the_raise_counts(request_: Any, officer: Any, colleague: Any) -> None:
    correction = raise_to(officer, request_, "2000.00")
    services.correction_confirm(user=colleague, correction=correction)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.CONFIRMED and correction.confirmed_by == colleague
    assert correction.confirmed_at is not None
    assert services.payment_request_total(request_) == Decimal("2000.00")
    with pytest.raises(ValidationError, match="allerede"):
        services.correction_confirm(user=colleague, correction=correction)
    assert services.payment_request_approve(user=officer, request=request_).gross == Decimal("2000.00")


def test_a_line_raised_above_the_computed_total_also_waits(request_: Any, officer: Any) -> None:
    correction = services.payment_request_correct(
        user=officer, request=request_, new_total=Decimal("400.00"), reason="Højere pension.", line="1"
    )
    assert correction.old_amount == Decimal("319.65") and correction.status == CorrectionStatus.PENDING
    assert services.payment_request_total(request_) == COMPUTED


def test_lowering_needs_no_second_person_and_raising_back_up_to_the_computed_amount_neither(
    request_: Any, officer: Any
) -> None:
    lower = raise_to(officer, request_, "1000.00")
    assert lower.status == CorrectionStatus.CONFIRMED
    assert services.payment_request_total(request_) == Decimal("1000.00")
    back = raise_to(officer, request_, "1598.25")
    assert back.status == CorrectionStatus.CONFIRMED
    assert services.payment_request_total(request_) == COMPUTED


def test_the_maker_may_withdraw_a_pending_raise(request_: Any, officer: Any) -> None:
    correction = raise_to(officer, request_, "2000.00")
    services.correction_refuse(user=officer, correction=correction)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REFUSED
    assert services.payment_request_total(request_) == COMPUTED
    assert services.payment_request_approve(user=officer, request=request_).gross == COMPUTED


@pytest.mark.parametrize(
    "amount",
    [
        "15982.51",  # one øre over 10 × 1.598,25 kr.
        "31022026.00",  # the date 31.02.2026 typed as an amount
    ],
)
def test_a_correction_beyond_ten_times_the_computed_amount_is_refused(
    request_: Any, officer: Any, amount: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        raise_to(officer, request_, amount)
    message = exc.value.message_dict["new_total"][0]
    assert "højst blive 15.982,50 kr." in message and "1.000.000,00 kr." in message
    assert not request_.corrections.exists()
    assert raise_to(officer, request_, "15982.50").status == CorrectionStatus.PENDING


def test_no_correction_is_ever_above_one_million(request_: Any, officer: Any) -> None:
    type(request_).objects.filter(pk=request_.pk).update(requested_total=Decimal("200000.00"))
    request_.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        raise_to(officer, request_, "1000000.01")
    assert "højst blive 1.000.000,00 kr." in exc.value.message_dict["new_total"][0]


def test_employer_sees_only_a_confirmed_correction(
    request_: Any, officer: Any, colleague: Any, employer: Any
) -> None:
    correction = raise_to(officer, request_, "2000.00")
    page = Client()
    page.force_login(employer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=employer, name='test')[1]}")
    url = reverse("payments:employer_request", args=[request_.pk])
    before = page.get(url).content.decode()
    assert "Overarbejde var aftalt." not in before and "2.000,00 kr." not in before
    assert "(rettet)" not in page.get(reverse("payments:employer_list")).content.decode()
    assert api.get(f"/api/v1/payment-requests/{request_.pk}/").json()["corrections"] == []
    services.correction_confirm(user=colleague, correction=correction)
    after = page.get(url).content.decode()
    assert "Overarbejde var aftalt." in after and "2.000,00 kr." in after
    corrections = api.get(f"/api/v1/payment-requests/{request_.pk}/").json()["corrections"]
    assert [c["new_amount"] for c in corrections] == ["2000.00"]


def test_officer_page_offers_confirmation_to_the_colleague_only(
    request_: Any, officer: Any, colleague: Any
) -> None:
    maker, other = Client(), Client()
    maker.force_login(officer)
    other.force_login(colleague)
    response = maker.post(
        reverse("payments:correct", args=[request_.pk]),
        {"line": "total", "new_total": "2.000,00", "reason": "Overarbejde var aftalt."},
    )
    assert response.status_code == 302
    correction = request_.corrections.get()
    confirm_url = reverse("payments:correction_confirm", args=[request_.pk, correction.pk])
    page = maker.get(reverse("payments:officer_request", args=[request_.pk])).content.decode()
    assert PENDING in page and confirm_url not in page and "Træk rettelsen tilbage" in page
    assert "Godkend 1.598,25 kr." not in page
    assert maker.post(confirm_url).status_code == 403
    page = other.get(reverse("payments:officer_request", args=[request_.pk])).content.decode()
    assert confirm_url in page
    assert other.post(confirm_url).status_code == 302
    page = other.get(reverse("payments:officer_request", args=[request_.pk])).content.decode()
    assert "Godkend 2.000,00 kr." in page
    approve = maker.post(reverse("payments:approve", args=[request_.pk]))
    assert approve.status_code == 302 and Payout.objects.get().gross == Decimal("2000.00")
