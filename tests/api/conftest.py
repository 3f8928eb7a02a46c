from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from kompensation.api.services import api_token_issue
from tests import factories
from tests.factories import previous_quarter


def bearer_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=user, name='Løn')[1]}")
    return client


@dataclass
class Api:
    client: APIClient
    body: dict[str, Any]

    def new_client(self) -> APIClient:
        """Another client with the same token, e.g. one per thread."""
        client = APIClient()
        client.credentials(**self.client._credentials)
        return client

    def post(self, key: str = "payroll-2026-q3-001", client: APIClient | None = None, **changes: Any) -> Any:
        return (client or self.client).post(
            "/api/v1/payment-requests/", self.body | changes, format="json", HTTP_IDEMPOTENCY_KEY=key
        )


def request_body(granted_case: Any) -> dict[str, Any]:
    start, end = previous_quarter()
    assistant = granted_case.application.assistants.first().name
    return {
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


@pytest.fixture
def bearer() -> Callable[[Any], APIClient]:
    return bearer_client


@pytest.fixture
def api(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Api:
    return Api(client=bearer_client(employer), body=request_body(granted_case))
