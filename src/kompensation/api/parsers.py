"""JSON with limits: a body too large or nested too deep is refused with a clear 4xx, never a 500."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

MAX_BODY_BYTES = 8 * 1024 * 1024  # payslips travel base64-encoded inside the JSON
MAX_DEPTH = 20


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


def _depth(data: Any) -> int:
    """Nesting depth without recursion, so depth itself can never overflow the stack."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            stack.extend(
                (child, level + 1) for child in (value.values() if isinstance(value, dict) else value)
            )
    return deepest


class LimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = getattr(settings, "KOMPENSATION_API_MAX_BODY_BYTES", MAX_BODY_BYTES)
        max_depth = getattr(settings, "KOMPENSATION_API_MAX_JSON_DEPTH", MAX_DEPTH)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(
                f"Anmodningen er for stor (over {limit // (1024 * 1024)} MB). "
                "Send færre eller mindre lønsedler ad gangen."
            )
        try:
            text = raw.decode((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
            data = json.loads(text, parse_constant=strict_constant if self.strict else None)
        except RecursionError as exc:
            raise ParseError(f"JSON må højst være indlejret {max_depth} niveauer.") from exc
        except ValueError as exc:  # also UnicodeDecodeError and integers with too many digits
            raise ParseError(f"Anmodningen er ikke gyldig JSON: {exc}") from exc
        if _depth(data) > max_depth:
            raise ParseError(f"JSON må højst være indlejret {max_depth} niveauer.")
        return data
