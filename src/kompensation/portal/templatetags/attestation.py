"""`{% statements_awaiting request.user as awaiting %}`: what waits for the user's answer or signature, for
partials included on start pages whose views do not know about statements."""

from __future__ import annotations

from typing import Any

from django import template

from kompensation.payments.services.attestation import Statement
from kompensation.payments.services.attestation import statements_awaiting as awaiting

register = template.Library()


@register.simple_tag
def statements_awaiting(user: Any) -> list[Statement]:
    return awaiting(user)
