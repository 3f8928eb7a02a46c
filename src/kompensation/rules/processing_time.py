"""Processing time per case step, as Ankestyrelsen measured it (seeds/003 Tabel 3.2 and Tabel 4.1).

Pure: a case's dated milestones in, the duration of each step out, in weeks with one decimal (days / 7,
rounded half up). The steps are data (`STEPS`): each names the point it starts at and the point it ends at,
and the points are read off the milestones by `points_of` (the first active step, the first decision, the
forwarding of round 1, the decision after a remand, ...).

Choices, each following Tabel 3.2/4.1 where it speaks and stated here where it does not:

- **No active step recorded.** Initial contact is then unknown (None) and investigation runs from the
  application's receipt to the first decision. The fallback start is only used for a finished step: while no
  active step is recorded and no decision made, the case is in initial contact.
- **Complaint and re-assessment** runs from the first decision to the complaint's forwarding to Ankestyrelsen
  (round 1); a complaint that ended in a full change is never forwarded, so it runs to the re-assessment.
  Without a complaint (or a withdrawn or late-rejected one) the step is None.
- **AST waiting** is None when the date Ankestyrelsen assigned a caseworker is unknown; AST processing then
  runs from Ankestyrelsen's receipt to its decision.
- **After remand** runs from the municipality's receipt of the remand (round 1) to the forwarding of the
  round-2 complaint, to its re-assessment if it ended in a full change, or, when the new decision was not
  complained about, to that decision. While a round-2 complaint is open the step is still running.
- **Rounds.** Tabel 4.1 shows two rounds; so do `STEPS`. A third round (a second remand) is not shown and
  not counted in the total; `round_steps(3)` builds its step definitions for a later report.
- **Total** is the sum of the shown steps' days, divided by 7 and rounded: Tabel 4.1 adds days, not rounded
  weeks (Sag 4A: 2,3+22,1+6,7+16,0+22,3+36,4+1,1+6,9 = 113,8 yet "I alt" 113,9; likewise Sag 3A and 6A).
  It therefore differs from the sum of the rounded columns by at most 0,05 week per step.
- **The aids' trial** (km_trial) runs inside the municipality's investigation (Tabel 3.2: before or after the
  personal-circle assessment), so it is shown as a step of its own but not added to the total again: the
  total stays the case's time end to end.
- **Steps with dates out of order** (an end before its start) are not measured: None.
- **Averages** are over the cases that have the step: their days summed, divided by 7 × their number, rounded
  half up. **Per year** groups cases by the year of their first decision (the date the report's period filter
  reads), so a case is counted in one year only, even when Ankestyrelsen decided it years later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Milestone kinds: the case event types' values (cases.models.EventType), plus an aid's trial.
CASE_OPENED = "case_opened"
ACTIVE_STEP = "active_step"
DECISION_SENT = "decision_sent"
COMPLAINT_RECEIVED = "complaint_received"
COMPLAINT_REASSESSED = "complaint_reassessed"
COMPLAINT_CLOSED = "complaint_closed"  # withdrawn, or refused as late: the complaint goes no further
COMPLAINT_FORWARDED = "complaint_forwarded"
APPEALS_RECEIVED = "appeals_received"
APPEALS_ASSIGNED = "appeals_assigned"
APPEALS_DECIDED = "appeals_decided"
REMAND_RECEIVED = "remand_received"
TRIAL_STARTED = "trial_started"
TRIAL_ENDED = "trial_ended"

FULL_CHANGE = "changed"  # the re-assessment's outcome that ends a complaint without forwarding

ONE_DECIMAL = Decimal("0.1")
SHOWN_ROUNDS = 2


@dataclass(frozen=True)
class Milestone:
    kind: str
    on: dt.date
    round: int = 1
    outcome: str = ""


@dataclass(frozen=True)
class Step:
    """One column of Tabel 4.1. `start`: the point it starts at, then fallbacks used only once the step has
    ended; `end`: the points that end it, the first present wins; it runs (is "i gang") while `opened_by` is
    present and none of `end` or `abandoned_by` is."""

    code: str
    label_da: str
    short_label: str
    start: tuple[str, ...]
    end: tuple[str, ...]
    opened_by: str = ""
    abandoned_by: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()  # empty: every scheme
    in_total: bool = True  # False: the step lies inside another step's time (the aids' trial)

    def applies_to(self, scheme: str) -> bool:
        return not self.schemes or scheme in self.schemes


def round_steps(r: int) -> tuple[Step, ...]:
    """The steps of round r ≥ 2: the municipality after the remand of round r-1, then Ankestyrelsen."""
    prev = r - 1
    suffix = f" {r}"
    return (
        Step(
            "km_after_remand" if r == 2 else f"km_after_remand_{prev}",
            "KM – Sagsbehandling, klage og genvurdering efter hjemvisning" + ("" if r == 2 else suffix),
            "KM efter hjemvisning" + ("" if r == 2 else suffix),
            start=(f"remand_{prev}",),
            end=(f"forwarded_{r}", f"changed_{r}", f"settled_{prev}"),
        ),
        Step(
            f"ast_waiting_{r}",
            f"AST – Tid inden sagen fordeles til sagsbehandler{suffix}",
            f"AST venter{suffix}",
            start=(f"ast_received_{r}",),
            end=(f"ast_assigned_{r}",),
            abandoned_by=(f"ast_decided_{r}",),
        ),
        Step(
            f"ast_processing_{r}",
            f"AST – Sagsbehandling{suffix}",
            f"AST behandling{suffix}",
            start=(f"ast_assigned_{r}", f"ast_received_{r}"),
            end=(f"ast_decided_{r}",),
        ),
    )


STEPS: tuple[Step, ...] = (
    Step(
        "km_initial",
        "KM – Indledende kontakt",
        "KM indledende",
        start=("received",),
        end=("active",),
        abandoned_by=("decision",),
    ),
    Step(
        "km_investigation",
        "KM – Sagsoplysning, udmåling og afgørelse",
        "KM sagsoplysning",
        start=("active", "received"),
        end=("decision",),
    ),
    Step(
        "km_trial",
        "KM – Afprøvning",
        "KM afprøvning",
        start=("trial_started",),
        end=("trial_ended",),
        schemes=("aid", "consumer_good"),
        in_total=False,
    ),
    Step(
        "km_complaint",
        "KM – Klage og genvurdering",
        "KM klage",
        start=("decision",),
        end=("forwarded_1", "changed_1"),
        opened_by="complaint_1",
        abandoned_by=("closed_1",),
    ),
    Step(
        "ast_waiting",
        "AST – Tid inden sagen fordeles til sagsbehandler",
        "AST venter",
        start=("ast_received_1",),
        end=("ast_assigned_1",),
        abandoned_by=("ast_decided_1",),
    ),
    Step(
        "ast_processing",
        "AST – Sagsbehandling",
        "AST behandling",
        start=("ast_assigned_1", "ast_received_1"),
        end=("ast_decided_1",),
    ),
    *round_steps(SHOWN_ROUNDS),
)


def steps_for(scheme: str) -> tuple[Step, ...]:
    return tuple(step for step in STEPS if step.applies_to(scheme))


def weeks(days: int, count: int = 1) -> Decimal:
    """`days` (summed over `count` cases) as weeks per case, one decimal, rounded half up."""
    return (Decimal(days) / (Decimal(7) * count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _first(dates: Iterable[dt.date]) -> dt.date | None:
    return min(dates, default=None)


def points_of(milestones: Iterable[Milestone]) -> dict[str, dt.date]:
    """The dated points the steps start and end at, read off a case's milestones."""
    ms = list(milestones)

    def first(kind: str, round_: int | None = None, outcome: str | None = None) -> dt.date | None:
        return _first(
            m.on
            for m in ms
            if m.kind == kind
            and (round_ is None or m.round == round_)
            and (outcome is None or m.outcome == outcome)
        )

    found: dict[str, dt.date | None] = {
        "received": first(CASE_OPENED),
        "active": first(ACTIVE_STEP),
        "decision": first(DECISION_SENT),
        "trial_started": first(TRIAL_STARTED),
        "trial_ended": max((m.on for m in ms if m.kind == TRIAL_ENDED), default=None),
    }
    decisions = sorted(m.on for m in ms if m.kind == DECISION_SENT)
    rounds = {m.round for m in ms} | {1}
    for r in sorted(rounds):
        found |= {
            f"complaint_{r}": first(COMPLAINT_RECEIVED, r),
            f"changed_{r}": first(COMPLAINT_REASSESSED, r, FULL_CHANGE),
            f"closed_{r}": first(COMPLAINT_CLOSED, r),
            f"forwarded_{r}": first(COMPLAINT_FORWARDED, r),
            f"ast_received_{r}": first(APPEALS_RECEIVED, r),
            f"ast_assigned_{r}": first(APPEALS_ASSIGNED, r),
            f"ast_decided_{r}": first(APPEALS_DECIDED, r),
        }
    for r in sorted(rounds):
        remand = first(REMAND_RECEIVED, r)
        found[f"remand_{r}"] = remand
        # The new decision after the remand ends the step, unless it was complained about (round r+1) and
        # that complaint was not closed: then the complaint's forwarding or full change ends it.
        next_complaint = first(COMPLAINT_RECEIVED, r + 1)
        contested = next_complaint is not None and first(COMPLAINT_CLOSED, r + 1) is None
        if remand is not None and not contested:
            found[f"settled_{r}"] = _first(d for d in decisions if d >= remand)
    return {name: on for name, on in found.items() if on is not None}


@dataclass(frozen=True)
class StepTime:
    step: Step
    start: dt.date | None
    end: dt.date | None
    days: int | None  # None: not reached (or not measurable)
    ongoing: bool = False  # running today: `days` counts up to today

    @property
    def weeks(self) -> Decimal | None:
        return None if self.days is None else weeks(self.days)


def _measure(step: Step, points: Mapping[str, dt.date], today: dt.date | None) -> StepTime:
    end = next((points[p] for p in step.end if p in points), None)
    primary = points.get(step.start[0])
    start = primary if end is None else next((points[p] for p in step.start if p in points), None)
    if start is not None and end is not None:
        if end < start:
            return StepTime(step, start, end, None)
        return StepTime(step, start, end, (end - start).days)
    opened = step.opened_by in points if step.opened_by else start is not None
    abandoned = any(p in points for p in step.abandoned_by)
    if today is not None and start is not None and opened and not abandoned and today >= start:
        return StepTime(step, start, None, (today - start).days, ongoing=True)
    return StepTime(step, start if opened and not abandoned else None, None, None)


@dataclass(frozen=True)
class CaseTimes:
    steps: tuple[StepTime, ...]
    first_decision: dt.date | None = None

    @property
    def finished(self) -> tuple[StepTime, ...]:
        return tuple(s for s in self.steps if s.days is not None and not s.ongoing)

    @property
    def total_days(self) -> int | None:
        done = [s for s in self.finished if s.step.in_total]
        return sum(s.days for s in done if s.days is not None) if done else None

    @property
    def total_weeks(self) -> Decimal | None:
        days = self.total_days
        return None if days is None else weeks(days)

    def by_code(self) -> dict[str, StepTime]:
        return {s.step.code: s for s in self.steps}


def case_times(
    milestones: Iterable[Milestone],
    *,
    scheme: str = "pa",
    today: dt.date | None = None,
    steps: Sequence[Step] | None = None,
) -> CaseTimes:
    """Every step's duration for one case. With `today`, the step the case is in now is measured up to
    today and marked ongoing (the case page); without it (reports) only finished steps have a duration."""
    points = points_of(milestones)
    chosen = steps_for(scheme) if steps is None else tuple(steps)
    return CaseTimes(
        steps=tuple(_measure(step, points, today) for step in chosen),
        first_decision=points.get("decision"),
    )


@dataclass(frozen=True)
class Averages:
    """Average weeks per step over the cases that have the step, and the average total."""

    per_step: dict[str, Decimal | None]
    counts: dict[str, int]
    total: Decimal | None
    cases: int


def averages(times: Iterable[CaseTimes], steps: Sequence[Step] = STEPS) -> Averages:
    sums = {s.code: 0 for s in steps}
    counts = {s.code: 0 for s in steps}
    total_days = 0
    cases = 0
    for case in times:
        for st in case.finished:
            if st.step.code in sums and st.days is not None:
                sums[st.step.code] += st.days
                counts[st.step.code] += 1
        if (days := case.total_days) is not None:
            total_days += days
            cases += 1
    return Averages(
        per_step={c: weeks(sums[c], counts[c]) if counts[c] else None for c in sums},
        counts=counts,
        total=weeks(total_days, cases) if cases else None,
        cases=cases,
    )


@dataclass(frozen=True)
class YearAverages:
    year: int
    averages: Averages = field(compare=False)


def averages_by_year(times: Iterable[CaseTimes], steps: Sequence[Step] = STEPS) -> list[YearAverages]:
    """Tabel 4.3: per year of the first decision (cases without a decision are left out), newest first."""
    by_year: dict[int, list[CaseTimes]] = {}
    for case in times:
        if case.first_decision is not None:
            by_year.setdefault(case.first_decision.year, []).append(case)
    return [YearAverages(year, averages(by_year[year], steps)) for year in sorted(by_year, reverse=True)]
