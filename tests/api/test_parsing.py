"""Hostile or broken JSON gets a clear 4xx, never a 500: size, depth, syntax and types."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kompensation.payments.models import PaymentRequest

from .conftest import Api

pytestmark = pytest.mark.django_db


def post_raw(api: Api, raw: str | bytes, key: str = "raw", content_type: str = "application/json") -> Any:
    return api.client.generic(
        "POST", "/api/v1/payment-requests/", raw, content_type=content_type, HTTP_IDEMPOTENCY_KEY=key
    )


@pytest.mark.parametrize("depth", [21, 5_000, 200_000])
def test_deep_nesting_is_400_with_a_danish_message(api: Api, depth: int) -> None:
    response = post_raw(api, "[" * depth + "]" * depth)
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON må højst være indlejret 20 niveauer."


def test_twenty_levels_pass_the_parser(api: Api) -> None:
    nested: Any = []
    for _ in range(18):
        nested = [nested]
    response = post_raw(api, json.dumps({"grant": nested}))  # the object, then 19 lists: 20 levels
    assert response.status_code == 400
    assert "grant" in response.json()["errors"]  # refused by the serializer, not the parser


def test_body_over_8_mb_is_413(api: Api) -> None:
    padding = "A" * (8 * 1024 * 1024)
    response = post_raw(api, json.dumps(api.body | {"payslips": [{"content_base64": padding}]}))
    assert response.status_code == 413
    assert "for stor" in response.json()["detail"]
    assert not PaymentRequest.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "not json",
        '{"grant": NaN}',
        '{"grant": Infinity}',
        '{"grant": ' + "9" * 5000 + "}",
        b'{"grant": "\xff"}',
        "",
    ],
    ids=["truncated", "text", "nan", "infinity", "5000-digit-int", "not-utf8", "empty"],
)
def test_malformed_json_is_400(api: Api, raw: str | bytes) -> None:
    response = post_raw(api, raw)
    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "changes",
    [
        {"grant": 10**30},
        {"grant": -1},
        {"grant": "abc"},
        {"hours": "60"},
        {"hours": [{"assistant": "X", "hours": 1e400}]},
        {"hours": [{"assistant": "X", "hours": "1e999999999"}]},
        {"hours": [None]},
        {"payslips": None},
        {"payslips": [{"assistant": None, "filename": None, "content_base64": None}]},
        {"period_start": "2025-02-30"},
        {"period_start": "9999-12-31", "period_end": "9999-12-31"},
        {"period_start": "0001-01-01", "period_end": "0001-01-01"},
        {"supplements": [{"kind": "x", "assistant": "y", "amount": "1e20"}]},
        {"declaration": "måske"},
    ],
)
def test_wrong_types_are_400(api: Api, changes: dict[str, Any]) -> None:
    response = post_raw(api, json.dumps(api.body | changes))
    assert response.status_code == 400, response.content
    assert not PaymentRequest.objects.exists()


@pytest.mark.parametrize(
    "raw", ["null", "[]", '"tekst"', "42", json.dumps(dict.fromkeys(["grant", "hours"]))]
)
def test_null_or_not_an_object_is_400(api: Api, raw: str) -> None:
    assert post_raw(api, raw).status_code == 400


def test_form_data_is_415(api: Api) -> None:
    response = post_raw(api, "grant=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
