"""Every payments URL refuses outsiders: other municipalities' officers, other employers, other roles."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role
from kompensation.payments import services
from kompensation.payments.models import ControlResult, Correction
from tests import factories
from tests.payments.test_services import draft

pytestmark = pytest.mark.django_db


def test_outsiders_cannot_see_or_act(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None, officer: Any
) -> None:
    request = draft(employer, granted_case, Decimal("10"))
    # A draft of the same employer, still editable; written before the period is requested, as a draft
    # for a requested period is refused at the first step.
    other = draft(employer, granted_case, Decimal("5"))
    services.payment_request_submit(
        user=employer, request=request, declaration=True, idempotency_key=uuid.uuid4().hex
    )
    services.payment_request_approve(user=officer, request=request, override_reason="Test")
    batch = services.payout_batch_create(user=officer)
    assert batch is not None
    urls = [
        ("GET", reverse("payments:officer_request", args=[request.pk])),
        ("POST", reverse("payments:approve", args=[request.pk])),
        ("POST", reverse("payments:correct", args=[request.pk])),
        ("POST", reverse("payments:reject", args=[request.pk])),
        ("GET", reverse("payments:repayment_new", args=[request.pk])),
        ("GET", reverse("payments:batch_csv", args=[batch.pk])),
        ("GET", reverse("payments:trip_new", args=[granted_case.pk])),
        ("POST", reverse("payments:trip_new", args=[granted_case.pk])),
        ("GET", reverse("payments:employer_request", args=[other.pk])),
        ("POST", reverse("payments:employer_request", args=[other.pk])),
        ("GET", reverse("payments:payslip", args=[request.pk, request.payslips.get().pk])),
        ("GET", reverse("payments:employer_delete", args=[other.pk])),
        ("POST", reverse("payments:employer_delete", args=[other.pk])),
    ]
    outsiders = {
        "officer in Aarhus": factories.user(Role.PAYMENT_OFFICER, code="751"),
        "other employer": factories.employer_user(factories.register_company(name="Fremmed A/S")),
        "the citizen": factories.citizen(granted_case.person.cpr),
        "caseworker in Aarhus": factories.caseworker("751"),
        "agency": factories.user(Role.INTERPRETER_AGENCY, code=None),
    }
    corrections = Correction.objects.count()
    for label, user in outsiders.items():
        client = Client()
        client.force_login(user)
        for method, url in urls:
            response = (
                client.get(url)
                if method == "GET"
                else client.post(
                    url, {"new_total": "1", "reason": "x", "declaration": "on", "idempotency_key": "k"}
                )
            )
            assert response.status_code in (403, 404), f"{label} {method} {url} -> {response.status_code}"
        for url in (reverse("payments:queue"), reverse("payments:employer_list")):
            response = client.get(url)
            assert request.reference.encode() not in response.content, f"{label} saw {url}"
    assert Correction.objects.count() == corrections
    other.refresh_from_db()
    assert other.status == "draft" and not ControlResult.objects.filter(request=other).exists()
