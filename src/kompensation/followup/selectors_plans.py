"""Reads for the caseworker's follow-up work: the risk profile the product can see, the proposal, the
registers' evidence for the first checks, the due-soon list and the follow-ups on the case page.

`followup.selectors` re-exports what other apps call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db.models import QuerySet
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from kompensation import formats
from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import has
from kompensation.cases.models import Case, EmploymentForm, EmploymentType, Grant, GrantStatus, ImpairmentType
from kompensation.registers.cvr import cvr_register
from kompensation.registers.errors import UNAVAILABLE
from kompensation.registers.income import income_register
from kompensation.rules import followup as rules

from .models import FollowUp, FollowUpStatus

# How far ahead the due-soon list groups follow-ups as «soon» (the rest are «later»).
DUE_SOON_DAYS = 60
# How many months of wages the employment hint looks at: a quarter, as a payment request covers.
WAGE_MONTHS = 3


@dataclass(frozen=True)
class SeenFactor:
    """A risk factor the product saw in the case, and where."""

    code: str
    label: str
    source: str


def grant_risk_factors(*, grant: Grant, today: dt.date) -> tuple[SeenFactor, ...]:
    """The risk factors the case itself shows (the audit, chapter 6): a mental impairment in the
    investigation, a flex job in the application, and a person under 30 by the CPR number's birth date.
    The others (introduction, alternatives, hard to assess) are for the caseworker to tick."""
    case = grant.case
    seen: list[SeenFactor] = []
    investigation = getattr(case, "investigation", None)
    if investigation is not None and investigation.impairment_type in (
        ImpairmentType.MENTAL,
        ImpairmentType.BOTH,
    ):
        seen.append(
            _seen("mental", f"Sagsoplysningen: {investigation.get_impairment_type_display().lower()}")
        )
    application = getattr(case, "application", None)
    if application is not None and application.employment_form == EmploymentForm.FLEX_JOB:
        seen.append(_seen("flex_job", "Ansøgningen: ansat i fleksjob"))
    birth = _birth_date(case.person.cpr)
    if birth is not None and rules.is_young(birth, today):
        seen.append(_seen("young_first_job", f"CPR-nummeret: {rules.age_on(birth, today)} år"))
    return tuple(seen)


def _seen(code: str, source: str) -> SeenFactor:
    return SeenFactor(code, rules.factor_label(code), source)


def _birth_date(cpr: str) -> dt.date | None:
    try:
        return stdnum_cpr.get_birth_date(cpr)
    except StdnumError:
        return None


def follow_up_proposal_for(
    *, grant: Grant, today: dt.date, ticked: Iterable[str] = ()
) -> rules.FollowUpProposal:
    """The proposal for the grant's next follow-up: from the factors the case shows plus those the
    caseworker ticked, and whether the grant runs until further notice."""
    factors = {f.code for f in grant_risk_factors(grant=grant, today=today)} | set(ticked)
    return rules.follow_up_proposal(
        factors=frozenset(factors & rules.RISK_FACTOR_CODES), until_further_notice=grant.end_date is None
    )


# --- the registers' evidence for checks 1 and 2 ----------------------------------------------------------

HintStatus = Literal["pass", "fail", "unknown"]


@dataclass(frozen=True)
class CheckHint:
    """What a register says about a check: shown beside it; the caseworker still answers."""

    status: HintStatus
    text: str
    source: str


def follow_up_register_hints(*, follow_up: FollowUp, today: dt.date) -> dict[str, CheckHint]:
    """Evidence for «employer active in CVR» and «person employed there», read like the payment controls
    do (`payments.services.controls`): a register that does not answer says so, it never fails a check."""
    employer = follow_up.case.employer
    if employer is None:
        return {}
    return {"cvr_active": _cvr_hint(employer.cvr, today), "employed": _employment_hint(follow_up, today)}


def _cvr_hint(cvr: str, today: dt.date) -> CheckHint:
    try:
        company = cvr_register().lookup(cvr)
    except UNAVAILABLE:
        return CheckHint("unknown", "Kunne ikke slås op: CVR-registret svarede ikke.", "CVR-registret")
    if company is None:
        return CheckHint("fail", f"CVR {cvr} findes ikke i CVR-registret.", "CVR-registret")
    if company.active_on(today):
        return CheckHint(
            "pass", f"{company.name}: aktiv siden {company.active_from:%d.%m.%Y}.", "CVR-registret"
        )
    ended = f" (ophørt {company.active_to:%d.%m.%Y})" if company.active_to else ""
    return CheckHint("fail", f"{company.name} er ikke aktiv i dag{ended}.", "CVR-registret")


def _employment_hint(follow_up: FollowUp, today: dt.date) -> CheckHint:
    case = follow_up.case
    assert case.employer is not None
    application = getattr(case, "application", None)
    if application is not None and application.employment_type == EmploymentType.SELF_EMPLOYED:
        return CheckHint("unknown", "Selvstændig: der er ingen lønindberetning at se.", "eIndkomst")
    start = _months_back(today, WAGE_MONTHS)
    try:
        paid = income_register().wages_paid(
            cvr=case.employer.cvr, cpr=case.person.cpr, start=start, end=today
        )
    except UNAVAILABLE:
        paid = None
    if paid is None:
        return CheckHint("unknown", "Kunne ikke slås op: eIndkomst svarede ikke.", "eIndkomst")
    if paid <= 0:
        return CheckHint(
            "fail", f"Ingen løn fra CVR {case.employer.cvr} siden {start:%d.%m.%Y}.", "eIndkomst"
        )
    return CheckHint(
        "pass",
        f"Løn fra CVR {case.employer.cvr} siden {start:%d.%m.%Y}: {formats.amount(paid)}.",
        "eIndkomst",
    )


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


# --- lists -----------------------------------------------------------------------------------------------


def follow_ups_due(*, user: User, team: bool) -> QuerySet[FollowUp]:
    """The planned follow-ups of running grants in the user's municipality, the earliest first (so the
    overdue come first): the caseworker's own cases, or the whole team's."""
    if user.role not in (Role.CASEWORKER, Role.MANAGER) or not user.municipality_id:
        return FollowUp.objects.none()
    follow_ups = FollowUp.objects.filter(
        status=FollowUpStatus.PLANNED,
        grant__status=GrantStatus.ACTIVE,
        case__municipality_id=user.municipality_id,
    )
    if not team:
        follow_ups = follow_ups.filter(case__caseworker=user)
    return follow_ups.select_related("case__person", "case__caseworker", "grant__decision").order_by(
        "due", "pk"
    )


def due_group(days_left: int) -> str:
    if days_left < 0:
        return "Overskredet"
    if days_left <= DUE_SOON_DAYS:
        return f"Inden for {DUE_SOON_DAYS} dage"
    return "Senere"


def case_follow_ups(*, case: Case, user: User) -> list[FollowUp]:
    """The case's planned and held follow-ups, for the staff who may read them (not the payment officer)."""
    follow_ups = list(
        FollowUp.objects.filter(case=case)
        .exclude(status=FollowUpStatus.CANCELLED)
        .select_related("case", "grant__decision")
        .order_by("-due", "-pk")
    )
    return [f for f in follow_ups if has("followup.read_follow_up", user, f)]


def grant_follow_up_history(*, follow_up: FollowUp) -> list[FollowUp]:
    """The grant's other follow-ups, latest first."""
    return list(
        FollowUp.objects.filter(grant=follow_up.grant).exclude(pk=follow_up.pk).order_by("-due", "-pk")
    )
