"""Processing time per step, read from the case events: for one case (the case page's bar) and for every
case a report covers (Tabel 4.1 and 4.3). The milestones of many cases come from ONE query on CaseEvent;
the durations are computed by the pure `rules.processing_time`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Case, CaseEvent, EventType
from kompensation.cases.schemes import SchemeCode, scheme_of
from kompensation.rules import processing_time as pt

from .permissions import insights_case_scope

# Event type → milestone kind. A withdrawn complaint, or one refused as late, goes no further.
MILESTONE_EVENTS: dict[str, str] = {
    EventType.CASE_OPENED: pt.CASE_OPENED,
    EventType.ACTIVE_STEP: pt.ACTIVE_STEP,
    EventType.DECISION_SENT: pt.DECISION_SENT,
    EventType.COMPLAINT_RECEIVED: pt.COMPLAINT_RECEIVED,
    EventType.COMPLAINT_REASSESSED: pt.COMPLAINT_REASSESSED,
    EventType.COMPLAINT_WITHDRAWN: pt.COMPLAINT_CLOSED,
    EventType.COMPLAINT_LATE_ASSESSED: pt.COMPLAINT_CLOSED,
    EventType.COMPLAINT_FORWARDED: pt.COMPLAINT_FORWARDED,
    EventType.APPEALS_RECEIVED: pt.APPEALS_RECEIVED,
    EventType.APPEALS_ASSIGNED: pt.APPEALS_ASSIGNED,
    EventType.APPEALS_DECIDED: pt.APPEALS_DECIDED,
    EventType.REMAND_RECEIVED: pt.REMAND_RECEIVED,
    # An aid's trial (social.aids): its own step, km_trial.
    EventType.TRIAL_STARTED: pt.TRIAL_STARTED,
    EventType.TRIAL_ENDED: pt.TRIAL_ENDED,
}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def milestone_of(type_: str, at: dt.datetime, payload: dict[str, Any]) -> pt.Milestone | None:
    """The milestone an event marks: dated payload["on"], else (case opened) payload["received_on"], else
    the local date of `at`. A late complaint's assessment only closes the complaint when it was refused."""
    kind = MILESTONE_EVENTS.get(type_)
    if kind is None:
        return None
    if type_ == EventType.COMPLAINT_LATE_ASSESSED and _accepted(payload):
        return None
    on = _date(payload.get("on")) or (type_ == EventType.CASE_OPENED and _date(payload.get("received_on")))
    if not on:
        on = timezone.localdate(at) if timezone.is_aware(at) else at.date()
    try:
        round_ = int(payload.get("round") or 1)
    except (TypeError, ValueError):
        round_ = 1
    return pt.Milestone(kind, on, round_, str(payload.get("outcome") or ""))


def _accepted(payload: dict[str, Any]) -> bool:
    for key in ("accepted", "late_accepted"):
        if key in payload:
            return bool(payload[key])
    return True  # no verdict recorded: the complaint is not taken as refused


# Dates the caseworker may correct (complaints.services.complaint_appeals_date_correct): the correction is a
# new event of the same kind, so of these the LATEST recorded event per round is the date (events are never
# changed).
CORRECTABLE_EVENTS = frozenset({EventType.APPEALS_RECEIVED, EventType.APPEALS_ASSIGNED})


def milestones_for(case_ids: Iterable[int]) -> dict[int, list[pt.Milestone]]:
    """Every listed case's milestones, in one query, in the order they were recorded."""
    found: dict[int, list[pt.Milestone]] = defaultdict(list)
    latest: dict[tuple[int, str, int], int] = {}  # (case, kind, round) → index of its milestone in found
    rows = (
        CaseEvent.objects.filter(case_id__in=list(case_ids), type__in=list(MILESTONE_EVENTS))
        .order_by("case_id", "at", "id")
        .values_list("case_id", "type", "at", "payload")
    )
    for case_id, type_, at, payload in rows:
        if (milestone := milestone_of(type_, at, payload or {})) is None:
            continue
        key = (case_id, type_, milestone.round)
        if type_ in CORRECTABLE_EVENTS and key in latest:
            found[case_id][latest[key]] = milestone  # a correction replaces the date recorded before
            continue
        latest[key] = len(found[case_id])
        found[case_id].append(milestone)
    return found


# --- the case page ----------------------------------------------------------------------------------------

BAR_WIDTH = 1000  # the SVG's viewBox units; each step's rect is as wide as its share of the days


@dataclass(frozen=True)
class BarSegment:
    code: str
    label: str
    x: int
    width: int
    weeks: Any
    ongoing: bool
    css: str


@dataclass(frozen=True)
class CaseProcessingTime:
    times: pt.CaseTimes
    segments: tuple[BarSegment, ...]
    today: dt.date

    @property
    def rows(self) -> tuple[pt.StepTime, ...]:
        return self.times.steps

    @property
    def any_measured(self) -> bool:
        return bool(self.segments)


def case_processing_time(*, case: Case, today: dt.date) -> CaseProcessingTime:
    """One case's steps up to today, and the stacked bar they make (widths from the days)."""
    milestones = milestones_for([case.pk]).get(case.pk, [])
    times = pt.case_times(milestones, scheme=case.scheme, today=today)
    measured = [(i, s) for i, s in enumerate(times.steps) if s.days is not None]
    total = sum(s.days or 0 for _, s in measured)
    segments: list[BarSegment] = []
    x = 0
    for i, step in measured:
        width = round(BAR_WIDTH * (step.days or 0) / total) if total else 0
        width = min(width, BAR_WIDTH - x)
        segments.append(
            BarSegment(
                code=step.step.code,
                label=step.step.label_da,
                x=x,
                width=width,
                weeks=step.weeks,
                ongoing=step.ongoing,
                css=f"k-bar-{i % 8}" + (" k-bar-ongoing" if step.ongoing else ""),
            )
        )
        x += width
    return CaseProcessingTime(times=times, segments=tuple(segments), today=today)


# --- reports ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    scheme: str = ""
    date_from: dt.date | None = None  # the first decision, from and including
    date_to: dt.date | None = None  # to and including
    municipality_id: int | None = None  # national role only
    only_complaints: bool = False


@dataclass(frozen=True)
class ReportRow:
    case_id: int
    reference: str
    municipality: str
    times: pt.CaseTimes
    cells: tuple[pt.StepTime | None, ...]  # one per report column


@dataclass(frozen=True)
class Report:
    steps: tuple[pt.Step, ...]
    rows: list[ReportRow]
    averages: pt.Averages


def report_steps(scheme: str) -> tuple[pt.Step, ...]:
    """The columns: the scheme's steps; with every scheme, the steps any scheme has."""
    if scheme:
        return pt.steps_for(scheme)
    return tuple(s for s in pt.STEPS if any(s.applies_to(k) for k in SchemeCode.values))


def processing_time_report(*, user: User, filters: ReportFilters) -> Report:
    """Tabel 4.1 for the cases the user's scope covers, with a first decision in the period: one row per
    case sorted by total, longest first, and averages over all of them. Two queries, however many cases."""

    def has_event(type_: str) -> Exists:
        return Exists(CaseEvent.objects.filter(case_id=OuterRef("pk"), type=type_))

    cases = Case.objects.filter(insights_case_scope(user), has_event(EventType.DECISION_SENT))
    if filters.scheme:
        cases = cases.filter(scheme=filters.scheme)
    if filters.municipality_id and user.role == "national":
        cases = cases.filter(municipality_id=filters.municipality_id)
    if filters.only_complaints:
        cases = cases.filter(has_event(EventType.COMPLAINT_RECEIVED))
    found = list(cases.values_list("pk", "scheme", "received_on", "municipality__name").order_by("pk"))
    milestones = milestones_for(pk for pk, *_ in found)
    steps = report_steps(filters.scheme)
    rows: list[ReportRow] = []
    for pk, scheme, received_on, municipality in found:
        times = pt.case_times(milestones.get(pk, []), scheme=scheme)
        first = times.first_decision
        if first is None:
            continue
        if (filters.date_from and first < filters.date_from) or (filters.date_to and first > filters.date_to):
            continue
        by_code = times.by_code()
        rows.append(
            ReportRow(
                case_id=pk,
                reference=f"{scheme_of(scheme).prefix}-{received_on.year}-{pk:06d}",  # as Case.reference
                municipality=municipality,
                times=times,
                cells=tuple(by_code.get(step.code) for step in steps),
            )
        )
    rows.sort(key=lambda r: (-(r.times.total_days or 0), r.case_id))
    return Report(steps=steps, rows=rows, averages=pt.averages((r.times for r in rows), steps))


@dataclass(frozen=True)
class YearRow:
    year: int
    averages: pt.Averages
    cells: tuple[Any, ...]


def processing_time_years(*, user: User, filters: ReportFilters) -> tuple[tuple[pt.Step, ...], list[YearRow]]:
    """Tabel 4.3: per year of the first decision, the average weeks of each step, the total and the number
    of cases."""
    report = processing_time_report(user=user, filters=filters)
    years = pt.averages_by_year((r.times for r in report.rows), report.steps)
    return report.steps, [
        YearRow(y.year, y.averages, tuple(y.averages.per_step[s.code] for s in report.steps)) for y in years
    ]


def average_cells(report: Report) -> Sequence[Any]:
    return [report.averages.per_step[s.code] for s in report.steps]
