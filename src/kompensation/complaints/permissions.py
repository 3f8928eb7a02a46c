"""Who may read and handle complaints: predicates and the matching queryset filter.

The person reads their own complaints; the employer only the complaints it filed about the subsidy (never
the re-assessment, the forwarding package or Ankestyrelsen's decision: they hold the person's health data);
the municipality's caseworkers handle them and its managers supervise them.
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
from kompensation.cases.permissions import in_case_municipality, is_case_employer, is_case_person

from .models import Complainant, Complaint


@predicate
def in_complaint_municipality(user: Any, complaint: Complaint | None) -> bool:
    return complaint is not None and same_municipality(user, complaint.case)


@predicate
def is_complaint_person(user: Any, complaint: Complaint | None) -> bool:
    return complaint is not None and bool(user.cpr) and complaint.case.person.cpr == user.cpr


@predicate
def is_complaint_employer(user: Any, complaint: Complaint | None) -> bool:
    return (
        complaint is not None
        and complaint.complainant == Complainant.EMPLOYER
        and complaint.case.employer is not None
        and bool(user.cvr)
        and complaint.case.employer.cvr == user.cvr
    )


def complaint_scope(user: Any) -> Q:
    """The complaints a user may see, the same ones the predicates allow."""
    if not is_active_user(user):
        return NOTHING
    if user.role in (Role.CASEWORKER, Role.MANAGER) and user.municipality_id:
        return Q(case__municipality_id=user.municipality_id)
    if user.role == Role.CITIZEN and user.cpr:
        return Q(case__person__cpr=user.cpr)
    if user.role == Role.EMPLOYER and user.cvr:
        return Q(complainant=Complainant.EMPLOYER, case__employer__cvr=user.cvr)
    return NOTHING


rules.add_perm("complaints.read_complaint", (is_caseworker | is_manager) & in_complaint_municipality)
rules.add_perm("complaints.handle_complaint", is_caseworker & in_complaint_municipality)
rules.add_perm(
    "complaints.read_own_complaint",
    (is_citizen & is_complaint_person) | (is_employer & is_complaint_employer),
)
# Whether the complaint exists for the user at all (accounts.permissions.READ_RULES): a manager refused a
# caseworker's action gets 403, an outsider 404.
rules.add_perm(
    "complaints.see_complaint",
    ((is_caseworker | is_manager) & in_complaint_municipality)
    | (is_citizen & is_complaint_person)
    | (is_employer & is_complaint_employer),
)

# Intake. The caseworker registers a complaint that came by letter, e-mail or orally; the person complains
# about a decision on their own case, the employer (its CVR's case) about the subsidy. Whether a complaint
# can be filed right now (a sent decision, none live) is the service's to say, not a permission.
rules.add_perm("complaints.register_complaint", is_caseworker & in_case_municipality)
rules.add_perm("complaints.file_complaint", is_citizen & is_case_person)
rules.add_perm("complaints.file_subsidy_complaint", is_employer & is_case_employer)
# The forwarding package holds every document on the case, health data included: the municipality's
# caseworkers and managers only, never the person's portal or the employer (the person asks for access
# to their documents the usual way).
rules.add_perm("complaints.read_package", (is_caseworker | is_manager) & in_complaint_municipality)
