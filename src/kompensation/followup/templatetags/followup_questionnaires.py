"""Template helpers for the questionnaire partials, so a page that includes them (the follow-up page, the
case page) needs to pass no more than the follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from ..forms_questionnaires import QuestionnaireSendForm
from ..models import FollowUp, Questionnaire
from ..selectors import QuestionnaireStatus, follow_up_questionnaires, questionnaire_statuses

register = template.Library()


@register.simple_tag
def questionnaire_statuses_of(follow_up: FollowUp, given: Any = None) -> list[QuestionnaireStatus]:
    """The statuses to show: those the page computed, its Questionnaire rows wrapped, or the follow-up's."""
    if isinstance(given, Iterable) and not isinstance(given, str):
        items = list(given)
        if all(isinstance(i, QuestionnaireStatus) for i in items) and items:
            return items
        if items and all(isinstance(i, Questionnaire) for i in items):
            return questionnaire_statuses(items)
    return follow_up_questionnaires(follow_up=follow_up)


@register.simple_tag
def questionnaire_send_form(follow_up: FollowUp, posted: Any = None) -> QuestionnaireSendForm:
    """The form as posted (with its errors), or a fresh one with every open party chosen."""
    if isinstance(posted, QuestionnaireSendForm):
        return posted
    return QuestionnaireSendForm(follow_up=follow_up)
