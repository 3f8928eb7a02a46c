"""The payroll API: token bound to the employer's CVR, submits, clear errors, OpenAPI."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from kompensation.payments.models import PaymentRequest, Payout
from tests import factories

from .conftest import Api

pytestmark = pytest.mark.django_db


def test_submit_and_read_back(api: Api) -> None:
    response = api.post()
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "submitted" and created["calculation"]["hours"] == "60.5"
    assert created["reference"] == f"UDB-{created['id']:07d}"
    detail = api.client.get(f"/api/v1/payment-requests/{created['id']}/").json()
    assert detail["requested_total"] == created["requested_total"]
    assert PaymentRequest.objects.count() == 1 and not Payout.objects.exists()


def test_errors_are_clear_and_nothing_is_stored(api: Api) -> None:
    negative = api.post(key="a", hours=[{"assistant": "X", "hours": "-2"}])
    assert negative.status_code == 400
    outside = api.post(key="b", period_start="2019-01-01", period_end="2019-03-31")
    assert "uden for bevillingen" in outside.json()["errors"]["period"][0]
    text = [{"assistant": "X", "filename": "loen.txt", "content_base64": base64.b64encode(b"hej").decode()}]
    not_pdf = api.post(key="c", payslips=text)
    assert not_pdf.status_code == 400 and "ikke et dokument" in str(not_pdf.json())
    assert api.post(key="").status_code == 400
    assert api.post(key="k" * 81).status_code == 400
    assert not PaymentRequest.objects.exists()


def test_another_employers_grant_and_requests_are_invisible(
    api: Api, bearer: Callable[[Any], APIClient]
) -> None:
    created = api.post().json()
    client = bearer(factories.employer_user(factories.register_company(name="Fremmed ApS")))
    assert api.post(key="x", client=client).status_code == 404
    assert client.get(f"/api/v1/payment-requests/{created['id']}/").status_code == 404
    assert client.get("/api/v1/grants/").json() == []


def test_same_period_twice_is_409_naming_the_first_request(api: Api) -> None:
    first = api.post(key="first").json()
    second = api.post(key="second")
    assert second.status_code == 409
    assert second.json()["existing_request"] == first["reference"]
    assert first["reference"] in second.json()["errors"]["period"][0]
    assert PaymentRequest.objects.count() == 1


def test_openapi_documents_bearer_auth_and_refusals(api: Api) -> None:
    schema = api.client.get("/api/v1/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    create = schema["paths"]["/api/v1/payment-requests/"]["post"]
    assert create["security"] == [{"bearerAuth": []}]
    assert {"201", "400", "401", "404", "409", "413", "422"} <= set(create["responses"])
    assert create["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Conflict"
    }
