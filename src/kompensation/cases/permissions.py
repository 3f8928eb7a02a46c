"""Who may read and change cases, applications and documents: predicates and the matching queryset filters.

Each `*_scope(user)` returns the `Q` that selects exactly the objects the predicates allow, so lists and
single objects never disagree. The employer is a party to the subsidy only: of documents it reads the
subsidy class, never health documents (design.md "Who sees what").
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
    is_municipal_staff,
    predicate,
    same_municipality,
)

from .models import Application, ApplicationStatus, Case, Confidentiality, Document

# --- cases ------------------------------------------------------------------------------------------------


@predicate
def in_case_municipality(user: Any, case: Case | None) -> bool:
    return same_municipality(user, case)


@predicate
def is_case_person(user: Any, case: Case | None) -> bool:
    return case is not None and bool(user.cpr) and case.person.cpr == user.cpr


@predicate
def is_case_employer(user: Any, case: Case | None) -> bool:
    return case is not None and case.employer is not None and bool(user.cvr) and case.employer.cvr == user.cvr


def case_scope(user: Any) -> Q:
    """The cases a user may see: staff their municipality's, an employer its CVR's, a citizen their own."""
    if not is_active_user(user):
        return NOTHING
    if user.role in (Role.CASEWORKER, Role.MANAGER, Role.PAYMENT_OFFICER) and user.municipality_id:
        return Q(municipality_id=user.municipality_id)
    if user.role == Role.EMPLOYER and user.cvr:
        return Q(employer__cvr=user.cvr)
    if user.role == Role.CITIZEN and user.cpr:
        return Q(person__cpr=user.cpr)
    return NOTHING


rules.add_perm("cases.use_inbox", is_municipal_staff)
rules.add_perm("cases.register_application", is_caseworker)
rules.add_perm("cases.read_case", is_municipal_staff & in_case_municipality)
rules.add_perm("cases.change_case", is_caseworker & in_case_municipality)
# The manager's start page: the team's open cases, overdue deadlines, the quarter's decisions and payouts.
rules.add_perm("cases.use_overview", is_manager)
# «Min sag»: the person's own case (status, timeline, letters, deadlines, answering a hearing). The employer
# has no such page: the case holds the person's health data.
rules.add_perm("portal.read_own_case", is_citizen & is_case_person)


# --- applications -----------------------------------------------------------------------------------------


@predicate
def is_application_person(user: Any, application: Application | None) -> bool:
    return application is not None and bool(user.cpr) and application.person.cpr == user.cpr


@predicate
def is_application_employer(user: Any, application: Application | None) -> bool:
    return (
        application is not None
        and application.employer is not None
        and application.status != ApplicationStatus.DRAFT
        and bool(user.cvr)
        and application.employer.cvr == user.cvr
    )


@predicate
def is_draft(user: Any, application: Application | None) -> bool:
    return application is not None and application.status == ApplicationStatus.DRAFT


@predicate
def awaits_employer(user: Any, application: Application | None) -> bool:
    return application is not None and application.status == ApplicationStatus.AWAITING_EMPLOYER


def application_scope(user: Any) -> Q:
    if not is_active_user(user):
        return NOTHING
    if user.role == Role.CITIZEN and user.cpr:
        return Q(person__cpr=user.cpr)
    if user.role == Role.EMPLOYER and user.cvr:
        return Q(employer__cvr=user.cvr) & ~Q(status=ApplicationStatus.DRAFT)
    if user.role in (Role.CASEWORKER, Role.MANAGER, Role.PAYMENT_OFFICER) and user.municipality_id:
        return Q(case__municipality_id=user.municipality_id)
    return NOTHING


rules.add_perm("portal.use_portal", is_citizen | is_employer)
rules.add_perm("portal.read_application", is_application_person | (is_employer & is_application_employer))
rules.add_perm("portal.apply", is_citizen)
rules.add_perm("portal.edit_application", is_citizen & is_application_person)
rules.add_perm("portal.cosign", is_employer & is_application_employer & awaits_employer)


# --- documents --------------------------------------------------------------------------------------------


def may_read_class(user: Any, confidentiality: str) -> bool:
    """Staff and the person read every class; the employer only what concerns the subsidy."""
    if getattr(user, "role", None) == Role.EMPLOYER:
        return confidentiality == Confidentiality.SUBSIDY
    return True


@predicate
def may_read_document(user: Any, document: Document | None) -> bool:
    if document is None or not may_read_class(user, document.confidentiality):
        return False
    return Document.objects.filter(document_scope(user), pk=document.pk).exists()


def document_scope(user: Any) -> Q:
    """Documents on visible cases or visible applications, within the classes the user may read."""
    if not is_active_user(user):
        return NOTHING
    on_case = Q(case__in=Case.objects.filter(case_scope(user)))
    on_application = Q(case__isnull=True, application__in=Application.objects.filter(application_scope(user)))
    scope = on_case | on_application
    if user.role == Role.EMPLOYER:
        scope &= Q(confidentiality=Confidentiality.SUBSIDY)
    return scope


rules.add_perm("cases.read_document", may_read_document)
