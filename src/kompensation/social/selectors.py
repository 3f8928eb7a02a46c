"""Reads of a social case's own parts, computed by `rules.social` from the rows.

`case_panel` is the hook the shared case page calls for a social case; each part fills its own field (and its
own partial template `social/_panel_<part>.html`, included by `social/_case_panel.html`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from kompensation.accounts.models import Municipality, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import Case, Decision, Grant, Person
from kompensation.cases.schemes import scheme_of
from kompensation.payments.models import PaymentRequest
from kompensation.registers.cpr import cpr_register
from kompensation.registers.errors import UNAVAILABLE
from kompensation.rules import followup as followup_rules
from kompensation.rules import social as rules
from kompensation.rules.pa import round_up_half_hour

from .models import Activity, AidTrial, CircleAnswer, MeasurementFacts, SocialTerms
from .plans import PlanMonth, plan_for, plan_grants


def person_age(case: Case, today: dt.date) -> int | None:
    try:
        birth = stdnum_cpr.get_birth_date(case.person.cpr)
    except (StdnumError, ValueError):
        return None
    return followup_rules.age_on(birth, today)


def circumstances_for(*, case: Case, today: dt.date) -> rules.Circumstances:
    facts = MeasurementFacts.objects.filter(case=case).first()
    return rules.Circumstances(
        scheme=case.scheme,  # type: ignore[arg-type]
        age=person_age(case, today) or 0,
        round_the_clock=bool(facts and facts.round_the_clock),
        can_call_for_help=True if facts is None else facts.can_call_for_help,
        carer_declines_relief=bool(facts and facts.carer_declines_relief),
    )


def measurement_for(*, case: Case, today: dt.date) -> rules.Measurement:
    """The measurement as the rows stand now: totals, the need to cover, and the rules' findings."""
    return rules.measure(
        [a.as_rule() for a in case.activities.all()], circumstances_for(case=case, today=today)
    )


@dataclass(frozen=True)
class CircleRow:
    criterion: rules.Criterion
    answer: CircleAnswer | None


def circle_rows(*, case: Case) -> tuple[list[CircleRow], rules.CircleResult]:
    answers = {a.criterion: a for a in case.circle_answers.all()}
    criteria = rules.CIRCLE[case.scheme]  # type: ignore[index]
    rows = [CircleRow(c, answers.get(c.code)) for c in criteria]
    result = rules.circle_result(case.scheme, {k: a.met for k, a in answers.items()})  # type: ignore[arg-type]
    return rows, result


def measurement_snapshot(measurement: rules.Measurement) -> dict[str, object]:
    """The measurement as the decision freezes it (SocialTerms.measurement) and the letter prints it."""
    return {
        "rows": [
            {
                "category": a.category,
                "category_label": rules.CATEGORY_LABELS[a.category],
                "name": a.name,
                "minutes": a.minutes,
                "occurrences": str(a.occurrences),
                "per": a.per,
                "hour_kind": a.hour_kind,
                "night": a.night,
                "reason": a.reason,
                "covered_by": a.covered_by,
                "weekly_hours": str(a.weekly_hours),
            }
            for a in measurement.activities
        ],
        "hours_by_category": {k: str(v) for k, v in measurement.hours_by_category.items()},
        "total_hours": str(measurement.total_hours),
        "actual_hours": str(measurement.actual_hours),
        "standby_hours": str(measurement.standby_hours),
        "covered_elsewhere_hours": str(measurement.covered_elsewhere_hours),
        "need_hours": str(measurement.need_hours),
        "payable_hours": str(measurement.payable_hours),
        "qualifying_hours": None
        if measurement.qualifying_hours is None
        else str(measurement.qualifying_hours),
        "findings": [
            {"code": f.code, "message": f.message, "rule": f.rule, "severity": f.severity}
            for f in measurement.findings
        ],
    }


@dataclass
class CasePanel:
    scheme: Any
    circle: Any = None
    measurement: Any = None
    decision: Any = None
    plan: PlanPanel | None = None
    trials: list[Any] = field(default_factory=list)


def case_panel(*, case: Case, user: User) -> CasePanel:
    """What the case page shows of a social case, part by part (the page's permission already holds)."""
    today = timezone.localdate()
    panel = CasePanel(scheme=case.scheme_config)
    panel.circle = _panel_circle(case)
    panel.measurement = _panel_measurement(case, today)
    panel.decision = _panel_decision(case)
    panel.plan = _panel_plan(case, today)
    panel.trials = _panel_trials(case)
    return panel


# --- intake, circle and measurement -------------------------------------------------------------------
def _panel_circle(case: Case) -> CirclePanel:
    rows, result = circle_rows(case=case)
    return CirclePanel(rows=rows, result=result)


def _panel_measurement(case: Case, today: dt.date) -> MeasurementView | None:
    if not case.scheme_config.measured:
        return None
    return measurement_view(case=case, today=today)


@dataclass(frozen=True)
class CirclePanel:
    rows: list[CircleRow]
    result: rules.CircleResult


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    weekly_hours: Decimal


@dataclass(frozen=True)
class CategoryGroup:
    code: str
    label: str
    rows: list[ActivityRow]
    hours: Decimal


@dataclass(frozen=True)
class MeasurementView:
    """The measurement as the page and the case panel show it: the rows grouped by category in the law's
    order, each group's hours, the totals and findings of `rules.social.measure`, and the need statement."""

    measurement: rules.Measurement
    groups: list[CategoryGroup]
    statement: str
    facts: MeasurementFacts | None

    @property
    def is_empty(self) -> bool:
        return not self.groups


def measurement_view(*, case: Case, today: dt.date) -> MeasurementView:
    rows = list(case.activities.all())
    measurement = rules.measure([a.as_rule() for a in rows], circumstances_for(case=case, today=today))
    groups = []
    for code, label in rules.CATEGORY_LABELS.items():
        in_group = [ActivityRow(a, a.as_rule().weekly_hours) for a in rows if a.category == code]
        if in_group:
            groups.append(CategoryGroup(code, label, in_group, measurement.hours_by_category[code]))
    return MeasurementView(
        measurement=measurement,
        groups=groups,
        statement=rules.need_statement(measurement, case.scheme),  # type: ignore[arg-type]
        facts=MeasurementFacts.objects.filter(case=case).first(),
    )


def citizen_administration(*, user: User, scheme: str) -> str:
    """Who will handle a citizen's application: the scheme's administration in the municipality the person
    lives in (the CPR register's, for a person without a case yet)."""
    person = Person.objects.filter(cpr=user.cpr).select_related("municipality").first()
    municipality = person.municipality if person else None
    if municipality is None:
        try:
            found = cpr_register().lookup(user.cpr)
        except UNAVAILABLE:
            found = None
        municipality = Municipality.objects.filter(code=found.municipality_code).first() if found else None
    if municipality is None:
        return "din kommune"
    return scheme_of(scheme).administration_name(municipality.name)


# --- decision and letter ------------------------------------------------------------------------------
def _panel_decision(case: Case) -> DecisionPanel | None:
    return decision_panel(case=case)


@dataclass(frozen=True)
class DecisionPanel:
    """The case's latest social decision (the draft, or the last one sent) and its terms: the case page."""

    decision: Decision
    terms: SocialTerms | None
    measurement: rules.Measurement | None


def decision_panel(*, case: Case) -> DecisionPanel | None:
    decision = (
        case.decisions.select_related(
            "social_terms__payee_person", "social_terms__payee_company", "social_terms__supplier"
        )
        .order_by(F("sent_at").desc(nulls_first=True), "-created_at")
        .first()
    )
    if decision is None:
        return None
    terms = SocialTerms.objects.filter(decision=decision).first()
    measurement = measurement_from_snapshot(terms.measurement) if terms and terms.measurement else None
    return DecisionPanel(decision=decision, terms=terms, measurement=measurement)


def measurement_from_snapshot(snapshot: dict[str, Any]) -> rules.Measurement:
    """The measurement a decision froze (`measurement_snapshot`), read back so the letter and the case page
    print the figures the decision was made on, not the rows as they may have changed since."""

    def dec(key: str) -> Decimal:
        return Decimal(snapshot.get(key) or "0")

    qualifying = snapshot.get("qualifying_hours")
    by_category: dict[str, str] = snapshot.get("hours_by_category", {})
    return rules.Measurement(
        activities=tuple(
            rules.Activity(
                category=row["category"],
                name=row["name"],
                minutes=int(row["minutes"]),
                occurrences=Decimal(row["occurrences"]),
                per=row["per"],
                hour_kind=row["hour_kind"],
                night=bool(row["night"]),
                reason=row["reason"],
                covered_by=row["covered_by"],
            )
            for row in snapshot.get("rows", [])
        ),
        # In the categories' order: the JSON column does not keep the order of its keys.
        hours_by_category={c: Decimal(by_category[c]) for c in rules.CATEGORY_LABELS if c in by_category},
        total_hours=dec("total_hours"),
        actual_hours=dec("actual_hours"),
        standby_hours=dec("standby_hours"),
        covered_elsewhere_hours=dec("covered_elsewhere_hours"),
        need_hours=dec("need_hours"),
        payable_hours=dec("payable_hours"),
        qualifying_hours=None if qualifying is None else Decimal(qualifying),
        findings=tuple(
            rules.Finding(f["code"], f["message"], f["rule"], f["severity"])
            for f in snapshot.get("findings", [])
        ),
    )


def payable_standby_hours(measurement: rules.Measurement) -> Decimal:
    """The stand-by hours among the hours the scheme pays (rows no other provision covers), in half hours
    rounded up like the need; none when the person must have actual hours round the clock."""
    minutes = sum(
        (a.weekly_minutes for a in measurement.activities if a.hour_kind == "standby" and not a.covered_by),
        Decimal(0),
    )
    if any(f.code == "round_the_clock_actual" for f in measurement.findings):
        return Decimal(0)
    hours = (minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(round_up_half_hour(hours), measurement.payable_hours)


# The Decision fields a social decision form sets (the scheme's own terms are SocialTerms).
DECISION_FIELDS = (
    "outcome",
    "hours_per_week",
    "start_date",
    "end_date",
    "period_type",
    "period_reason",
    "reasons",
    "partial_reason",
    "other_help",
)


def decision_initial(*, case: Case, today: dt.date) -> dict[str, Any]:
    """The decision form's starting point: the draft's own values, or else the measurement's proposal (the
    hours the scheme pays, their stand-by hours) and the period applied for."""
    draft = case.decisions.filter(sent_at__isnull=True).first()
    if draft is not None:
        initial: dict[str, Any] = {k: getattr(draft, k) for k in DECISION_FIELDS}
        terms = SocialTerms.objects.filter(decision=draft).select_related(
            "payee_person", "payee_company", "supplier"
        )
        for t in terms:
            initial |= {
                "standby_hours_per_week": t.standby_hours_per_week,
                "coverage": t.coverage,
                "below_need_reason": t.below_need_reason,
                "training_offered": t.training_offered,
                "employer_role": t.employer_role,
                "payee_cpr": t.payee_person.cpr if t.payee_person and t.employer_role == "relative" else "",
                "payee_cvr": t.payee_company.cvr if t.payee_company else "",
                "product": t.product,
                "supplier_cvr": t.supplier.cvr if t.supplier else "",
                "price": t.price,
            }
        return initial
    application = getattr(case, "application", None)
    initial = {"start_date": application.period_from if application else None}
    if application is not None and application.period_from:
        initial["start_date"] = max(application.period_from, case.received_on)
    if case.scheme_config.measured:
        measurement = measurement_for(case=case, today=today)
        if measurement.activities:
            initial |= {
                "hours_per_week": measurement.payable_hours,
                "standby_hours_per_week": payable_standby_hours(measurement),
            }
        initial["period_type"] = "until_further_notice"
    trial = case.aid_trials.exclude(result="").order_by("-started_on", "-id").first()
    if trial is not None:
        initial |= {"product": trial.product, "supplier_cvr": trial.supplier.cvr if trial.supplier else ""}
    return initial


# --- BPA money and the monthly payment plan -----------------------------------------------------------
@dataclass(frozen=True)
class PlanPanel:
    grant: Grant
    months: list[PlanMonth]


def plan_panel(*, case: Case, today: dt.date, months: int | None = None) -> PlanPanel | None:
    """The monthly plan of the case's active § 95/§ 96 grant; `months` keeps the ones around `today`."""
    grant = plan_grants().filter(case=case).first()
    if grant is None:
        return None
    plan = plan_for(grant, today=today)
    if months is not None:
        current = next((i for i, m in enumerate(plan) if m.due > today), len(plan))
        first = max(0, current - 1)  # the last month paid, and the ones to come
        plan = plan[first : first + months]
    return PlanPanel(grant=grant, months=plan)


def _panel_plan(case: Case, today: dt.date) -> PlanPanel | None:
    return plan_panel(case=case, today=today, months=3)


# --- aids: trial, supplier and price ------------------------------------------------------------------
def _panel_trials(case: Case) -> list[Any]:
    if "trial" not in case.scheme_config.steps:
        return []
    return trials_for(case=case)


def trials_for(*, case: Case) -> list[AidTrial]:
    """The case's trials, oldest first, with their suppliers."""
    return list(AidTrial.objects.filter(case=case).select_related("supplier").order_by("started_on", "id"))


def open_trial(trials: list[AidTrial]) -> AidTrial | None:
    return next((t for t in trials if t.ended_on is None), None)


def aid_payments_for(*, case: Case) -> list[PaymentRequest]:
    """What the case's aid grants paid their suppliers (social.aids.aid_payment_open), with the payouts."""
    return list(
        PaymentRequest.objects.filter(grant__case=case, kind=GrantKindCode.AID)
        .select_related("employer", "payout", "payout__batch")
        .order_by("period_start", "id")
    )
