"""Money exactly once, enforced by the database: parallel API calls, parallel web submits, double-clicks,
an interrupted payout file. The threads release together, each with its own database connection."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kompensation.cases.models import CaseEvent, Employer, EventType
from kompensation.payments import services
from kompensation.payments.models import PaymentRequest, Payout, PayoutBatch, RequestStatus
from tests import factories
from tests.concurrency import at_once
from tests.factories import previous_quarter


def _draft(employer: Any, case: Any, hours: str = "10") -> PaymentRequest:
    start, end = previous_quarter()
    assistant = case.application.assistants.first().name
    request = services.payment_request_save_draft(
        user=employer,
        grant=case.grants.get(),
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal(hours)}],
    )
    services.payslip_add(
        user=employer, request=request, upload=factories.pdf("loen.pdf"), assistant=assistant
    )
    return request


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_live_request_for_the_same_days(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    """Not the service's check: two overlapping live rows cannot be written at all (PostgreSQL and SQLite)."""
    first = _draft(employer, granted_case)
    second = _draft(employer, granted_case)  # a draft never holds its days, so it may be written first
    services.payment_request_submit(user=employer, request=first, declaration=True, idempotency_key="a")
    second.period_start = first.period_end  # one shared day is enough
    second.period_end = first.period_end
    second.status = RequestStatus.SUBMITTED
    second.submitted_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # A rejected request frees its days; a draft never held them.
    PaymentRequest.objects.filter(pk=first.pk).update(status=RequestStatus.REJECTED)
    second.save()
    assert PaymentRequest.objects.filter(status=RequestStatus.SUBMITTED).get() == second


@pytest.mark.django_db
def test_idempotency_keys_belong_to_one_employer(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    request = _draft(employer, granted_case)
    services.payment_request_submit(user=employer, request=request, declaration=True, idempotency_key="k-1")
    other = factories.employer_user(factories.register_company(name="Anden ApS"))
    stranger = PaymentRequest(
        grant=request.grant,
        municipality=request.municipality,
        employer=Employer.objects.create(cvr=other.cvr, name="Anden ApS"),
        period_start=request.period_start,
        period_end=request.period_end,
        mode=request.mode,
        created_by=other,
        idempotency_key="k-1",
    )
    stranger.save()  # the same key at another employer is that employer's own key
    twin = PaymentRequest(
        grant=request.grant,
        municipality=request.municipality,
        employer=request.employer,
        period_start=request.period_start,
        period_end=request.period_end,
        mode=request.mode,
        created_by=employer,
        idempotency_key="k-1",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_parallel_api_submissions_with_different_keys_are_paid_once(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    assert connection.vendor == "postgresql"
    start, end = previous_quarter()
    assistant = granted_case.application.assistants.first().name
    body = {
        "grant": granted_case.grants.get().pk,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "hours": [{"assistant": assistant, "hours": "10"}],
        "declaration": True,
        "payslips": [
            {
                "assistant": assistant,
                "filename": "loen.pdf",
                "content_base64": base64.b64encode(factories.PDF_BYTES).decode(),
            }
        ],
    }

    def call() -> Any:
        client = APIClient()
        client.force_authenticate(user=employer)
        return client.post(
            "/api/v1/payment-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex
        )

    responses = at_once([call for _ in range(10)])
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 9, codes
    live = PaymentRequest.objects.exclude(status=RequestStatus.DRAFT).get()
    for refused in (r for r in responses if r.status_code == 409):
        payload = refused.json()
        assert payload["existing_request"] == live.reference
        assert "allerede anmodet om udbetaling" in payload["errors"]["period"][0]
    officer = factories.user("payment_officer", code="657")
    services.payment_request_approve(user=officer, request=live)
    batch = services.payout_batch_create(user=officer)
    assert batch is not None and batch.content.count(live.reference) == 1
    assert Payout.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_parallel_web_submissions_of_overlapping_drafts_are_paid_once(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    assert connection.vendor == "postgresql"
    drafts = [_draft(employer, granted_case) for _ in range(10)]

    def submit(draft: PaymentRequest) -> Callable[[], Any]:
        def call() -> Any:
            client = Client()
            client.force_login(employer)
            return client.post(
                reverse("payments:employer_request", args=[draft.pk]),
                {"need_unchanged": "ja", "declaration": "on", "idempotency_key": uuid.uuid4().hex},
            )

        return call

    responses = at_once([submit(d) for d in drafts])
    assert sorted(r.status_code for r in responses) == [302] + [400] * 9
    live = PaymentRequest.objects.exclude(status=RequestStatus.DRAFT).get()
    for refused in (r for r in responses if r.status_code == 400):
        assert f"allerede anmodet om udbetaling for perioden ({live.reference})" in refused.content.decode()
    assert CaseEvent.objects.filter(type=EventType.PAYMENT_REQUESTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_click_writes_one_event(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    assert connection.vendor == "postgresql"
    draft = _draft(employer, granted_case)

    def click() -> Any:
        client = Client()
        client.force_login(employer)
        return client.post(
            reverse("payments:employer_request", args=[draft.pk]),
            {"need_unchanged": "ja", "declaration": "on", "idempotency_key": uuid.uuid4().hex},
        )

    responses = at_once([click for _ in range(5)])
    assert sorted(r.status_code for r in responses) == [302] + [400] * 4
    assert CaseEvent.objects.filter(type=EventType.PAYMENT_REQUESTED).count() == 1
    assert PaymentRequest.objects.get().status == RequestStatus.SUBMITTED


@pytest.mark.django_db
def test_a_payout_file_interrupted_midway_neither_loses_nor_duplicates(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    officer = factories.user("payment_officer", code="657")
    start, end = previous_quarter()
    months = [(start, start.replace(day=28)), (start.replace(month=start.month + 1, day=1), end)]
    assistant = granted_case.application.assistants.first().name
    for period_start, period_end in months:
        request = services.payment_request_save_draft(
            user=employer,
            grant=granted_case.grants.get(),
            period_start=period_start,
            period_end=period_end,
            hours=[{"assistant": assistant, "hours": Decimal("5")}],
        )
        services.payslip_add(user=employer, request=request, upload=factories.pdf(), assistant=assistant)
        submitted = services.payment_request_submit(
            user=employer, request=request, declaration=True, idempotency_key=uuid.uuid4().hex
        )
        services.payment_request_approve(user=officer, request=submitted)
    real_quarter_of = services.settlement.rules.quarter_of
    calls = {"n": 0}

    def crash_on_second_row(day: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("the finance system's share went away")
        return real_quarter_of(day)

    with (
        mock.patch.object(services.settlement.rules, "quarter_of", crash_on_second_row),
        pytest.raises(ConnectionError),
    ):
        services.payout_batch_create(user=officer)
    assert not PayoutBatch.objects.exists()
    assert Payout.objects.filter(batch__isnull=True).count() == 2
    assert not PaymentRequest.objects.filter(status=RequestStatus.PAID).exists()
    batch = services.payout_batch_create(user=officer)
    assert batch is not None and batch.payouts.count() == 2
    assert batch.total == sum(p.net for p in Payout.objects.all())
    assert services.payout_batch_create(user=officer) is None
