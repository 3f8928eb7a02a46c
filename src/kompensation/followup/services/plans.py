"""The follow-up plan of a grant: the first reassessment a new grant opens, and cancelling what is due.

Each planned follow-up has its deadline as a `cases.Deadline` (the first: FIRST_FOLLOW_UP, later ones:
FOLLOW_UP), so the inbox and supervision see it beside the case's other deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Deadline, DeadlineKind, EventType, Grant
from kompensation.cases.services import case_event_record, require_caseworker
from kompensation.cases.validators import sane_date_errors
from kompensation.rules import followup as rules

from ..models import FollowUp, FollowUpForm, FollowUpStatus, Participant
from ..selectors_plans import grant_risk_factors

FIRST_RULE = "BEK § 15 stk. 4: revurdering senest 1 år efter bevilling"
PLAN_RULE = "Opfølgningsplan (BEK § 15 stk. 4 og § 29)"


def follow_up_first_open(*, grant: Grant, due: dt.date) -> FollowUp:
    """A new grant's first reassessment, due no later than a year after the grant (in the caller's
    transaction: `cases.services.decision_send`). The caseworker chooses its form when planning it; until
    then it is a phone call with the person and the employer, the commonest form after the digital one."""
    deadline = Deadline.objects.create(
        case=grant.case, kind=DeadlineKind.FIRST_FOLLOW_UP, due=due, rule=FIRST_RULE
    )
    participants = [Participant.PERSON] + ([Participant.EMPLOYER] if grant.case.employer_id else [])
    return FollowUp.objects.create(
        grant=grant,
        case=grant.case,
        first=True,
        due=due,
        form=FollowUpForm.PHONE,
        participants=participants,
        deadline=deadline,
    )


def follow_ups_cancel(*, grant: Grant, at: dt.datetime) -> int:
    """The grant ended or was decided again: its planned follow-ups are no longer due (caller's
    transaction). Their deadlines are closed so they leave the inbox; the follow-ups stay as history."""
    planned = FollowUp.objects.filter(grant=grant, status=FollowUpStatus.PLANNED)
    Deadline.objects.filter(follow_up__in=planned, met_at__isnull=True).update(met_at=at)
    # Deadlines of grants decided before follow-up plans existed have no follow-up row.
    grant.case.deadlines.filter(
        kind=DeadlineKind.FIRST_FOLLOW_UP, met_at__isnull=True, follow_up__isnull=True
    ).update(met_at=at)
    return planned.update(status=FollowUpStatus.CANCELLED)


# --- planning a follow-up: its form, participants, date and the reason for the choice ----------------


@dataclass(frozen=True)
class PlanChoice:
    """A follow-up plan as the caseworker chose it (`due` None: only when something changes)."""

    form: str
    participants: tuple[str, ...]
    due: dt.date | None
    risk_factors: tuple[str, ...]
    reason: str
    # The caseworker wrote the reason (another choice than the proposal), not the proposal's own.
    own_reason: bool = False


def legal_first_due(grant: Grant) -> dt.date:
    """The latest day of the first reassessment: the date the decision letter named (BEK § 15 stk. 4)."""
    if grant.decision.follow_up_due is not None:
        return grant.decision.follow_up_due
    sent = timezone.localdate(grant.decision.sent_at) if grant.decision.sent_at else grant.start_date
    return rules.first_reassessment_due(sent)


def plan_check(
    *,
    grant: Grant,
    first: bool,
    base: dt.date,
    earliest: dt.date,
    form: str,
    participants: Sequence[str],
    due: dt.date | None,
    risk_factors: Sequence[str],
    reason: str,
    prefix: str = "",
) -> tuple[dict[str, str], PlanChoice]:
    """The errors of a plan (keyed by field, with ``prefix``) and the plan to store.

    ``base`` is the day the proposal counts from (the last follow-up held); ``earliest`` the first day the
    plan may fall on. The first follow-up may never fall after its legal date; a plan that departs from
    the proposal says why; a plan without a date is only for a grant until further notice."""
    errors: dict[str, str] = {}
    if form not in FollowUpForm.values:
        errors[prefix + "form"] = "Vælg, hvordan opfølgningen skal foregå."
    chosen = tuple(p for p in Participant.values if p in set(participants))
    if not chosen or len(chosen) != len(set(participants)):
        errors[prefix + "participants"] = "Vælg mindst én deltager: personen, virksomheden eller assistenten."
    elif Participant.EMPLOYER in chosen and grant.case.employer_id is None:
        errors[prefix + "participants"] = "Sagen har ingen virksomhed. Fjern virksomheden fra deltagerne."
    factors = tuple(f.code for f in rules.RISK_FACTORS if f.code in set(risk_factors))
    if len(factors) != len(set(risk_factors)):
        errors[prefix + "risk_factors"] = "Vælg risikofaktorerne fra listen."
    seen = _seen_factors(grant)
    proposal = rules.follow_up_proposal(
        factors=frozenset(factors), until_further_notice=grant.end_date is None
    )
    proposed = legal_first_due(grant) if first else rules.proposed_due(base, proposal)
    if due is None:
        if first or grant.end_date is not None:
            errors[prefix + "due"] = (
                "Angiv datoen for opfølgningen. Kun en bevilling indtil videre kan følges op alene, når der "
                "sker en ændring."
            )
    elif sane_date_errors(due=due):
        errors[prefix + "due"] = sane_date_errors(due=due)["due"]
    elif due < earliest:
        errors[prefix + "due"] = f"Datoen kan ikke ligge før {earliest:%d.%m.%Y}."
    elif first and due > legal_first_due(grant):
        errors[prefix + "due"] = (
            f"Den første opfølgning skal holdes senest {legal_first_due(grant):%d.%m.%Y}, et år efter "
            "bevillingen (BEK § 15 stk. 4). Vælg en dato, der ligger senest den dag."
        )
    departures = rules.plan_departures(
        proposal,
        seen=seen,
        chosen=frozenset(factors),
        form=form,
        participants=frozenset(chosen),
        due=due,
        proposed_due=proposed,
    )
    if departures and not reason.strip():
        errors[prefix + "reason"] = (
            "Skriv, hvorfor I vælger en anden opfølgning end forslaget ("
            + "; ".join(_departure_words(d, proposal, proposed, seen - set(factors)) for d in departures)
            + ")."
        )
    plan = PlanChoice(
        form=form,
        participants=chosen,
        due=due,
        risk_factors=factors,
        reason=reason.strip() or proposal.reason,
        own_reason=bool(reason.strip()),
    )
    return errors, plan


def _seen_factors(grant: Grant) -> frozenset[str]:
    return frozenset(f.code for f in grant_risk_factors(grant=grant, today=timezone.localdate()))


def _departure_words(
    departure: str, proposal: rules.FollowUpProposal, proposed: dt.date | None, removed: frozenset[str]
) -> str:
    match departure:
        case "factor_removed":
            return "sagen viser " + ", ".join(rules.factor_label(c).lower() for c in sorted(removed))
        case "form":
            return f"forslaget er {FollowUpForm(proposal.form).label.lower()}"
        case "participants":
            return "forslaget er " + ", ".join(Participant(p).label.lower() for p in proposal.participants)
        case "later":
            return f"forslaget er senest {proposed:%d.%m.%Y}" if proposed else "en senere dato"
        case _:
            return f"forslaget er en opfølgning senest {proposed:%d.%m.%Y}" if proposed else "ingen dato"


def follow_up_plan(
    *,
    user: User,
    follow_up: FollowUp,
    form: str,
    participants: Sequence[str],
    due: dt.date | None,
    risk_factors: Sequence[str],
    reason: str,
) -> FollowUp:
    """Plan a follow-up: its form, participants, date and why (the risk profile, or the reason for another
    choice). The first may never be later than its legal date (BEK § 15 stk. 4). Its deadline moves too."""
    require_caseworker(user, follow_up.case)
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("grant__decision", "grant__case", "case", "deadline")
            .get(pk=follow_up.pk)
        )
        if follow_up.status != FollowUpStatus.PLANNED:
            raise ValidationError(
                f"Opfølgningen er {follow_up.get_status_display().lower()} og kan ikke planlægges om."
            )
        previous = FollowUp.objects.filter(next_follow_up=follow_up).first()
        today = timezone.localdate()
        errors, plan = plan_check(
            grant=follow_up.grant,
            first=follow_up.first,
            base=previous.held_on if previous and previous.held_on else today,
            earliest=today,
            form=form,
            participants=participants,
            due=due,
            risk_factors=risk_factors,
            reason=reason,
        )
        if errors:
            raise ValidationError(errors)
        assert plan.due is not None
        follow_up.form = plan.form
        follow_up.participants = list(plan.participants)
        follow_up.due = plan.due
        follow_up.risk_factors = list(plan.risk_factors)
        follow_up.plan_reason = plan.reason
        follow_up.planned_by = user
        follow_up.save(
            update_fields=["form", "participants", "due", "risk_factors", "plan_reason", "planned_by"]
        )
        if follow_up.deadline is not None:
            follow_up.deadline.due = plan.due
            follow_up.deadline.save(update_fields=["due"])
        _planned_event(follow_up, user, own_reason=plan.own_reason)
    return follow_up


def follow_up_next_open(*, user: User, grant: Grant, plan: PlanChoice) -> FollowUp:
    """The next follow-up after one that was held (caller's transaction), with its FOLLOW_UP deadline."""
    assert plan.due is not None
    deadline = Deadline.objects.create(
        case=grant.case, kind=DeadlineKind.FOLLOW_UP, due=plan.due, rule=PLAN_RULE
    )
    follow_up = FollowUp.objects.create(
        grant=grant,
        case=grant.case,
        first=False,
        due=plan.due,
        form=plan.form,
        participants=list(plan.participants),
        risk_factors=list(plan.risk_factors),
        plan_reason=plan.reason,
        deadline=deadline,
        planned_by=user,
    )
    _planned_event(follow_up, user, own_reason=plan.own_reason)
    return follow_up


def _planned_event(follow_up: FollowUp, user: User, *, own_reason: bool) -> None:
    # The reason is free text and may describe the person's health: the event records the choice only.
    case_event_record(
        follow_up.case,
        EventType.FOLLOW_UP_PLANNED,
        user,
        follow_up_id=follow_up.pk,
        grant_id=follow_up.grant_id,
        first=follow_up.first,
        form=follow_up.form,
        participants=list(follow_up.participants),
        due=str(follow_up.due),
        risk_factors=list(follow_up.risk_factors),
        own_reason=own_reason,
    )
