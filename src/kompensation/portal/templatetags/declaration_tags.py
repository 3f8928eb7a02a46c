"""The portal home's notice of declarations waiting for the user's signature (BEK § 25)."""

from __future__ import annotations

from typing import Any

from django import template

from kompensation.payments.declaration_selectors import declarations_due

register = template.Library()


@register.inclusion_tag("portal/_declarations_due.html", takes_context=True)
def declarations_due_notice(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"due": declarations_due(user) if user is not None and user.is_authenticated else []}
