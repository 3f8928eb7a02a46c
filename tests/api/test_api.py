"""The payroll API: token bound to the employer's CVR, idempotent submits, clear errors, OpenAPI."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kompensation.payments.models import PaymentRequest, Payout
from tests import factories
from tests.factories import previous_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> dict[str, Any]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=employer).key}")
    start, end = previous_quarter()
    assistant = granted_case.application.assistants.first().name
    body = {
        "grant": granted_case.grants.get().pk,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "hours": [{"assistant": assistant, "hours": "60.5"}],
        "declaration": True,
        "payslips": [
            {
                "assistant": assistant,
                "filename": "loen.pdf",
                "content_base64": base64.b64encode(factories.PDF_BYTES).decode(),
            }
        ],
    }
    return {"client": client, "body": body}


def post(api: dict[str, Any], key: str = "payroll-2026-q3-001", **changes: Any) -> Any:
    return api["client"].post(
        "/api/v1/payment-requests/", api["body"] | changes, format="json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_submit_read_back_and_replay(api: dict[str, Any]) -> None:
    response = post(api)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "submitted" and created["calculation"]["hours"] == "60.5"
    detail = api["client"].get(f"/api/v1/payment-requests/{created['id']}/").json()
    assert detail["requested_total"] == created["requested_total"]
    replay = post(api)
    assert replay.status_code == 409
    assert "allerede modtaget" in replay.json()["errors"]["Idempotency-Key"][0]
    assert PaymentRequest.objects.count() == 1 and not Payout.objects.exists()


def test_errors_are_clear_and_nothing_is_stored(api: dict[str, Any]) -> None:
    negative = post(api, key="a", hours=[{"assistant": "X", "hours": "-2"}])
    assert negative.status_code == 400
    outside = post(api, key="b", period_start="2019-01-01", period_end="2019-03-31")
    assert "uden for bevillingen" in outside.json()["errors"]["period"][0]
    text = [{"assistant": "X", "filename": "loen.txt", "content_base64": base64.b64encode(b"hej").decode()}]
    not_pdf = post(api, key="c", payslips=text)
    assert not_pdf.status_code == 400 and "ikke et dokument" in str(not_pdf.json())
    assert post(api, key="").status_code == 400
    assert not PaymentRequest.objects.exists()


def test_another_employers_grant_and_requests_are_invisible(api: dict[str, Any]) -> None:
    created = post(api).json()
    stranger = factories.employer_user(factories.register_company(name="Fremmed ApS"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=stranger).key}")
    assert (
        client.post(
            "/api/v1/payment-requests/", api["body"], format="json", HTTP_IDEMPOTENCY_KEY="x"
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/payment-requests/{created['id']}/").status_code == 404
    assert client.get("/api/v1/grants/").json() == []


def test_only_employer_tokens_and_openapi(api: dict[str, Any]) -> None:
    caseworker = factories.caseworker()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=caseworker).key}")
    assert client.get("/api/v1/grants/").status_code == 403
    assert APIClient().get("/api/v1/grants/").status_code == 401
    schema = api["client"].get("/api/v1/schema/?format=json").json()
    assert "/api/v1/payment-requests/" in schema["paths"]
