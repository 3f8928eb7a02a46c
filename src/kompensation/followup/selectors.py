"""Reads for follow-up: what the case page and the portal's start page show, scoped by role.

`case_panel` and `portal_panel` are the hooks the case page and the portal's start page call; each part
of follow-up fills its own field (and its own partial template `followup/_case_<part>.html` /
`followup/_portal_<part>.html`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kompensation.accounts.models import User
from kompensation.cases.models import Case


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
def _case_follow_ups(case: Case, user: User) -> list[Any]:
    return []


# --- questionnaires -----------------------------------------------------------------------------------
def _case_questionnaires(case: Case, user: User) -> list[Any]:
    return []


def _portal_questionnaires(user: User) -> list[Any]:
    return []


# --- renewals -----------------------------------------------------------------------------------------
def _case_renewal(case: Case, user: User) -> Any:
    return None


def _portal_renewals(user: User) -> list[Any]:
    return []


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
    return []


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
