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
    S.DECIDED: Stage(S.DECIDED, frozenset({S.COMPLAINT})),
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
}

# Allowed status changes; anything else is a bug or a stale form, and is refused.
TRANSITIONS: dict[str, frozenset[CaseStatus]] = {status: stage.moves_to for status, stage in STAGES.items()}

DECIDING_STATUSES = frozenset(s for s, stage in STAGES.items() if stage.decides)
INVESTIGATING_STATUSES = frozenset(s for s, stage in STAGES.items() if stage.investigates)


def can_decide(status: str) -> bool:
    return STAGES[status].decides


def can_investigate(status: str) -> bool:
    return STAGES[status].investigates


def status_after_decision(status: str) -> CaseStatus:
    return STAGES[status].after_decision
