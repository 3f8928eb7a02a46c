"""The case's lifecycle as data: its stages, the moves between them, and what may be done in each.

A case does not end at its decision. The person (or the employer, about the subsidy) may complain; the
municipality re-assesses and either changes the decision or forwards the complaint to Ankestyrelsen, which
may remand the case for a new decision — which can be complained about again (RSL §§ 66–67). Every scheme
runs on these stages (PA now; BPA, cash allowance and aids reuse them); a scheme that needs more adds a
stage here, not a copy of the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import CaseStatus, DeadlineKind


@dataclass(frozen=True)
class Stage:
    status: CaseStatus
    moves_to: frozenset[CaseStatus]
    # A decision may be drafted and sent (first decision, re-assessment's new decision, after a remand).
    decides: bool = False
    # The investigation, dialog form and documents may still change.
    investigates: bool = False
    # The deadline opened when a case enters the stage.
    deadline: DeadlineKind | None = None
    # Where sending a decision leaves the case. A decision sent during re-assessment keeps the case there:
    # the re-assessment then closes the complaint (changed) or forwards the rest (partly changed).
    after_decision: CaseStatus = CaseStatus.DECIDED


S = CaseStatus

STAGES: dict[str, Stage] = {
    S.RECEIVED: Stage(
        S.RECEIVED, frozenset({S.INVESTIGATING}), investigates=True, deadline=DeadlineKind.DECISION
    ),
    S.INVESTIGATING: Stage(
        S.INVESTIGATING, frozenset({S.HEARING, S.DECIDED}), decides=True, investigates=True
    ),
    S.HEARING: Stage(S.HEARING, frozenset({S.INVESTIGATING, S.DECIDED}), decides=True, investigates=True),
    # Decided, until someone complains; a later decision (remand, change) lands here again.
    S.DECIDED: Stage(S.DECIDED, frozenset({S.COMPLAINT, S.FOLLOW_UP})),
    # Re-assessment: the decision is changed (fully: back to decided; in part: the rest is forwarded), or
    # upheld and forwarded; a complaint withdrawn or refused as too late also returns the case to decided.
    S.COMPLAINT: Stage(
        S.COMPLAINT,
        frozenset({S.DECIDED, S.FORWARDED}),
        decides=True,
        investigates=True,
        deadline=DeadlineKind.REASSESSMENT,
        after_decision=S.COMPLAINT,
    ),
    # At Ankestyrelsen: upheld, changed or dismissed ends the complaint; a remand reopens the case.
    S.FORWARDED: Stage(S.FORWARDED, frozenset({S.DECIDED, S.REMANDED})),
    S.REMANDED: Stage(
        S.REMANDED,
        frozenset({S.INVESTIGATING, S.HEARING, S.DECIDED}),
        decides=True,
        investigates=True,
        deadline=DeadlineKind.REMAND_DECISION,
    ),
    # A follow-up found that the support must change (BEK § 15 stk. 4): the case is investigated and decided
    # again; the new decision replaces the running grant from its start date.
    S.FOLLOW_UP: Stage(
        S.FOLLOW_UP, frozenset({S.INVESTIGATING, S.HEARING, S.DECIDED}), decides=True, investigates=True
    ),
}

# Allowed status changes; anything else is a bug or a stale form, and is refused.
TRANSITIONS: dict[str, frozenset[CaseStatus]] = {status: stage.moves_to for status, stage in STAGES.items()}

DECIDING_STATUSES = frozenset(s for s, stage in STAGES.items() if stage.decides)
INVESTIGATING_STATUSES = frozenset(s for s, stage in STAGES.items() if stage.investigates)

# The municipality has the case in hand (the inbox's "open" cases): every stage where the case may still be
# investigated. Decided cases rest until someone complains; a forwarded case waits for Ankestyrelsen.
OPEN_STATUSES = INVESTIGATING_STATUSES
# The case waits for someone else than the municipality (shown apart, never as the team's open work).
WAITING_STATUSES = frozenset({S.FORWARDED})
# The complaint's course after a decision: re-assessment, at Ankestyrelsen, remanded for a new decision.
COMPLAINT_STATUSES = frozenset({S.COMPLAINT, S.FORWARDED, S.REMANDED})
# The person waits for a decision by a date they were given (RSL § 3 stk. 2): the first decision, or the
# new one after a remand. During re-assessment the complaint's own deadline (RSL § 66) runs instead; a
# follow-up's new decision answers no application, so no date was promised.
AWAITING_DECISION_STATUSES = OPEN_STATUSES - {S.COMPLAINT, S.FOLLOW_UP}
# Deadlines of the complaint's steps (supervision watches these).
COMPLAINT_DEADLINE_KINDS = (DeadlineKind.REASSESSMENT, DeadlineKind.REMAND_DECISION)


def can_decide(status: str) -> bool:
    return STAGES[status].decides


def can_investigate(status: str) -> bool:
    return STAGES[status].investigates


def status_after_decision(status: str) -> CaseStatus:
    return STAGES[status].after_decision


def can_move(status: str, to: str) -> bool:
    """Whether the lifecycle allows the move (the page offers only the actions that lead somewhere)."""
    return to in STAGES[status].moves_to


@dataclass(frozen=True)
class Actions:
    """What the caseworker may do on the case page in the case's stage."""

    # The first active step ends Ankestyrelsen's "initial contact" step: only before the first decision.
    active_step: bool
    # Investigation and dialog form: in every stage that works towards a decision (a received case first
    # needs its active step, which opens the investigation).
    investigate: bool
    hearing: bool
    decide: bool


def case_actions(status: str, *, decided_before: bool) -> Actions:
    stage = STAGES[status]
    return Actions(
        active_step=stage.investigates and not decided_before,
        investigate=stage.investigates and stage.decides,
        hearing=can_move(status, S.HEARING),
        decide=stage.decides,
    )
