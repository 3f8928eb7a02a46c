"""Serviceloven §§ 95, 96, 112 and 113: the personal circle, the measurement of help, and the money.

The measurement is the heart of a § 95 or § 96 decision (Ankestyrelsen, `seeds/004_…`): one row per
activity with minutes per occurrence, how often, actual or stand-by hours, and why. The total is the need the
decision must cover; a row the municipality covers by another provision (relief in kind under § 84, an aid
under § 112 that replaces help) is part of the need but not of the hours paid under the scheme, so the letter
can say how the whole need is covered.

Schemes by code: ``bpa`` (SEL § 96), ``cash`` (SEL § 95 stk. 2–4), ``aid`` (SEL § 112), ``consumer_good``
(SEL § 113). Ages are whole years on the day the measurement is made.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .pa import round_up_half_hour
from .payments import is_bank_day

SocialScheme = Literal["bpa", "cash", "aid", "consumer_good"]
MEASURED_SCHEMES: tuple[SocialScheme, ...] = ("bpa", "cash")

# --- the personal circle --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    basis: str
    # Criteria sharing a group are alternatives: one of them met is enough (§ 112 stk. 1 nr. 1–3).
    group: str = ""


_SIGNIFICANCE = "significance"


def _significance(paragraph: str) -> tuple[Criterion, ...]:
    return (
        Criterion(
            "remedies",
            "Afhjælper i væsentlig grad de varige følger af funktionsnedsættelsen",
            f"SEL § {paragraph} stk. 1 nr. 1",
            _SIGNIFICANCE,
        ),
        Criterion(
            "eases_daily_life",
            "Letter i væsentlig grad den daglige tilværelse i hjemmet",
            f"SEL § {paragraph} stk. 1 nr. 2",
            _SIGNIFICANCE,
        ),
        Criterion(
            "needed_for_work",
            "Er nødvendigt for, at personen kan udøve et erhverv",
            f"SEL § {paragraph} stk. 1 nr. 3",
            _SIGNIFICANCE,
        ),
    )


_NOT_TREATMENT = Criterion(
    "not_treatment_device",
    "Er ikke et behandlingsredskab, som sygehuset skal betale (sektoransvarsprincippet)",
    "Sundhedsloven og vejledning om hjælpemidler, afsnit om behandlingsredskaber",
)

CIRCLE: Mapping[SocialScheme, tuple[Criterion, ...]] = {
    "bpa": (
        Criterion(
            "impairment",
            "Betydelig og varigt nedsat fysisk eller psykisk funktionsevne",
            "SEL § 96 stk. 1",
        ),
        Criterion(
            "not_ordinary_help",
            "Behovet kan ikke dækkes af almindelig personlig og praktisk hjælp (§§ 83–84)",
            "SEL § 96 stk. 1; Ankestyrelsens principmeddelelse 18-18",
        ),
        Criterion("work_supervisor", "Kan være arbejdsleder for hjælperne", "SEL § 96 stk. 1"),
        Criterion(
            "employer_role",
            "Arbejdsgiverrollen varetages af borgeren, en nærtstående, en forening eller en godkendt "
            "privat virksomhed",
            "SEL § 96 stk. 1 og 3",
        ),
        Criterion(
            "not_collective_housing",
            "Bor ikke i et tilbud, hvor hjælpen er organiseret for flere beboere (plejebolig, botilbud)",
            "SEL § 96 stk. 1; vejledning nr. 10 til serviceloven",
        ),
    ),
    "cash": (
        Criterion(
            "need_over_20",
            "Behov for personlig hjælp og pleje og praktisk hjælp i mere end 20 timer om ugen",
            "SEL § 95 stk. 2",
        ),
        Criterion(
            "work_supervisor",
            "Kan være arbejdsleder for hjælperne, eller tilskuddet udbetales til en nærtstående, der passer "
            "personen",
            "SEL § 95 stk. 3 og 5",
        ),
    ),
    "aid": (
        Criterion(
            "permanent",
            "Varigt nedsat fysisk eller psykisk funktionsevne (ingen udsigt til bedring inden for "
            "overskuelig tid)",
            "SEL § 112 stk. 1",
        ),
        *_significance("112"),
        _NOT_TREATMENT,
    ),
    "consumer_good": (
        Criterion(
            "permanent",
            "Varigt nedsat fysisk eller psykisk funktionsevne (ingen udsigt til bedring inden for "
            "overskuelig tid)",
            "SEL § 113 stk. 1",
        ),
        *_significance("113"),
        Criterion(
            "not_household_norm",
            "Er ikke sædvanligt indbo, som de fleste husstande har",
            "SEL § 113 stk. 3",
        ),
        _NOT_TREATMENT,
    ),
}


@dataclass(frozen=True)
class CircleResult:
    """`in_circle` is None while any criterion is unanswered."""

    in_circle: bool | None
    unmet: tuple[Criterion, ...]
    unanswered: tuple[Criterion, ...]


def circle_result(scheme: SocialScheme, answers: Mapping[str, bool | None]) -> CircleResult:
    """All criteria must be met, except alternatives in a group, where one met is enough."""
    criteria = CIRCLE[scheme]
    unanswered = tuple(c for c in criteria if answers.get(c.code) is None)
    unmet: list[Criterion] = [c for c in criteria if not c.group and answers.get(c.code) is False]
    groups = {c.group for c in criteria if c.group}
    for group in sorted(groups):
        members = [c for c in criteria if c.group == group]
        if any(answers.get(c.code) is True for c in members):
            unanswered = tuple(c for c in unanswered if c.group != group)
        elif all(answers.get(c.code) is False for c in members):
            unmet += members
    if unmet:
        return CircleResult(False, tuple(unmet), unanswered)
    return CircleResult(None if unanswered else True, (), unanswered)


# --- the measurement ------------------------------------------------------------------------------------

Category = Literal["personal_care", "practical", "outside_home", "accompaniment", "supervision", "relief"]
CATEGORY_LABELS: Mapping[Category, str] = {
    "personal_care": "Personlig pleje",
    "practical": "Praktisk hjælp (rengøring, tøjvask, indkøb)",
    "outside_home": "Hjælp uden for hjemmet",
    "accompaniment": "Ledsagelse",
    "supervision": "Overvågning",
    "relief": "Afløsning eller aflastning",
}
HourKind = Literal["actual", "standby"]
HOUR_KIND_LABELS: Mapping[HourKind, str] = {"actual": "Egentlige timer", "standby": "Rådighedstimer"}
Per = Literal["day", "week"]
PER_LABELS: Mapping[Per, str] = {"day": "om dagen", "week": "om ugen"}

MINUTES_PER_DAY = 24 * 60
HOURS_PER_WEEK = Decimal(168)
CASH_THRESHOLD_HOURS = Decimal(20)
# § 95 stk. 4: supervision in a cash-allowance scheme only for young people «mellem 18 og 23 år».
CASH_SUPERVISION_AGES = (18, 23)
# The help § 95 stk. 2 counts towards «more than 20 hours a week»: personal help and care and necessary
# practical tasks (in and, as far as § 83 allows, outside the home). Relief is measured but not counted.
_CASH_QUALIFYING: frozenset[str] = frozenset({"personal_care", "practical", "outside_home", "supervision"})


@dataclass(frozen=True)
class Activity:
    category: Category
    name: str
    minutes: int
    occurrences: Decimal
    per: Per = "day"
    hour_kind: HourKind = "actual"
    night: bool = False
    reason: str = ""
    # Empty: the scheme pays for it. Otherwise the provision that covers it instead (relief in kind under
    # § 84, a washing-drying toilet under § 112): part of the need, not of the hours paid.
    covered_by: str = ""

    @property
    def weekly_minutes(self) -> Decimal:
        return Decimal(self.minutes) * Decimal(self.occurrences) * (7 if self.per == "day" else 1)

    @property
    def weekly_hours(self) -> Decimal:
        return _hours(self.weekly_minutes)


def _hours(minutes: Decimal) -> Decimal:
    return (minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def activity_errors(activity: Activity) -> dict[str, str]:
    """What is wrong with one row as entered, by field, in the caseworker's words."""
    errors: dict[str, str] = {}
    if not activity.name.strip():
        errors["name"] = "Skriv, hvilken aktivitet hjælpen gælder."
    if activity.minutes <= 0 or activity.minutes > MINUTES_PER_DAY:
        errors["minutes"] = "Minutter pr. gang skal være mellem 1 og 1.440."
    if activity.occurrences <= 0:
        errors["occurrences"] = "Angiv hvor mange gange om dagen eller ugen."
    elif activity.per == "day" and activity.minutes * activity.occurrences > MINUTES_PER_DAY:
        errors["occurrences"] = (
            "Aktiviteten fylder mere end et døgn om dagen. Ret minutter eller antal gange."
        )
    elif activity.per == "week" and activity.minutes * activity.occurrences > MINUTES_PER_DAY * 7:
        errors["occurrences"] = "Aktiviteten fylder mere end en hel uge. Ret minutter eller antal gange."
    if not activity.reason.strip():
        errors["reason"] = "Begrund tiden: hvorfor tager aktiviteten så lang tid, og så ofte?"
    return errors


@dataclass(frozen=True)
class Circumstances:
    scheme: SocialScheme
    age: int
    # Needs help or supervision round the clock and cannot use an emergency call (`seeds/004_…`).
    round_the_clock: bool = False
    can_call_for_help: bool = True
    # § 95: the carer does not want relief (then it need not be measured; the reason is recorded).
    carer_declines_relief: bool = False


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    rule: str
    severity: Severity = "error"


@dataclass(frozen=True)
class Measurement:
    activities: tuple[Activity, ...]
    hours_by_category: Mapping[str, Decimal]
    total_hours: Decimal  # the measured need, exact to the hundredth
    actual_hours: Decimal
    standby_hours: Decimal
    covered_elsewhere_hours: Decimal
    need_hours: Decimal  # what the decision must cover, in half hours, rounded up
    payable_hours: Decimal  # the need less what other provisions cover; never below 0
    qualifying_hours: Decimal | None  # § 95 stk. 2: the help that counts towards the 20 hours
    findings: tuple[Finding, ...] = field(default=())

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def threshold_met(self) -> bool | None:
        """§ 95 stk. 2: more than 20 hours a week; None for schemes without a threshold."""
        if self.qualifying_hours is None:
            return None
        return self.qualifying_hours > CASH_THRESHOLD_HOURS


def cash_supervision_allowed(age: int) -> bool:
    low, high = CASH_SUPERVISION_AGES
    return low <= age <= high


def measure(activities: Iterable[Activity], circumstances: Circumstances) -> Measurement:
    """Total the rows per category, check the scheme's rules, and state the need the decision must cover."""
    rows = tuple(activities)
    scheme = circumstances.scheme
    if scheme not in MEASURED_SCHEMES:
        raise ValueError(f"Ordningen {scheme} udmåler ikke timer.")
    minutes_by_category: dict[str, Decimal] = {}
    for row in rows:
        minutes_by_category[row.category] = (
            minutes_by_category.get(row.category, Decimal(0)) + row.weekly_minutes
        )
    total_minutes = sum((r.weekly_minutes for r in rows), Decimal(0))
    standby_minutes = sum((r.weekly_minutes for r in rows if r.hour_kind == "standby"), Decimal(0))
    elsewhere_minutes = sum((r.weekly_minutes for r in rows if r.covered_by.strip()), Decimal(0))
    findings = _findings(rows, circumstances, minutes_by_category)
    need = round_up_half_hour(_hours(total_minutes))
    elsewhere = _hours(elsewhere_minutes)
    payable = round_up_half_hour(_hours(total_minutes - elsewhere_minutes))
    if scheme == "bpa" and circumstances.round_the_clock and not circumstances.can_call_for_help:
        need = max(need, HOURS_PER_WEEK)
        payable = max(payable, HOURS_PER_WEEK - round_up_half_hour(elsewhere))
    qualifying = None
    if scheme == "cash":
        counted = sum((m for c, m in minutes_by_category.items() if c in _CASH_QUALIFYING), Decimal(0))
        qualifying = _hours(counted)
    return Measurement(
        activities=rows,
        hours_by_category={
            c: _hours(minutes_by_category[c]) for c in CATEGORY_LABELS if c in minutes_by_category
        },
        total_hours=_hours(total_minutes),
        actual_hours=_hours(total_minutes - standby_minutes),
        standby_hours=_hours(standby_minutes),
        covered_elsewhere_hours=elsewhere,
        need_hours=need,
        payable_hours=max(Decimal(0), payable),
        qualifying_hours=qualifying,
        findings=tuple(findings),
    )


def _findings(
    rows: Sequence[Activity], circumstances: Circumstances, minutes: Mapping[str, Decimal]
) -> list[Finding]:
    scheme = circumstances.scheme
    found: list[Finding] = []
    for row in rows:
        if row.category == "supervision" and row.hour_kind == "standby":
            found.append(
                Finding(
                    "standby_supervision",
                    f"«{row.name}»: ren overvågning kan ikke udmåles som rådighedstimer. "
                    "Udmål egentlige timer.",
                    "SEL § 96 stk. 1; Ankestyrelsens praksis om rådighedstimer",
                )
            )
    if (
        scheme == "bpa"
        and circumstances.round_the_clock
        and not circumstances.can_call_for_help
        and any(r.hour_kind == "standby" for r in rows)
    ):
        found.append(
            Finding(
                "round_the_clock_actual",
                "Borgeren har brug for hjælp hele døgnet og kan ikke bruge et nødkald. Hjælpen skal "
                "udmåles som egentlige timer hele døgnet; rådighedstimer dækker ikke behovet.",
                "SEL § 96 stk. 1; Ankestyrelsens praksisundersøgelse (BPA, døgnet rundt)",
            )
        )
    if scheme == "cash":
        for row in rows:
            if row.category == "accompaniment":
                found.append(
                    Finding(
                        "accompaniment_cash",
                        f"«{row.name}»: ledsagelse indgår ikke i kontant tilskud. Den kan bevilges efter "
                        "§ 97, eller som hjælp uden for hjemmet efter § 83.",
                        "SEL § 95 stk. 2 og § 97",
                    )
                )
            if row.category == "supervision" and not (
                cash_supervision_allowed(circumstances.age) and row.night
            ):
                found.append(
                    Finding(
                        "supervision_cash",
                        f"«{row.name}»: overvågning kan kun indgå i kontant tilskud for unge mellem 18 og 23 "
                        f"år, og kun om natten. Borgeren er {circumstances.age} år.",
                        "SEL § 95 stk. 4",
                    )
                )
    required: list[tuple[str, str, str]] = [
        (
            "practical",
            "Der er ikke udmålt praktisk hjælp (rengøring, tøjvask, indkøb). Tag stilling til den.",
            "SEL § 95 stk. 2 og § 96 stk. 1; Ankestyrelsens praksisundersøgelse",
        ),
        (
            "outside_home",
            "Der er ikke udmålt hjælp uden for hjemmet. Tag stilling til den.",
            "SEL § 95 stk. 2 (principmeddelelse 75-16) og § 96 stk. 1",
        ),
    ]
    if scheme == "cash" and not circumstances.carer_declines_relief:
        required.append(
            (
                "relief",
                "Der er ikke udmålt afløsning eller aflastning. Tag stilling til den, eller registrér at "
                "tilskudsmodtageren ikke ønsker den.",
                "SEL § 95 stk. 2; Ankestyrelsens praksisundersøgelse",
            )
        )
    for category, message, rule in required:
        if not minutes.get(category):
            found.append(Finding(f"{category}_missing", message, rule, "warning"))
    return found


def need_statement(measurement: Measurement, scheme: SocialScheme) -> str:
    """One sentence the decision and the letter carry: the measured need and what must be covered."""
    text = (
        f"Behovet er udmålt til {_fmt(measurement.total_hours)} timer om ugen "
        f"({_fmt(measurement.actual_hours)} egentlige timer og {_fmt(measurement.standby_hours)} "
        f"rådighedstimer). Afgørelsen skal dække {_fmt(measurement.need_hours)} timer om ugen."
    )
    if measurement.covered_elsewhere_hours:
        text += (
            f" Heraf dækkes {_fmt(measurement.covered_elsewhere_hours)} timer efter andre bestemmelser, så "
            f"{_fmt(measurement.payable_hours)} timer om ugen dækkes af "
            + ("borgerstyret personlig assistance." if scheme == "bpa" else "det kontante tilskud.")
        )
    return text


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")
    return text.replace(".", ",")


def below_need(granted: Decimal, measurement: Measurement) -> bool:
    """A decision that pays fewer hours than the measured need less what others cover must explain how the
    rest of the need is covered (Ankestyrelsen: 56 hours needed, 21 granted, no explanation)."""
    return granted < measurement.payable_hours


# --- the money: BPA and cash allowance paid by a monthly plan -------------------------------------------

EmployerRole = Literal["person", "relative", "association", "company"]
EMPLOYER_ROLE_LABELS: Mapping[EmployerRole, str] = {
    "person": "Borgeren selv",
    "relative": "En nærtstående",
    "association": "En forening",
    "company": "En godkendt privat virksomhed",
}
Timing = Literal["advance", "arrears"]
AdminMode = Literal["per_hour", "sum"]


def payment_timing(role: EmployerRole) -> Timing:
    """The person or a relative is paid in advance to pay wages; an association or company invoices after."""
    return "advance" if role in ("person", "relative") else "arrears"


def round_ore(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthlyAmount:
    month_start: date
    month_end: date
    covered_days: int
    actual_hours: Decimal
    standby_hours: Decimal
    wages: Decimal
    admin: Decimal

    @property
    def total(self) -> Decimal:
        return self.wages + self.admin


def covered_days(year: int, month: int, start: date, end: date | None) -> int:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    lo, hi = max(first, start), min(last, end) if end else last
    return max(0, (hi - lo).days + 1)


def monthly_amount(
    *,
    year: int,
    month: int,
    start: date,
    end: date | None,
    actual_hours_per_week: Decimal,
    standby_hours_per_week: Decimal,
    hourly: Decimal,
    standby_hourly: Decimal,
    admin_mode: AdminMode,
    admin_value: Decimal,
) -> MonthlyAmount:
    """A month's payment: the weekly hours over the days the grant covers that month (days / 7), at the
    municipality's hourly rate, plus the administration contribution — per hour paid, or a monthly sum
    pro rata for a part month. Each line is rounded to øre, then summed."""
    days = covered_days(year, month, start, end)
    month_days = calendar.monthrange(year, month)[1]
    weeks = Decimal(days) / 7
    actual = actual_hours_per_week * weeks
    standby = standby_hours_per_week * weeks
    wages = round_ore(actual * hourly) + round_ore(standby * standby_hourly)
    if admin_mode == "per_hour":
        admin = round_ore((actual + standby) * admin_value)
    else:
        admin = round_ore(admin_value * Decimal(days) / Decimal(month_days))
    return MonthlyAmount(
        month_start=date(year, month, 1),
        month_end=date(year, month, month_days),
        covered_days=days,
        actual_hours=actual.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        standby_hours=standby.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        wages=wages,
        admin=admin,
    )


def months_between(start: date, end: date) -> list[tuple[int, int]]:
    """The calendar months from the one holding `start` to the one holding `end`, both included."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def payment_date(year: int, month: int, timing: Timing) -> date:
    """In advance: the last bank day before the month starts, so wages can be paid on the first. In arrears:
    the first bank day after the month ends."""
    if timing == "advance":
        day = date(year, month, 1) - timedelta(days=1)
        while not is_bank_day(day):
            day -= timedelta(days=1)
        return day
    day = date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day


# --- aids and consumer goods ------------------------------------------------------------------------------

CONSUMER_GOOD_SHARE = Decimal("0.5")


def aid_support(scheme: SocialScheme, price: Decimal) -> Decimal:
    """§ 112: the aid is supported in full (the best suitable and cheapest, which the price is). § 113 stk. 3:
    a consumer good is supported with 50 % of the price of an ordinary standard product."""
    if price < 0:
        raise ValueError("Prisen kan ikke være negativ.")
    if scheme == "consumer_good":
        return round_ore(price * CONSUMER_GOOD_SHARE)
    if scheme == "aid":
        return round_ore(price)
    raise ValueError(f"Ordningen {scheme} støtter ikke et produkt.")
