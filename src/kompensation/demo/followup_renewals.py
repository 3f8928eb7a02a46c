"""Demo follow-up: renewals of time-limited grants (see `followup.py`).

Four people at the demo employer (the `virksomhed` login sees them all), each with a one-year grant that ends
where its story needs it, relative to the demo's today:

- ends in 6 weeks: the 8-week reminder has gone out, nothing applied for yet;
- ends in 5 weeks: reminded, and the person has started the renewal: a draft prefilled from the old
  application (the case page shows it under «Fornyelse og udløb»);
- ended 3 weeks ago: reminded 8 and 4 weeks before, never renewed, lapsed the day after its end date;
- ended 10 weeks ago: reminded once, renewed through the ordinary flow (its own case and a new grant from
  the day after the end), and the old grant lapsed.

The nightly job (`grants_lapse` and `renewal_reminders_send`) runs on each day something is due, in order,
and once more today — for every grant in the demo, as it would in production.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.dk import cpr as stdnum_cpr

from kompensation.accounts.models import Role, User
from kompensation.cases import services
from kompensation.cases.models import Application, Case, Grant
from kompensation.followup.services.renewals import grants_lapse, renewal_reminders_send, renewal_start
from kompensation.registers.models import OfflineCprRecord
from kompensation.rules import deadlines
from kompensation.rules import followup as rules
from kompensation.rules.pa import add_months

from .pdf import demo_pdf
from .registers import _towns

if TYPE_CHECKING:
    from .followup import FollowUpDemo

# The stories are cases of their own: one per person, and the renewed one's renewal case.
CASES = 5

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)

_PEOPLE = {
    "reminded": ("Signe", "Mortensen", "Lagerassistent", "Løft og flytning af varer over 10 kg"),
    "applying": ("Kasper", "Holm", "Administrativ medarbejder", "Oplæsning af post og bilag"),
    "lapsed": ("Lone", "Kristiansen", "Kantinemedarbejder", "Løft af gryder og kasser"),
    "renewed": ("Mikkel", "Juhl", "Bogholder", "Oplæsning af bilag og kontoudtog"),
}


def _person(demo: FollowUpDemo, first: str, last: str) -> str:
    """A fictitious person in the offline CPR register: born in 1980–1995, a number not used before."""
    town = _towns(demo.municipality)[0]
    while True:
        birth = dt.date(demo.rng.randint(1980, 1995), demo.rng.randint(1, 12), demo.rng.randint(1, 28))
        number = f"{birth:%d%m%y}{demo.rng.randint(0, 3)}{demo.rng.randrange(1000):03d}"
        if stdnum_cpr.checksum(number) == 0 and not OfflineCprRecord.objects.filter(cpr=number).exists():
            break
    OfflineCprRecord.objects.create(
        cpr=number,
        first_name=first,
        last_name=last,
        address=f"{demo.rng.choice(town.streets)} {demo.rng.randint(1, 60)}",
        postcode=town.postcode,
        city=town.city,
        municipality_code=demo.municipality.code,
    )
    return number


def _investigate(case: Case, caseworker: User, task: str, note: str) -> None:
    services.investigation_save(
        case=case,
        user=caseworker,
        data={
            "working_hours": Decimal("37"),
            "impairment_type": "physical",
            "no_documentation_reason": note,
            "compatibility_assessment": "Personen varetager selv kerneopgaverne i jobbet.",
            "aids_considered": "Hjælpemidler er afprøvet og dækker ikke behovet.",
            "flex_job_compensation": "",
            "pa_covers": "",
            "tier": "standard",
            "concrete_assessment": "",
        },
    )
    services.dialog_form_save(
        case=case,
        user=caseworker,
        rows=[
            {"task": task, "minutes_per_week": 360, "ability": "support", "assistant_does": "Hjælper"},
            {"task": "Øvrige opgaver", "minutes_per_week": 1500, "ability": "alone", "assistant_does": ""},
        ],
    )


def _decide(case: Case, caseworker: User, start: dt.date, end: dt.date, reasons: str) -> Grant:
    case.refresh_from_db()
    decision = services.decision_draft(
        case=case,
        user=caseworker,
        assistant_ids=list(case.application.assistants.values_list("pk", flat=True)),
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("6"),
            "start_date": start,
            "end_date": end,
            "period_type": "time_limited",
            "period_reason": "Bevillingen er tidsbegrænset, så behovet kan vurderes igen efter et år.",
            "rate_type": "standard",
            "reasons": reasons,
        },
    )
    services.decision_send(decision=decision, user=caseworker)
    return case.grants.get(status="active")


def _granted(demo: FollowUpDemo, key: str, end: dt.date) -> tuple[Grant, User]:
    """A paper application a year and a month before `end`, and a one-year grant ending on `end`."""
    first, last, job, task = _PEOPLE[key]
    caseworker = demo.users["sagsbehandler"]
    cvr = demo.users["virksomhed"].cvr
    cpr = _person(demo, first, last)
    start = add_months(end + _DAY, -12)
    received = deadlines.previous_working_day(start - 5 * _WEEK)
    demo.at(received)
    case = services.application_register_paper(
        user=caseworker,
        data={
            "cpr": cpr,
            "employer_cvr": cvr,
            "received_on": received,
            "channel": "paper",
            "job_title": job,
            "phone": "",
            "email": "",
            "employment_type": "employee",
            "employment_form": "ordinary",
            "impairment_description": "Varig nedsat funktion i ryg og skuldre efter en ulykke.",
            "tasks_description": task,
            "hours_sought": Decimal("6"),
            "hours_without_assistance": Decimal("31"),
            "period_from": start,
            "period_to": end,
            "until_further_notice": False,
            "travel": False,
            "travel_description": "",
            "assistant_approved": True,
            "employer_contact_name": "Lars Mikkelsen",
            "employer_contact_role": "management",
            "working_hours": Decimal("37"),
            "employment_start": add_months(start, -30),
        },
        assistants=[{"kind": "internal", "name": "Jette Poulsen", "cpr": _person(demo, "Jette", "Poulsen")}],
    )
    active = deadlines.next_working_day(received + _WEEK)
    demo.at(active)
    services.case_record_active_step(case=case, user=caseworker, kind="workplace_visit", on=active)
    _investigate(case, caseworker, task, "Funktionsnedsættelsen er synlig og beskrevet i tidligere sager.")
    demo.at(deadlines.previous_working_day(start - 3 * _DAY))
    grant = _decide(case, caseworker, start, end, f"Der er behov for assistance til {task.lower()}.")
    citizen = User.objects.create_user(
        username=f"mitid-fornyelse-{key}", password=None, role=Role.CITIZEN, cpr=cpr, first_name=first
    )
    return grant, citizen


def _apply(grant: Grant, citizen: User) -> Application:
    """The person starts the renewal on Mine sider, keeps what was filled in, adds a year and signs."""
    application = renewal_start(user=citizen, grant=grant)
    assert application.period_from is not None
    services.application_update(
        application=application,
        user=citizen,
        data={"period_to": add_months(application.period_from, 12) - _DAY},
    )
    services.application_set_assistants(
        application=application,
        user=citizen,
        assistants=[{"kind": a.kind, "name": a.name, "cpr": a.cpr} for a in application.assistants.all()],
        approved=True,
    )
    return services.application_submit(application=application, user=citizen, declaration=True)


def _cosign(demo: FollowUpDemo, application: Application) -> Case:
    signer = demo.users["virksomhed"]
    contract = demo_pdf(
        [
            "ANSÆTTELSESKONTRAKT - FIKTIV (demodata)",
            f"{application.employer.name if application.employer else ''} ansætter {application.person.name}",
            f"Stilling: {application.job_title}, 37 timer om ugen",
        ]
    )
    return services.application_cosign(
        application=application,
        user=signer,
        data={
            "employer_contact_name": "Lars Mikkelsen",
            "employer_contact_role": "management",
            "working_hours": application.working_hours or Decimal("37"),
            "employment_start": application.employment_start or dt.date(2020, 1, 1),
        },
        declaration=True,
        contract=SimpleUploadedFile("kontrakt.pdf", contract, content_type="application/pdf"),
    )


def _decide_renewal(demo: FollowUpDemo, case: Case, old: Grant, on: dt.date) -> Grant:
    caseworker = demo.users["sagsbehandler"]
    old_end = old.end_date
    assert old_end is not None
    demo.at(on)
    services.case_record_active_step(case=case, user=caseworker, kind="meeting", on=on)
    documented = f"Dokumentationen ligger i sag {old.case.reference}."
    _investigate(case, caseworker, _PEOPLE["renewed"][3], documented)
    start = old_end + _DAY
    return _decide(
        case,
        caseworker,
        start,
        add_months(start, 12) - _DAY,
        "Behovet er uændret siden den tidsbegrænsede bevilling. Bevillingen fornyes for et år fra dagen "
        "efter, den udløb.",
    )


def add(demo: FollowUpDemo) -> None:
    today = demo.today
    reminded, _ = _granted(demo, "reminded", today + 6 * _WEEK)
    applying, applying_person = _granted(demo, "applying", today + 5 * _WEEK)
    lapsing, _ = _granted(demo, "lapsed", today - 3 * _WEEK)
    renewed, renewed_person = _granted(demo, "renewed", today - 10 * _WEEK)
    renewed_end = renewed.end_date
    assert renewed_end is not None
    # The renewed person applies a week after the 8-week reminder, the company signs four days later, and
    # the caseworker decides three weeks before the end; the other person has just started a draft.
    applied_on = deadlines.next_working_day(renewed_end - 7 * _WEEK)
    cosigned_on = deadlines.next_working_day(applied_on + 4 * _DAY)
    decided_on = deadlines.next_working_day(renewed_end - 3 * _WEEK)
    renewal: dict[str, Any] = {}
    steps: list[tuple[dt.date, int, Callable[[], object]]] = [
        (applied_on, 1, lambda: renewal.update(application=_apply(renewed, renewed_person))),
        (cosigned_on, 1, lambda: renewal.update(case=_cosign(demo, renewal["application"]))),
        (decided_on, 1, lambda: _decide_renewal(demo, renewal["case"], renewed, decided_on)),
        (
            deadlines.next_working_day(today - 2 * _WEEK),
            1,
            lambda: renewal_start(user=applying_person, grant=applying),
        ),
    ]
    # The nightly job on every day one of these grants has something due, and today; it runs before the
    # day's other steps.
    nights = {today}
    for grant in (reminded, applying, lapsing, renewed):
        end = grant.end_date
        assert end is not None
        nights |= {r.send_on for r in rules.renewal_reminders(end) if r.send_on <= today}
        if end + _DAY <= today:
            nights.add(end + _DAY)
    steps += [(night, 0, _nightly(night)) for night in nights]
    for day, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        demo.at(day)
        step()


def _nightly(day: dt.date) -> Callable[[], None]:
    def run() -> None:
        grants_lapse(today=day)
        renewal_reminders_send(today=day)

    return run
