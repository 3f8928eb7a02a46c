"""Reads for follow-up: what the case page and the portal's start page show, scoped by role.

`case_panel` and `portal_panel` are the hooks the case page and the portal's start page call; each part
of follow-up fills its own field (and its own partial template `followup/_case_<part>.html` /
`followup/_portal_<part>.html`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Case

from .models import FollowUp, FollowUpStatus, Questionnaire, QuestionnaireParty
from .permissions import questionnaire_scope
from .questions import AnswerRow, answer_rows
from .selectors_plans import case_follow_ups, follow_up_proposal_for, follow_ups_due  # noqa: F401


@dataclass
class CasePanel:
    follow_ups: list[Any] = field(default_factory=list)
    questionnaires: list[Any] = field(default_factory=list)
    renewal: Any = None
    change_reports: list[Any] = field(default_factory=list)
    visits: list[Any] = field(default_factory=list)


@dataclass
class PortalPanel:
    questionnaires: list[Any] = field(default_factory=list)
    renewals: list[Any] = field(default_factory=list)
    change_report_cases: list[Any] = field(default_factory=list)
    change_reports: list[Any] = field(default_factory=list)


# --- plans and records --------------------------------------------------------------------------------
# The reads live in `selectors_plans` (the proposal, the registers' hints, the due-soon list).
def _case_follow_ups(case: Case, user: User) -> list[Any]:
    return list(case_follow_ups(case=case, user=user))


# --- questionnaires -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionnaireStatus:
    """One party's questionnaire as staff and the party read it: sent, due, answered, and the answers."""

    questionnaire: Questionnaire
    rows: list[AnswerRow]
    overdue: bool

    @property
    def party_label(self) -> str:
        return QuestionnaireParty(self.questionnaire.party).label

    @property
    def status_text(self) -> str:
        q = self.questionnaire
        if q.answered_at is not None:
            late = " (efter svarfristen)" if timezone.localdate(q.answered_at) > q.due else ""
            return f"Besvaret {timezone.localdate(q.answered_at):%d.%m.%Y}{late}"
        if self.overdue:
            return f"Ikke besvaret – svarfristen {q.due:%d.%m.%Y} er overskredet"
        return f"Venter på svar – svarfrist {q.due:%d.%m.%Y}"


def questionnaire_queryset_visible_to(user: User) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(questionnaire_scope(user)).select_related(
        "follow_up__case__person",
        "follow_up__case__employer",
        "follow_up__case__municipality",
        "follow_up__grant",
        "letter",
    )


def questionnaire_get_visible(*, user: User, pk: int) -> Questionnaire:
    questionnaire = questionnaire_queryset_visible_to(user).filter(pk=pk).first()
    if questionnaire is None:
        raise Http404("Skemaet findes ikke, eller du har ikke adgang til det.")
    return questionnaire


def questionnaire_statuses(
    questionnaires: list[Questionnaire], *, today: dt.date | None = None
) -> list[QuestionnaireStatus]:
    today = today or timezone.localdate()
    return [
        QuestionnaireStatus(
            questionnaire=q,
            rows=answer_rows(q.party, q.answers) if q.answered_at is not None else [],
            overdue=q.answered_at is None and today > q.due,
        )
        for q in questionnaires
    ]


def follow_up_questionnaires(*, follow_up: FollowUp) -> list[QuestionnaireStatus]:
    """The staff view of a follow-up's questionnaires (the caller checked `followup.read_follow_up`)."""
    return questionnaire_statuses(
        list(follow_up.questionnaires.select_related("letter", "answered_by").order_by("party"))
    )


def questionnaire_parties_open(*, follow_up: FollowUp) -> list[tuple[str, str]]:
    """The parties the follow-up's questionnaire can still go to: no questionnaire yet, and the employer
    only when the case has one."""
    if follow_up.status != FollowUpStatus.PLANNED:
        return []
    sent = set(follow_up.questionnaires.values_list("party", flat=True))
    parties = [QuestionnaireParty.PERSON] + (
        [QuestionnaireParty.EMPLOYER] if follow_up.case.employer_id else []
    )
    return [(p.value, p.label) for p in parties if p not in sent]


def _case_questionnaires(case: Case, user: User) -> list[Any]:
    """The latest answers on the staff case page: the newest follow-up with questionnaires. Only the
    municipality's caseworkers and managers (the person's answers may hold health data; a payment
    officer reads the case page, not them)."""
    if user.role not in (Role.CASEWORKER, Role.MANAGER) or user.municipality_id != case.municipality_id:
        return []
    latest = (
        Questionnaire.objects.filter(follow_up__case=case)
        .order_by("-sent_on", "-pk")
        .values("follow_up_id")
        .first()
    )
    if latest is None:
        return []
    return questionnaire_statuses(
        list(
            Questionnaire.objects.filter(follow_up_id=latest["follow_up_id"])
            .select_related("follow_up")
            .order_by("party")
        )
    )


def _portal_questionnaires(user: User) -> list[Any]:
    """The logged-in party's questionnaires still to answer, the soonest due first."""
    if user.role not in (Role.CITIZEN, Role.EMPLOYER):
        return []
    return questionnaire_statuses(
        list(
            questionnaire_queryset_visible_to(user)
            .filter(answered_at__isnull=True, follow_up__status=FollowUpStatus.PLANNED)
            .order_by("due", "pk")
        )
    )


# --- renewals -----------------------------------------------------------------------------------------
def _case_renewal(case: Case, user: User) -> Any:
    from .renewal_selectors import case_renewal

    return case_renewal(case=case, user=user)


def _portal_renewals(user: User) -> list[Any]:
    from .renewal_selectors import portal_renewals

    return list(portal_renewals(user=user))


# --- change reports -----------------------------------------------------------------------------------
# The reads themselves live in `change_selectors` (the staff list, the portal's, the API's).
from . import change_selectors  # noqa: E402


def _case_change_reports(case: Case, user: User) -> list[Any]:
    return change_selectors.case_change_reports(case=case)


def _portal_change_report_cases(user: User) -> list[Any]:
    return change_selectors.portal_change_report_cases(user=user)


def _portal_change_reports(user: User) -> list[Any]:
    return change_selectors.portal_change_reports(user=user)


# --- inspection visits --------------------------------------------------------------------------------
def _case_visits(case: Case, user: User) -> list[Any]:
    # Imported here so each part's reads stay in its own module and section (no shared import lines).
    from .visit_selectors import case_visits

    return list(case_visits(case=case, user=user))


def case_panel(*, case: Case, user: User) -> CasePanel:
    return CasePanel(
        follow_ups=_case_follow_ups(case, user),
        questionnaires=_case_questionnaires(case, user),
        renewal=_case_renewal(case, user),
        change_reports=_case_change_reports(case, user),
        visits=_case_visits(case, user),
    )


def portal_panel(*, user: User) -> PortalPanel:
    return PortalPanel(
        questionnaires=_portal_questionnaires(user),
        renewals=_portal_renewals(user),
        change_report_cases=_portal_change_report_cases(user),
        change_reports=_portal_change_reports(user),
    )
