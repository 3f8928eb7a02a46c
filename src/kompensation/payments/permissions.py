"""Who may see and settle payments, write rates and approve trips: predicates and queryset filters."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

import rules
from kompensation.accounts.models import Role
from kompensation.accounts.permissions import (
    NOTHING,
    is_agency,
    is_caseworker,
    is_citizen,
    is_employer,
    is_interpreter,
    is_manager,
    is_national,
    is_payment_officer,
    predicate,
    same_municipality,
)
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.permissions import in_case_municipality

from .models import (
    MUNICIPAL_RATE_KINDS,
    NATIONAL_RATE_KINDS,
    ClaimStatus,
    PaymentRequest,
    RepaymentClaim,
    RequestStatus,
)


def payment_request_scope(user: Any) -> Q:
    """Officers and managers see their municipality's sent requests; an employer all of its CVR's."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return NOTHING
    if user.role in (Role.PAYMENT_OFFICER, Role.MANAGER) and user.municipality_id:
        return Q(municipality_id=user.municipality_id) & ~Q(status=RequestStatus.DRAFT)
    if user.role == Role.EMPLOYER and user.cvr:
        # Only personal assistance: a company paid under Serviceloven (an aid's supplier, a BPA company) is
        # not a party to the person's social case and never sees it.
        return Q(employer__cvr=user.cvr, kind=GrantKindCode.ASSISTANCE)
    if user.role == Role.INTERPRETER_AGENCY and user.cvr:
        return Q(agency__cvr=user.cvr)
    return NOTHING


@predicate
def in_request_municipality(user: Any, request: PaymentRequest | None) -> bool:
    return same_municipality(user, request)


@predicate
def is_request_employer(user: Any, request: PaymentRequest | None) -> bool:
    return (
        request is not None
        and bool(user.cvr)
        and request.kind == GrantKindCode.ASSISTANCE
        and request.employer is not None
        and request.employer.cvr == user.cvr
    )


@predicate
def is_request_agency(user: Any, request: PaymentRequest | None) -> bool:
    return (
        request is not None
        and bool(user.cvr)
        and request.agency is not None
        and request.agency.cvr == user.cvr
    )


@predicate
def is_draft_request(user: Any, request: PaymentRequest | None) -> bool:
    return request is not None and request.status == RequestStatus.DRAFT


@predicate
def decided_the_grant(user: Any, request: PaymentRequest | None) -> bool:
    """Separation of duties: whoever decided the grant does not approve its payouts."""
    return request is not None and request.grant.decision.decided_by_id == user.pk


@predicate
def may_write_rate(user: Any, rate: tuple[str, Any] | None) -> bool:
    """`rate` is (kind, municipality or None). National rows: the national role; municipal rows: their own."""
    if rate is None:
        return False
    kind, municipality = rate
    if municipality is None:
        return kind in NATIONAL_RATE_KINDS | MUNICIPAL_RATE_KINDS and user.role == Role.NATIONAL
    return (
        kind in MUNICIPAL_RATE_KINDS
        and user.role in (Role.PAYMENT_OFFICER, Role.MANAGER)
        and user.municipality_id == municipality.pk
    )


@predicate
def in_claim_municipality(user: Any, claim: RepaymentClaim | None) -> bool:
    return claim is not None and same_municipality(user, claim.grant.case)


@predicate
def is_claim_employer(user: Any, claim: RepaymentClaim | None) -> bool:
    """The employer of the claim's case, once the claim has left the officer's desk (a draft is internal)."""
    if claim is None or not user.cvr or claim.status == ClaimStatus.DRAFT:
        return False
    employer = claim.grant.case.employer
    return employer is not None and employer.cvr == user.cvr


def repayment_claim_scope(user: Any) -> Q:
    """Staff see their municipality's claims; an employer its CVR's claims that were sent to it."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return NOTHING
    if user.role in (Role.PAYMENT_OFFICER, Role.MANAGER) and user.municipality_id:
        return Q(grant__case__municipality_id=user.municipality_id)
    if user.role == Role.EMPLOYER and user.cvr:
        return Q(grant__case__employer__cvr=user.cvr) & ~Q(status=ClaimStatus.DRAFT)
    return NOTHING


payment_staff = is_payment_officer | is_manager

rules.add_perm("payments.use_queue", payment_staff)
rules.add_perm(
    "payments.read_request",
    (payment_staff & in_request_municipality)
    | (is_employer & is_request_employer)
    | (is_agency & is_request_agency),
)
rules.add_perm("payments.handle_request", payment_staff & in_request_municipality)
rules.add_perm("payments.settle_request", is_payment_officer & in_request_municipality & ~decided_the_grant)
rules.add_perm("payments.claim_repayment", is_payment_officer & in_request_municipality)
rules.add_perm(
    "payments.read_claim", (payment_staff & in_claim_municipality) | (is_employer & is_claim_employer)
)
rules.add_perm("payments.handle_claim", payment_staff & in_claim_municipality)
rules.add_perm("payments.settle_claim", is_payment_officer & in_claim_municipality)
rules.add_perm("payments.answer_claim", is_employer & is_claim_employer)
rules.add_perm("payments.request_payment", is_employer)
rules.add_perm("payments.read_employer_request", is_employer & is_request_employer)
rules.add_perm("payments.delete_draft", is_employer & is_request_employer & is_draft_request)
rules.add_perm("payments.submit_invoice", is_agency)
rules.add_perm("payments.read_agency_invoice", is_agency & is_request_agency)
rules.add_perm("payments.read_batches", payment_staff)
rules.add_perm("payments.create_batch", is_payment_officer)
rules.add_perm("payments.read_rates", payment_staff | is_national)
rules.add_perm("payments.write_rate", may_write_rate)
# How BPA's administration contribution is paid is the municipality's choice, made by its payment officer.
rules.add_perm("payments.set_bpa_admin_mode", is_payment_officer)
rules.add_perm("payments.approve_trip", is_caseworker & in_case_municipality)


# --- Interpreting: samples and tips (issue 9 item 7) ------------------------------------------------------


@predicate
def in_answer_municipality(user: Any, answer: Any) -> bool:
    return answer is not None and same_municipality(user, answer.grant.case)


@predicate
def is_answer_person(user: Any, answer: Any) -> bool:
    """The person the question was put to: the grant's person, by CPR."""
    return answer is not None and bool(user.cpr) and answer.grant.case.person.cpr == user.cpr


@predicate
def in_tip_municipality(user: Any, tip: Any) -> bool:
    return same_municipality(user, tip)


control_staff = is_caseworker | is_payment_officer | is_manager

rules.add_perm("payments.read_control", control_staff)
rules.add_perm("payments.draw_sample", is_payment_officer)
rules.add_perm("payments.record_sample_answer", (is_caseworker | is_payment_officer) & in_answer_municipality)
rules.add_perm("payments.register_tip", control_staff)
rules.add_perm("payments.read_tip", control_staff & in_tip_municipality)
rules.add_perm("payments.close_tip", control_staff & in_tip_municipality)
rules.add_perm("payments.edit_sample_size", is_manager)
rules.add_perm("payments.answer_sample", is_citizen & is_answer_person)
# Interpreting: a declaration on tro og love (BEK § 25) is revoked by a caseworker of the case's municipality.
rules.add_perm("payments.revoke_declaration", is_caseworker & in_case_municipality)
# --- Interpreting: the agency's portal -------------------------------------------------------------


@predicate
def is_grant_agency(user: Any, grant: Any) -> bool:
    """The agency (by the user's CVR) is approved on the grant's decision, and the grant's time can still be
    invoiced (the invoice check refuses sessions after a stop or a lapse with its reason)."""
    from django.utils import timezone

    from kompensation.cases.grant_kinds import GrantKindCode
    from kompensation.cases.models import Grant

    return (
        grant is not None
        and bool(user.cvr)
        and Grant.objects.open_for_claims(timezone.localdate()).filter(pk=grant.pk).exists()
        and grant.decision.grant_kind == GrantKindCode.INTERPRETING
        and grant.decision.agencies.filter(cvr=user.cvr).exists()
    )


rules.add_perm("payments.use_agency_portal", is_agency)
rules.add_perm("payments.submit_invoice_for_grant", is_agency & is_grant_agency)


# Interpreting: the statement of sessions (one invoice × one interpreter), answered by the grant's person
# and signed by the statement's interpreter and the invoice's agency; each only by the party itself.
def is_statement_party(user: Any, statement: Any, party: str) -> bool:
    """The party itself: the grant's person («user»), the statement's interpreter, the invoice's agency."""
    if statement is None or not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if party == "user":
        person = statement.request.grant.case.person
        return user.role == Role.CITIZEN and bool(user.cpr) and user.cpr == person.cpr
    if party == "interpreter":
        return bool(user.role == Role.INTERPRETER and statement.interpreter.user_id == user.pk)
    agency = statement.request.agency
    return (
        user.role == Role.INTERPRETER_AGENCY
        and bool(user.cvr)
        and agency is not None
        and agency.cvr == user.cvr
    )


@predicate
def is_statement_person(user: Any, statement: Any) -> bool:
    return is_statement_party(user, statement, "user")


@predicate
def is_statement_interpreter(user: Any, statement: Any) -> bool:
    return is_statement_party(user, statement, "interpreter")


@predicate
def is_statement_agency(user: Any, statement: Any) -> bool:
    return is_statement_party(user, statement, "agency")


rules.add_perm("payments.list_statements", is_citizen | is_interpreter | is_agency)
rules.add_perm("payments.attest_statement", is_citizen & is_statement_person)
rules.add_perm("payments.sign_statement_interpreter", is_interpreter & is_statement_interpreter)
rules.add_perm("payments.sign_statement_agency", is_agency & is_statement_agency)
