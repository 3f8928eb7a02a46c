"""Who may see and do what in follow-up: predicates and the matching queryset filters.

Staff of the case's municipality work on follow-ups, change reports and visits (caseworkers act, managers
supervise); the person answers their own questionnaire and reports their own changes; the employer
answers its own questionnaire and reports changes about its employee — and never reads what the person
wrote (it may hold health data) or the caseworker's record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

import rules
from kompensation.accounts.models import Role
from kompensation.accounts.permissions import (
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
    """The person (a citizen login with their own CPR) answers the person's questionnaire; the employer (an
    employer login with its own CVR) the employer's — never another kind of login with the same number."""
    if questionnaire is None or not is_active_user(user):
        return False
    case = questionnaire.follow_up.case
    if questionnaire.party == "person":
        return user.role == Role.CITIZEN and bool(user.cpr) and case.person.cpr == user.cpr
    return (
        user.role == Role.EMPLOYER
        and bool(user.cvr)
        and case.employer is not None
        and case.employer.cvr == user.cvr
    )


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
@predicate
def answers_as_party(user: Any, questionnaire: Any) -> bool:
    """The party's own login answers: a citizen the person's questionnaire, an employer the employer's
    (a login of another kind with the same CPR or CVR, such as an interpreting agency, does not)."""
    if questionnaire is None or not is_active_user(user):
        return False
    role = Role.CITIZEN if questionnaire.party == "person" else Role.EMPLOYER
    return bool(user.role == role and is_questionnaire_party(user, questionnaire))


def questionnaire_scope(user: Any) -> Q:
    """The questionnaires a user may read, as a filter: the municipality's caseworkers and managers all
    of their cases'; the person its own; the employer its own (never the person's)."""
    if not is_active_user(user):
        return NOTHING
    if user.role in (Role.CASEWORKER, Role.MANAGER) and user.municipality_id:
        return Q(follow_up__case__municipality_id=user.municipality_id)
    if user.role == Role.CITIZEN and user.cpr:
        return Q(party="person", follow_up__case__person__cpr=user.cpr)
    if user.role == Role.EMPLOYER and user.cvr:
        return Q(party="employer", follow_up__case__employer__cvr=user.cvr)
    return NOTHING


rules.add_perm("followup.send_questionnaire", is_caseworker & in_followup_municipality)
rules.add_perm("followup.answer_questionnaire", answers_as_party)


# --- renewals -----------------------------------------------------------------------------------------
@predicate
def is_grant_person(user: Any, grant: Any) -> bool:
    """The person the grant is for (own CPR): only they apply to renew it; the employer co-signs later."""
    if grant is None or not is_active_user(user) or not user.cpr:
        return False
    return bool(grant.case.person.cpr == user.cpr)


rules.add_perm("followup.start_renewal", is_citizen & is_grant_person)
# The renewal panel on the case page (reminders sent, the renewal application, the lapse).
rules.add_perm("followup.read_renewal", work_staff & in_followup_municipality)


# --- change reports -----------------------------------------------------------------------------------
# The person reports changes on their own case, the employer on its CVR's case (never the impairment: the
# service refuses that kind). The receipt is the reporter's own; the municipality's caseworkers handle the
# reports and its managers read them. Payroll systems report through the API with the employer's token.

from kompensation.cases.permissions import (  # noqa: E402
    in_case_municipality,
    is_case_employer,
    is_case_person,
)


def change_report_scope(user: Any) -> Q:
    """The change reports a user may read, the same ones `followup.read_change_report` allows."""
    if not is_active_user(user):
        return NOTHING
    if user.role in (Role.CASEWORKER, Role.MANAGER) and user.municipality_id:
        return Q(case__municipality_id=user.municipality_id)
    if user.role == Role.CITIZEN and user.cpr:
        return Q(reporter="person", case__person__cpr=user.cpr)
    if user.role == Role.EMPLOYER and user.cvr:
        return Q(reporter="employer", case__employer__cvr=user.cvr)
    return NOTHING


rules.add_perm("followup.report_change", (is_citizen & is_case_person) | (is_employer & is_case_employer))
rules.add_perm("followup.read_own_change_report", (is_citizen | is_employer) & is_change_reporter)
rules.add_perm("followup.list_change_reports", work_staff)
rules.add_perm("followup.read_change_report_casework", work_staff & in_followup_municipality)
rules.add_perm("followup.handle_change_report", is_caseworker & in_followup_municipality)
rules.add_perm("followup.register_change_report", is_caseworker & in_case_municipality)
rules.add_perm("followup.api_change_reports", is_employer)


# --- inspection visits --------------------------------------------------------------------------------
# The municipality's caseworkers plan, record and cancel visits; its managers read them. Employers never see
# a visit (an unannounced one must not be known beforehand), nor does the person. The list and the planning
# page have no object: they show and offer only the user's own municipality's visits and grants.
rules.add_perm("followup.list_visits", work_staff)
rules.add_perm("followup.plan_visit", is_caseworker)
rules.add_perm("followup.record_visit", is_caseworker & in_followup_municipality)
