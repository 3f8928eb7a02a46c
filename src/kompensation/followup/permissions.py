"""Who may see and do what in follow-up: predicates and the matching queryset filters.

Staff of the case's municipality work on follow-ups, change reports and visits (caseworkers act, managers
supervise); the person answers their own questionnaire and reports their own changes; the employer
answers its own questionnaire and reports changes about its employee — and never reads what the person
wrote (it may hold health data) or the caseworker's record.
"""

from __future__ import annotations

from typing import Any

import rules
from kompensation.accounts.permissions import (  # noqa: F401
    NOTHING,
    is_active_user,
    is_caseworker,
    is_citizen,
    is_employer,
    is_manager,
    predicate,
    same_municipality,
)


def _case_of(obj: Any) -> Any:
    return getattr(obj, "case", None) or getattr(getattr(obj, "follow_up", None), "case", None)


@predicate
def in_followup_municipality(user: Any, obj: Any) -> bool:
    """The object (a follow-up, a questionnaire, a change report, a visit) belongs to the user's
    municipality: through its case, or (a visit) its own municipality."""
    if obj is None:
        return False
    if hasattr(obj, "municipality_id") and not hasattr(obj, "case_id"):
        return bool(user.municipality_id) and obj.municipality_id == user.municipality_id
    case = _case_of(obj)
    return case is not None and same_municipality(user, case)


@predicate
def is_questionnaire_party(user: Any, questionnaire: Any) -> bool:
    """The person (own CPR) answers the person's questionnaire; the employer (own CVR) the employer's."""
    if questionnaire is None or not is_active_user(user):
        return False
    case = questionnaire.follow_up.case
    if questionnaire.party == "person":
        return bool(user.cpr) and case.person.cpr == user.cpr
    return bool(user.cvr) and case.employer is not None and case.employer.cvr == user.cvr


@predicate
def is_change_reporter(user: Any, report: Any) -> bool:
    """A party reads the change reports it made itself: the person's may hold health data, so the
    employer never reads them, and the person reads their own and not the employer's."""
    if report is None or not is_active_user(user):
        return False
    case = report.case
    if report.reporter == "person":
        return bool(user.cpr) and case.person.cpr == user.cpr
    return bool(user.cvr) and case.employer is not None and case.employer.cvr == user.cvr


work_staff = is_caseworker | is_manager
rules.add_perm("followup.read_follow_up", work_staff & in_followup_municipality)
rules.add_perm(
    "followup.read_questionnaire",
    (work_staff & in_followup_municipality) | is_questionnaire_party,
)
rules.add_perm(
    "followup.read_change_report",
    (work_staff & in_followup_municipality) | is_change_reporter,
)
rules.add_perm("followup.read_visit", work_staff & in_followup_municipality)


# --- plans and records --------------------------------------------------------------------------------
# The caseworkers of the case's municipality plan and record follow-ups; its managers read them (the
# due-soon list of the team, the follow-up page) and supervise.
rules.add_perm("followup.use_due_list", is_caseworker | is_manager)
rules.add_perm("followup.plan_follow_up", is_caseworker & in_followup_municipality)
rules.add_perm("followup.record_follow_up", is_caseworker & in_followup_municipality)


# --- questionnaires -----------------------------------------------------------------------------------


# --- renewals -----------------------------------------------------------------------------------------


# --- change reports -----------------------------------------------------------------------------------


# --- inspection visits --------------------------------------------------------------------------------
