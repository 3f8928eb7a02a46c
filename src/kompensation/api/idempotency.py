"""Idempotency keys scoped to the employer's CVR: the first answer is stored and replayed to every repeat."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .models import ApiIdempotencyRecord

MAX_KEY_LENGTH = 80


def request_hash(data: Any) -> str:
    """SHA-256 of the body in a fixed form, so a retry that orders its keys differently is the same call."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def as_json(data: Any) -> Any:
    """The body exactly as the client receives it (Decimals as strings, dates in ISO form)."""
    return json.loads(JSONRenderer().render(data))


def idempotency_claim(*, cvr: str, key: str, digest: str) -> tuple[ApiIdempotencyRecord, bool]:
    """Insert the key's row, or return the committed row of an earlier call (and False).

    Must run inside the caller's transaction: the inserted row's index entry makes a parallel insert of
    the same (CVR, key) wait until this transaction ends. If it commits, the waiting call gets the
    IntegrityError and reads the finished row; if it rolls back, the waiting call claims the key itself.
    """
    try:
        with transaction.atomic():
            return ApiIdempotencyRecord.objects.create(cvr=cvr, key=key, request_hash=digest), True
    except IntegrityError:
        return ApiIdempotencyRecord.objects.get(cvr=cvr, key=key), False


def idempotency_store(record: ApiIdempotencyRecord, *, status_code: int, body: Any) -> None:
    record.status_code, record.body = status_code, body
    record.save(update_fields=["status_code", "body"])


def idempotency_header(description: str) -> OpenApiParameter:
    """The `Idempotency-Key` header every creating endpoint requires, as the OpenAPI schema states it."""
    return OpenApiParameter(
        "Idempotency-Key",
        {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
        OpenApiParameter.HEADER,
        required=True,
        description=description,
    )


def idempotency_key(request: Request) -> tuple[str, Response | None]:
    """The request's key, or the 400 answer when it is missing or too long."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        message = f"Send headeren Idempotency-Key med 1-{MAX_KEY_LENGTH} tegn."
        return key, Response({"errors": {"Idempotency-Key": [message]}}, status=status.HTTP_400_BAD_REQUEST)
    return key, None
