"""Property-based run of every operation in the OpenAPI schema: no input may give a server error."""

from __future__ import annotations

import base64
import itertools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests import factories
from tests.factories import previous_quarter

from .conftest import Api

# Loaded when the module is collected (pytest-django has set Django up by then); the schema view needs no
# database. A lazy `from_fixture` schema would be neater but schemathesis 4.32's lazy mode fails on pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Iterator[None]:
    """The real WSGI handler closes the database connection after each request, which would end the test's
    transaction; Django's test client avoids that the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


_cases = itertools.count()
PDF = base64.b64encode(factories.PDF_BYTES).decode()


def _rows(body: dict[str, Any], name: str) -> list[Any]:
    rows = body.get(name)
    return rows if isinstance(rows, list) else []


def aim_at_the_real_grant(case: Any, api: Api) -> None:
    """Random grant ids and keys would almost all end at 404 or 422 (key reused with another body), so the
    fuzzing would never reach the calculation. Point well-typed fields at the real grant and a fresh key;
    every other case also gets a real period and payslip, so some requests are created (and then collide)."""
    if case.headers and 0 < len(str(case.headers.get("Idempotency-Key", "")).strip()) <= 80:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    body = case.body
    # Only schema-valid cases are aimed; a schema-violating one must stay violating, or the
    # negative_data_rejection check would (rightly) complain that it was accepted.
    if not isinstance(body, dict) or case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if isinstance(body.get("grant"), int):
        body["grant"] = api.body["grant"]
    if next(_cases) % 2:
        start, end = previous_quarter()
        if isinstance(body.get("period_start"), str) and isinstance(body.get("period_end"), str):
            body["period_start"], body["period_end"] = start.isoformat(), end.isoformat()
        for slip in _rows(body, "payslips"):
            if isinstance(slip, dict) and isinstance(slip.get("content_base64"), str):
                slip["content_base64"] = PDF
        if isinstance(body.get("declaration"), bool):
            body["declaration"] = True
        # Hours from the real assistant; the supplements stay random, they are what the calculation meets.
        for row in _rows(body, "hours"):
            if isinstance(row, dict) and isinstance(row.get("hours"), str):
                row["hours"], row["assistant"] = "7.5", api.body["hours"][0]["assistant"]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_gives_a_server_error(case: Any, api: Api, wsgi_keeps_the_test_connection: None) -> None:
    headers = {"Authorization": api.client._credentials["HTTP_AUTHORIZATION"]}
    aim_at_the_real_grant(case, api)
    # Every check but one: a schema cannot express the business rules (a period inside the grant, a real
    # PDF in base64), so a schema-valid body refused with 400 is right, not a failure.
    response = case.call_and_validate(
        headers=headers, excluded_checks=[schemathesis.checks.positive_data_acceptance]
    )
    assert response.status_code < 500
