"""«Er behovet for personlig assistance uændret?» on the employer's payment request (the audit's idea):
a «nej» opens exactly one change report with the request, a «ja» none; the portal asks, the API may."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompensation.followup.models import ChangeReport
from kompensation.payments import services
from kompensation.payments.models import RequestStatus
from tests import factories
from tests.api.conftest import Api, bearer_client, request_body
from tests.factories import previous_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> dict[str, Any]:
    return {"case": granted_case, "employer": employer, "grant": granted_case.grants.get()}


@pytest.fixture
def api(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Api:
    return Api(client=bearer_client(employer), body=request_body(granted_case))


def draft(ready: dict[str, Any]) -> Any:
    start, end = previous_quarter()
    assistant = ready["case"].application.assistants.first().name
    request = services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal("10")}],
    )
    services.payslip_add(
        user=ready["employer"], request=request, upload=factories.pdf("loen.pdf"), assistant=assistant
    )
    return request


def submit(ready: dict[str, Any], request: Any, **answer: Any) -> Any:
    return services.payment_request_submit(
        user=ready["employer"],
        request=request,
        declaration=True,
        idempotency_key=uuid.uuid4().hex,
        **answer,
    )


def test_nej_opens_exactly_one_change_report_with_the_request(ready: dict[str, Any]) -> None:
    sent = submit(ready, draft(ready), need_unchanged=False, need_change="Assistenten arbejder nu 20 timer.")
    assert sent.status == RequestStatus.SUBMITTED and sent.need_unchanged is False
    report = ChangeReport.objects.get()
    assert report.payment_request == sent and report.source == "payment_request"
    assert report.kind == "need_changed" and report.reporter == "employer"
    assert report.description == "Assistenten arbejder nu 20 timer." and report.grant == ready["grant"]
    assert report.occurred_on == sent.period_end and report.confidentiality == "subsidy"
    assert report.deadline is not None and report.status == "open"


def test_ja_and_no_answer_open_none(ready: dict[str, Any]) -> None:
    assert submit(ready, draft(ready), need_unchanged=True).need_unchanged is True
    assert not ChangeReport.objects.exists()


def test_an_unanswered_question_is_kept_as_not_answered(ready: dict[str, Any]) -> None:
    # An older payroll system does not send the answer: null, not «ja».
    assert submit(ready, draft(ready)).need_unchanged is None
    assert not ChangeReport.objects.exists()


def test_nej_needs_to_say_what_changed_and_nothing_is_sent_without(ready: dict[str, Any]) -> None:
    request = draft(ready)
    with pytest.raises(ValidationError) as refused:
        submit(ready, request, need_unchanged=False, need_change=" ")
    assert refused.value.message_dict["need_change"] == [
        "Skriv, hvad der har ændret sig i behovet for assistance."
    ]
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT and not ChangeReport.objects.exists()


def test_the_portal_asks_and_a_nej_reaches_the_caseworker(ready: dict[str, Any]) -> None:
    request = draft(ready)
    client = Client()
    client.force_login(ready["employer"])
    url = reverse("payments:employer_request", args=[request.pk])
    page = client.get(url).content.decode()
    assert "Er behovet for personlig assistance uændret?" in page
    base = {"declaration": "on", "idempotency_key": uuid.uuid4().hex}
    unanswered = client.post(url, base)
    assert unanswered.status_code == 400
    assert "Svar ja eller nej: er behovet for personlig assistance uændret?" in unanswered.content.decode()
    no_words = client.post(url, base | {"need_unchanged": "nej"})
    assert no_words.status_code == 400 and "Skriv, hvad der har ændret sig" in no_words.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    sent = client.post(url, base | {"need_unchanged": "nej", "need_change": "Nye opgaver med kunder."})
    assert sent.status_code == 302
    assert ChangeReport.objects.get().description == "Nye opgaver med kunder."
    assert "vender tilbage" in client.get(url).content.decode()


def test_the_api_may_answer_and_need_not(api: Api) -> None:
    unanswered = api.post(key="q-1")
    assert unanswered.status_code == 201 and unanswered.json()["need_unchanged"] is None
    assert not ChangeReport.objects.exists()


def test_the_api_nej_opens_a_change_report(api: Api) -> None:
    refused = api.post(key="q-2", need_unchanged=False)
    assert refused.status_code == 400
    message = "Skriv, hvad der har ændret sig i behovet for assistance."
    assert refused.json()["errors"]["need_change"] == [message]
    sent = api.post(key="q-3", need_unchanged=False, need_change="Assistenten er gået ned i tid.")
    assert sent.status_code == 201 and sent.json()["need_unchanged"] is False
    report = ChangeReport.objects.get()
    assert report.payment_request_id == sent.json()["id"] and report.source == "payment_request"
