"""Follow-up of a running grant: the first reassessment, the risk profile, renewals and change reports.

BEK § 15 stk. 4 asks for one reassessment no later than a year after the grant; after it, how often and how
the jobcentre follows up is a choice it must make by need, not by habit (the audit, chapter 6). A time-limited
grant lapses on its end date and the person applies again 4 weeks before (Jobcenter København's guidance).
The person and the employer report changes at once (BEK § 29).

Dates the municipality must keep (a follow-up, a reminder it sends, a change report it handles) fall on the
last working day on or before the limit; a date the person must keep (the renewal application, an answer to
a questionnaire) moves to the next working day, as every deadline for a citizen does (`rules.deadlines`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from .deadlines import due_date, next_working_day, previous_working_day, working_days_after
from .pa import add_months, first_follow_up_due

FollowUpForm = Literal["questionnaire", "phone", "meeting", "visit"]
Participant = Literal["person", "employer", "assistant"]

# How long a person or an employer has to answer a follow-up questionnaire.
QUESTIONNAIRE_ANSWER_DAYS: Final = 14
# Renewal of a time-limited grant: apply 4 weeks before the end date, reminded 8 and 4 weeks before.
RENEWAL_APPLICATION_WEEKS: Final = 4
RENEWAL_REMINDER_WEEKS: Final = (8, 4)
# A change report is a task for the caseworker: within 5 working days, or 2 where it may remove the basis.
CHANGE_REPORT_DAYS: Final = 5
CHANGE_REPORT_URGENT_DAYS: Final = 2
# The light touch the audit proposes for a stable need with a grant until further notice (Gladsaxe).
STABLE_INTERVAL_MONTHS: Final = 24
CLOSE_INTERVAL_MONTHS: Final = 6
DEFAULT_INTERVAL_MONTHS: Final = 12


def first_reassessment_due(grant_date: date) -> date:
    """Første opfølgning: senest 1 år efter bevillingen (BEK § 15 stk. 4).

    Fristen binder jobcentret: falder dagen på en dag, der ikke er en arbejdsdag, er fristen den sidste
    arbejdsdag før.
    """
    return previous_working_day(first_follow_up_due(grant_date))


def next_follow_up_due(held_on: date, months: int) -> date:
    """Næste opfølgning ``months`` måneder efter denne, på sidste arbejdsdag på eller før dagen."""
    if months < 1:
        raise ValueError("Der skal gå mindst en måned til næste opfølgning.")
    return previous_working_day(add_months(held_on, months))


# --- the risk profile -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskFactor:
    code: str
    label: str
    why: str


# The audit's reasons for following up closely (chapter 6 and 6.3), each with why it calls for it.
RISK_FACTORS: Final[tuple[RiskFactor, ...]] = (
    RiskFactor(
        "introduction",
        "Støtte til introduktion til eller strukturering af opgaver",
        "behovet forventes at falde, når opgaverne er lært",
    ),
    RiskFactor(
        "alternatives",
        "Hjælpemidler eller teknologi kan erstatte dele af assistancen",
        "mulighederne ændrer sig hurtigt",
    ),
    RiskFactor("flex_job", "Fleksjob under udvikling", "arbejdstid og opgaver ændrer sig"),
    RiskFactor("young_first_job", "Ung i sit første job", "opgaver og behov ændrer sig i de første år"),
    RiskFactor("mental", "Psykisk funktionsnedsættelse", "behovet er sværere at udmåle og svinger mere"),
    RiskFactor("hard_to_assess", "Behovet er svært at vurdere", "det er usikkert, om timerne rammer behovet"),
)
RISK_FACTOR_CODES: Final = frozenset(f.code for f in RISK_FACTORS)
_FACTOR: Final = {f.code: f for f in RISK_FACTORS}


@dataclass(frozen=True)
class FollowUpProposal:
    """The next follow-up the product proposes; the caseworker may choose another and says why."""

    months: int | None  # None: only when something changes (a change report, or the grant's renewal)
    form: FollowUpForm
    participants: tuple[Participant, ...]
    reason: str
    close: bool


def follow_up_proposal(*, factors: frozenset[str], until_further_notice: bool) -> FollowUpProposal:
    """Forslag til næste opfølgning ud fra sagens risikoprofil (fokusrevisionen, kapitel 6).

    * Tæt opfølgning (hvert halve år, møde med person, virksomhed og assistent — på arbejdspladsen, hvor
      opgaverne eller hjælpemidlerne skal ses) ved en eller flere risikofaktorer.
    * Let opfølgning (hvert 2. år, besøg på arbejdspladsen som i Gladsaxe) ved et stabilt behov og en
      bevilling indtil videre.
    * Ellers en årlig telefonsamtale med person og virksomhed; en tidsbestemt bevilling følges desuden op,
      når der søges om fornyelse.
    """
    unknown = factors - RISK_FACTOR_CODES
    if unknown:
        raise ValueError(f"Ukendte risikofaktorer: {', '.join(sorted(unknown))}")
    if factors:
        chosen = [f for f in RISK_FACTORS if f.code in factors]
        on_site = bool(factors & {"introduction", "alternatives"})
        reason = "Tæt opfølgning, fordi " + "; ".join(f"{f.label.lower()}: {f.why}" for f in chosen) + "."
        return FollowUpProposal(
            CLOSE_INTERVAL_MONTHS,
            "visit" if on_site else "meeting",
            ("person", "employer", "assistant"),
            reason,
            close=True,
        )
    if until_further_notice:
        return FollowUpProposal(
            STABLE_INTERVAL_MONTHS,
            "visit",
            ("person", "employer", "assistant"),
            "Stabilt behov og en bevilling indtil videre: besøg på arbejdspladsen hvert 2. år, og ellers "
            "opfølgning, når person eller virksomhed anmelder en ændring (BEK § 29).",
            close=False,
        )
    return FollowUpProposal(
        DEFAULT_INTERVAL_MONTHS,
        "phone",
        ("person", "employer"),
        "Ingen særlige risikofaktorer, og bevillingen er tidsbestemt: en telefonsamtale om et år, og "
        "bevillingen vurderes igen, når der søges om fornyelse.",
        close=False,
    )


def factor_label(code: str) -> str:
    return _FACTOR[code].label


# --- renewal of a time-limited grant --------------------------------------------------------------------


@dataclass(frozen=True)
class RenewalReminder:
    weeks: int
    send_on: date


def renewal_application_due(end_date: date) -> date:
    """Ansøgning om fornyelse: senest 4 uger før bevillingens slutdato (Jobcenter Københavns vejledning).

    Fristen er borgerens: falder den på en dag, der ikke er en arbejdsdag, forlænges den til næste
    arbejdsdag.
    """
    return next_working_day(end_date - timedelta(weeks=RENEWAL_APPLICATION_WEEKS))


def renewal_reminders(end_date: date) -> tuple[RenewalReminder, ...]:
    """Påmindelserne 8 og 4 uger før slutdatoen, sendt senest den sidste arbejdsdag før."""
    return tuple(
        RenewalReminder(weeks, previous_working_day(end_date - timedelta(weeks=weeks)))
        for weeks in RENEWAL_REMINDER_WEEKS
    )


def reminders_due(end_date: date, today: date, sent: frozenset[int]) -> tuple[RenewalReminder, ...]:
    """The reminders that should have gone out by ``today`` and have not; none once the grant has ended.

    A grant decided less than 8 weeks before its end (or a job that was down) gets the reminders it still
    can: a reminder whose send date has passed goes out late, but never after the end date.
    """
    if today > end_date:
        return ()
    return tuple(r for r in renewal_reminders(end_date) if r.weeks not in sent and r.send_on <= today)


def has_lapsed(end_date: date | None, today: date) -> bool:
    """En tidsbestemt bevilling bortfalder på slutdatoen: fra dagen efter er den udløbet."""
    return end_date is not None and today > end_date


def questionnaire_due(sent_on: date, days: int = QUESTIONNAIRE_ANSWER_DAYS) -> date:
    """Svarfrist på et opfølgningsskema: 14 dage, flyttet til næste arbejdsdag."""
    return due_date(sent_on, days=days)


def change_report_due(received_on: date, *, may_remove_basis: bool) -> date:
    """Sagsbehandlerens frist for at tage stilling til en ændringsanmeldelse (arbejdsdage)."""
    return working_days_after(
        received_on, CHANGE_REPORT_URGENT_DAYS if may_remove_basis else CHANGE_REPORT_DAYS
    )


# --- change reports (BEK § 29) --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeKind:
    code: str
    label: str
    # Who may report it: the impairment is the person's health, never the employer's to tell.
    reporters: frozenset[str]
    # A change that can remove the basis of the grant (it may be stopped at once).
    may_remove_basis: bool
    # The report holds health data: the employer never reads it.
    health: bool = False


CHANGE_KINDS: Final[tuple[ChangeKind, ...]] = (
    ChangeKind("new_job", "Nyt job", frozenset({"person", "employer"}), True),
    ChangeKind("tasks", "Nye eller ændrede arbejdsopgaver", frozenset({"person", "employer"}), False),
    ChangeKind("hours", "Ændret arbejdstid", frozenset({"person", "employer"}), False),
    ChangeKind("impairment", "Ændret funktionsnedsættelse", frozenset({"person"}), False, health=True),
    ChangeKind("assistant_left", "Assistenten er stoppet", frozenset({"person", "employer"}), True),
    ChangeKind(
        "assistant_sick", "Assistenten har langvarigt sygefravær", frozenset({"person", "employer"}), False
    ),
    ChangeKind("employment_ended", "Ansættelsen er ophørt", frozenset({"person", "employer"}), True),
    ChangeKind("need_changed", "Behovet for assistance er ændret", frozenset({"person", "employer"}), False),
)
CHANGE_KIND: Final = {k.code: k for k in CHANGE_KINDS}


def change_kind(code: str) -> ChangeKind:
    try:
        return CHANGE_KIND[code]
    except KeyError:
        raise ValueError(f"Ukendt ændring: {code}") from None


# --- Copenhagen's seven checks (the audit, Bilag 1 boks 3) ------------------------------------------------


@dataclass(frozen=True)
class FollowUpCheck:
    code: str
    label: str


SEVEN_CHECKS: Final[tuple[FollowUpCheck, ...]] = (
    FollowUpCheck("cvr_active", "Virksomheden er aktiv i CVR"),
    FollowUpCheck("employed", "Personen er ansat i virksomheden"),
    FollowUpCheck("medical_current", "Den lægelige dokumentation er aktuel"),
    FollowUpCheck("tasks_hours", "Opgaver og timer svarer til bevillingen"),
    FollowUpCheck("assistants", "Assistenten eller assistenterne er de godkendte"),
    FollowUpCheck("aids_considered", "Hjælpemidler er overvejet"),
    FollowUpCheck("next_follow_up", "Næste opfølgning: form og dato er valgt"),
)
CHECK_CODES: Final = tuple(c.code for c in SEVEN_CHECKS)


def check_errors(answers: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Every check answered ja or nej; a «nej» needs a note saying what was found and what follows."""
    errors: dict[str, str] = {}
    for check in SEVEN_CHECKS:
        answer, note = answers.get(check.code, ("", ""))
        if answer not in ("yes", "no"):
            errors[check.code] = f"Svar ja eller nej: {check.label.lower()}."
        elif answer == "no" and not note.strip():
            errors[check.code] = f"Skriv hvad der er fundet, når svaret er nej: {check.label.lower()}."
    return errors


# --- renewals (part «renewals»): how long a renewal can be applied for, and when the portal offers it ----

# BEK § 25 stk. 5: a grant can start at most 3 months before the application was received. A renewal
# applied for up to 3 months after the end date can therefore still start the day after it, so the person
# keeps an unbroken grant; later, it is a new application like any other.
RENEWAL_LATE_MONTHS: Final = 3


def renewal_window_closes(end_date: date) -> date:
    """Sidste dag, hvor en udløbet bevilling kan fornyes fra dagen efter slutdatoen: 3 måneder efter."""
    return add_months(end_date, RENEWAL_LATE_MONTHS)


def renewal_offered(end_date: date, today: date) -> bool:
    """Whether Mine sider offers «Søg om fornyelse»: from the day the first reminder goes out (8 weeks
    before the end) until the renewal window closes (3 months after it)."""
    first = renewal_reminders(end_date)[0].send_on
    return first <= today <= renewal_window_closes(end_date)


# --- inspection visits and deadlines everywhere (part «visits») -----------------------------------------

# A visit may also concern a grant that ended within the last year: the time it covered is still checked
# (timesheets, payslips, the assistant's presence), and payments for it may still come in.
VISIT_ENDED_GRANT_MONTHS: Final = 12
# A follow-up joins the caseworker's open work (the inbox) this many days before it is due.
FOLLOW_UP_INBOX_DAYS: Final = 30
# Supervision looks at the first reassessments that fell due in the last 12 months.
SUPERVISION_MONTHS: Final = 12
# The focus audit (BDO for STAR, 2024, figure 6.4; 256 cases in 19 municipalities): the reassessment after
# one year was held in 90 % of the cases where it was due.
AUDIT_FIRST_REASSESSMENT_HELD_PCT: Final = 90


def visit_grants_ended_since(today: date) -> date:
    """Den tidligste sidste dag, en ophørt bevilling kan have og stadig knyttes til et tilsynsbesøg."""
    return add_months(today, -VISIT_ENDED_GRANT_MONTHS)


def supervision_since(today: date) -> date:
    """Første dag i tilsynets periode: de seneste 12 måneder før ``today``."""
    return add_months(today, -SUPERVISION_MONTHS)


# --- plans and records (part "plans"): the young-person sign and how a plan departs from the proposal ----

# The audit names "young people in their first job" as a reason for closer follow-up (chapter 6). The
# product cannot see a first job; it sees the age in the CPR number, and the caseworker confirms.
YOUNG_UNDER_AGE: Final = 30


def age_on(birth: date, day: date) -> int:
    """Alder i hele år på ``day`` (en person født 29. februar fylder år 1. marts i et almindeligt år)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_young(birth: date, day: date) -> bool:
    """Under 30 år på dagen: tegnet på «ung i sit første job», som sagsbehandleren bekræfter."""
    return age_on(birth, day) < YOUNG_UNDER_AGE


PlanDeparture = Literal["factor_removed", "form", "participants", "later", "no_date"]


def plan_departures(
    proposal: FollowUpProposal,
    *,
    seen: frozenset[str],
    chosen: frozenset[str],
    form: str,
    participants: frozenset[str],
    due: date | None,
    proposed_due: date | None,
) -> tuple[PlanDeparture, ...]:
    """How a chosen plan departs from what the case shows and the proposal; each departure must be
    explained (the audit: the reason for the follow-up is recorded).

    ``seen`` are the risk factors the product found in the case, ``chosen`` those the caseworker kept or
    ticked (the proposal is made from them): leaving out a factor the case shows is a departure. Following
    up sooner than proposed needs no reason — only a later date, no date at all, another form or other
    participants."""
    departures: list[PlanDeparture] = []
    if seen - chosen:
        departures.append("factor_removed")
    if form != proposal.form:
        departures.append("form")
    if participants != frozenset(proposal.participants):
        departures.append("participants")
    if due is None and proposed_due is not None:
        departures.append("no_date")
    elif due is not None and proposed_due is not None and due > proposed_due:
        departures.append("later")
    return tuple(departures)


def proposed_due(base: date, proposal: FollowUpProposal) -> date | None:
    """The date the proposal gives, counted from ``base`` (the day the last follow-up was held); None when
    it proposes following up only on a change."""
    return next_follow_up_due(base, proposal.months) if proposal.months else None


# --- change reports: what a party may report, and when (part «changes») ---------------------------------

# A change that is known in advance (the employment ends next month) may be reported before it happens.
CHANGE_REPORT_AHEAD_MONTHS: Final = 6
# «Opfølgning planlagt» on a change report: the extra follow-up is held within 4 weeks.
CHANGE_FOLLOW_UP_WEEKS: Final = 4
# The kinds where the reporter must say what changed: the label alone does not tell the caseworker enough.
CHANGE_KINDS_NEEDING_DESCRIPTION: Final = frozenset({"tasks", "need_changed"})


def change_kinds_for(reporter: str) -> tuple[ChangeKind, ...]:
    """The changes ``reporter`` («person» or «employer») may report: the employer never the impairment."""
    return tuple(k for k in CHANGE_KINDS if reporter in k.reporters)


def change_report_latest_day(today: date) -> date:
    """The last day a change may lie in the future when it is reported (6 calendar months ahead)."""
    return add_months(today, CHANGE_REPORT_AHEAD_MONTHS)


def change_follow_up_due(handled_on: date) -> date:
    """The extra follow-up a change report calls for: within 4 weeks, on the last working day on or before."""
    return previous_working_day(handled_on + timedelta(weeks=CHANGE_FOLLOW_UP_WEEKS))
