"""The open sample-check questions for the logged-in person, for the link on Mine sider."""

from __future__ import annotations

from typing import Any

from django import template

from kompensation.accounts.models import Role
from kompensation.payments.models.interpreting import SampleAnswer, SampleAnswerStatus

register = template.Library()


@register.simple_tag
def open_sample_questions(user: Any) -> list[SampleAnswer]:
    if not (getattr(user, "is_authenticated", False) and user.role == Role.CITIZEN and user.cpr):
        return []
    return list(
        SampleAnswer.objects.filter(status=SampleAnswerStatus.ASKED, grant__case__person__cpr=user.cpr)
        .select_related("sample")
        .order_by("sample__month", "pk")
    )
