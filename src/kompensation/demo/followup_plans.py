"""Demo follow-up: plans and records (see `followup.py`).

The caseload's grants carry their first follow-up from the decision. Here a few of them are planned and
held through the services, on the days they happened, so the due-soon list shows follow-ups overdue, due
within 60 days and later, and the records show every form and every conclusion:

* a meeting (a need hard to assess, held about seven months ago) concluded «unchanged», whose next close
  follow-up six months later is now overdue;
* a phone call on a stable grant until further notice, «unchanged», the next one a call in two years
  instead of the proposed visit — with the reason;
* a workplace visit where the introduction is over: «adjusted», the case waits for its new decision;
* a digital questionnaire that showed the employment has ended: «ended», by decision with letters;
* where the caseload has one more stable grant until further notice: «unchanged», next follow-up only on
  a change (BEK § 29);
* the first follow-up due soonest is planned as a digital questionnaire.

Grants whose first follow-up falls within 60 days are left for the list; so are time-limited grants close
to their end (the renewals' part).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kompensation.accounts.models import Role, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import CaseStatus, Grant, GrantStatus
from kompensation.followup.models import FollowUp, FollowUpStatus
from kompensation.followup.selectors_plans import grant_risk_factors
from kompensation.followup.services.plans import follow_up_plan
from kompensation.followup.services.records import follow_up_record
from kompensation.rules import followup as rules

from .clock import _days, _previous_workday

if TYPE_CHECKING:
    from .followup import FollowUpDemo

# Time-limited grants ending sooner than this are left to the renewals' part.
RENEWAL_WINDOW = _days(150)
SOON = _days(60)


def add(demo: FollowUpDemo) -> None:
    today = demo.today
    candidates = list(
        Grant.objects.filter(
            status=GrantStatus.ACTIVE,
            case__municipality=demo.municipality,
            case__status=CaseStatus.DECIDED,
            decision__grant_kind=GrantKindCode.ASSISTANCE,
            follow_ups__first=True,
            follow_ups__status=FollowUpStatus.PLANNED,
        )
        .select_related("decision", "case__caseworker", "case__employer")
        .order_by("decision__sent_at", "pk")
    )
    candidates = [g for g in candidates if g.end_date is None or g.end_date > today + RENEWAL_WINDOW]
    used: set[int] = set()

    def take(fits: Callable[[Grant], bool]) -> Grant | None:
        # Grants whose first follow-up is due within 60 days stay as they are (the list's «soon»).
        for grant in sorted(candidates, key=lambda g: _first(g).due <= today + SOON):
            if grant.pk not in used and fits(grant):
                used.add(grant.pk)
                return grant
        return None

    def sent(grant: Grant) -> dt.date:
        assert grant.decision.sent_at is not None
        return grant.decision.sent_at.date()

    overdue_held = _previous_workday(today - _days(200))
    grant = take(lambda g: sent(g) <= overdue_held - _days(21))
    if grant is not None:
        _meeting_now_overdue(demo, grant, overdue_held)
    grant = take(lambda g: g.end_date is None and sent(g) <= today - _days(45))
    if grant is not None:
        _phone_every_two_years(demo, grant, _previous_workday(today - _days(30)))
    grant = take(lambda g: sent(g) <= today - _days(70))
    if grant is not None:
        _visit_adjusted(demo, grant, _previous_workday(today - _days(20)))
    grant = take(lambda g: sent(g) <= today - _days(60))
    if grant is not None:
        _questionnaire_ended(demo, grant, _previous_workday(today - _days(12)))
    grant = take(lambda g: g.end_date is None and sent(g) <= today - _days(30))
    if grant is not None:
        _on_change_only(demo, grant, _previous_workday(today - _days(8)))
    _plan_the_soonest(demo)


def _first(grant: Grant) -> FollowUp:
    return grant.follow_ups.get(first=True)


def _caseworker(demo: FollowUpDemo, grant: Grant) -> User:
    worker = grant.case.caseworker
    if (
        worker is not None
        and worker.role == Role.CASEWORKER
        and worker.municipality_id == grant.case.municipality_id
    ):
        return worker
    return demo.users["sagsbehandler"]


def _plan(
    demo: FollowUpDemo,
    grant: Grant,
    day: dt.date,
    *,
    form: str,
    participants: list[str],
    due: dt.date,
    **kw: Any,
) -> FollowUp:
    demo.at(day)
    return follow_up_plan(
        user=_caseworker(demo, grant),
        follow_up=_first(grant),
        form=form,
        participants=participants,
        due=due,
        risk_factors=kw.get("risk_factors", []),
        reason=kw.get("reason", ""),
    )


def _factors(demo: FollowUpDemo, grant: Grant, *ticked: str) -> list[str]:
    """What the case shows (kept: leaving one out needs a reason), and what the caseworker ticks."""
    seen = [f.code for f in grant_risk_factors(grant=grant, today=demo.today)]
    return seen + [code for code in ticked if code not in seen]


def _checks(**noes: str) -> dict[str, dict[str, str]]:
    return {
        code: {"answer": "no", "note": noes[code]} if code in noes else {"answer": "yes", "note": ""}
        for code in rules.CHECK_CODES
    }


def _everyone(grant: Grant) -> list[str]:
    return ["person", "employer", "assistant"] if grant.case.employer_id else ["person", "assistant"]


def _meeting_now_overdue(demo: FollowUpDemo, grant: Grant, held: dt.date) -> None:
    """A need hard to assess: a meeting at the jobcentre, the next close follow-up six months later."""
    follow_up = _plan(
        demo,
        grant,
        _previous_workday(held - _days(21)),
        form="meeting",
        participants=_everyone(grant),
        due=held,
        risk_factors=_factors(demo, grant, "hard_to_assess"),
    )
    demo.at(held)
    proposal = rules.follow_up_proposal(
        factors=frozenset(follow_up.risk_factors), until_further_notice=grant.end_date is None
    )
    follow_up_record(
        user=_caseworker(demo, grant),
        follow_up=follow_up,
        held_on=held,
        checks=_checks(),
        conclusion="unchanged",
        conclusion_note=(
            "Timerne dækker behovet i dag, men opgaverne skifter med sæsonen, og personen er usikker på, "
            "om behovet holder. Uændret bevilling; vi ser på det igen om et halvt år."
        ),
        next_plan={
            "form": proposal.form,
            "participants": list(proposal.participants),
            "due": rules.proposed_due(held, proposal),
            "risk_factors": follow_up.risk_factors,
            "reason": "",
        },
    )


def _phone_every_two_years(demo: FollowUpDemo, grant: Grant, held: dt.date) -> None:
    """A stable need until further notice: a phone call, the next in two years — by phone, not a visit."""
    follow_up = _plan(
        demo,
        grant,
        _previous_workday(held - _days(14)),
        form="phone",
        participants=["person", "employer"],
        due=held,
        reason="Arbejdspladsen blev set ved bevillingen; en samtale med person og virksomhed er nok nu.",
    )
    demo.at(held)
    follow_up_record(
        user=_caseworker(demo, grant),
        follow_up=follow_up,
        held_on=held,
        checks=_checks(),
        conclusion="unchanged",
        conclusion_note="Samme job, opgaver og assistent som ved bevillingen. Behovet er stabilt.",
        next_plan={
            "form": "phone",
            "participants": ["person", "employer"],
            "due": rules.next_follow_up_due(held, rules.STABLE_INTERVAL_MONTHS),
            "risk_factors": [],
            "reason": "Stabilt behov gennem flere år; personen og virksomheden foretrækker telefon.",
        },
    )


def _visit_adjusted(demo: FollowUpDemo, grant: Grant, held: dt.date) -> None:
    """Support to learn the tasks: a workplace visit finds the need has fallen; the case is decided again."""
    follow_up = _plan(
        demo,
        grant,
        _previous_workday(held - _days(30)),
        form="visit",
        participants=_everyone(grant),
        due=held,
        risk_factors=_factors(demo, grant, "introduction"),
    )
    demo.at(held)
    follow_up_record(
        user=_caseworker(demo, grant),
        follow_up=follow_up,
        held_on=held,
        checks=_checks(
            tasks_hours=("Introduktionen er overstået; opgaverne kræver nu færre timer med assistent.")
        ),
        conclusion="adjusted",
        conclusion_note="Behovet er faldet efter introduktionen. Timerne justeres ved en ny afgørelse.",
    )


def _questionnaire_ended(demo: FollowUpDemo, grant: Grant, held: dt.date) -> None:
    """The digital questionnaire shows the employment has ended: the grant ends by decision."""
    follow_up = _plan(
        demo,
        grant,
        _previous_workday(held - _days(21)),
        form="questionnaire",
        participants=["person", "employer"],
        due=held,
        reason="Digitalt skema til person og virksomhed først; samtale, hvis svarene viser ændringer.",
    )
    demo.at(held)
    follow_up_record(
        user=_caseworker(demo, grant),
        follow_up=follow_up,
        held_on=held,
        checks=_checks(
            employed="Virksomheden svarer, at ansættelsen er ophørt ved udgangen af sidste måned.",
            assistants="Assistenten er stoppet samtidig.",
        ),
        conclusion="ended",
        conclusion_note="Ansættelsen er ophørt. Bevillingen ophører.",
        ending={
            "last_day": held,
            "reasons": (
                "Du er ikke længere ansat i virksomheden, så betingelsen for personlig assistance er ikke "
                "opfyldt (kompensationsloven § 4)."
            ),
            "hearing_note": (
                "Oplysningen om ophøret kommer fra dig og virksomheden selv, så der er ikke foretaget "
                "partshøring (forvaltningslovens § 19 stk. 2 nr. 1)."
            ),
        },
    )


def _on_change_only(demo: FollowUpDemo, grant: Grant, held: dt.date) -> None:
    """A stable grant until further notice, followed up from now on only when a change is reported."""
    follow_up = _plan(
        demo,
        grant,
        _previous_workday(held - _days(10)),
        form="phone",
        participants=["person"],
        due=held,
        reason="Personen har selv bedt om en kort samtale.",
    )
    demo.at(held)
    follow_up_record(
        user=_caseworker(demo, grant),
        follow_up=follow_up,
        held_on=held,
        checks=_checks(),
        conclusion="unchanged",
        conclusion_note="Varig funktionsnedsættelse og uændret job. Intet tyder på, at behovet ændrer sig.",
        next_plan={
            "form": "visit",
            "participants": ["person", "employer"],
            "due": None,
            "risk_factors": [],
            "reason": "Varigt, stabilt behov; person og virksomhed kender pligten til at anmelde ændringer.",
        },
    )


def _plan_the_soonest(demo: FollowUpDemo) -> None:
    """The first follow-up due soonest is planned as a digital questionnaire, a week ahead."""
    follow_up = (
        FollowUp.objects.filter(
            first=True,
            status=FollowUpStatus.PLANNED,
            due__gte=demo.today,
            grant__status=GrantStatus.ACTIVE,
            case__municipality=demo.municipality,
        )
        .select_related("grant__decision", "case__caseworker")
        .order_by("due", "pk")
        .first()
    )
    if follow_up is None:
        return
    demo.at(_previous_workday(demo.today - _days(7)))
    follow_up_plan(
        user=_caseworker(demo, follow_up.grant),
        follow_up=follow_up,
        form="questionnaire",
        participants=["person", "employer"] if follow_up.case.employer_id else ["person"],
        due=follow_up.due,
        risk_factors=[],
        reason="Digitalt skema til person og virksomhed; svarene afgør, om der skal holdes et møde.",
    )
