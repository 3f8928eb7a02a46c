"""Demo follow-up: change reports (BEK § 29) of every kind, through the services.

From the person on Mine sider, from the employer on its page and through a payroll system's API, from the
«nej» on a payment request, and by phone to the caseworker. Some are handled each way — noted, an extra
follow-up, a new assessment, and one grant stopped with a decision letter — and some are still open, one of
them past its deadline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Case, CaseStatus, Grant, GrantStatus
from kompensation.followup.models import ChangeReport
from kompensation.followup.services.changes import (
    change_report_ending_defaults,
    change_report_handle,
    change_report_submit,
)
from kompensation.payments import selectors as payment_selectors
from kompensation.payments import services as payments

from .payments import PDF, _employer_user, _spread

if TYPE_CHECKING:
    from .followup import FollowUpDemo


@dataclass(frozen=True)
class _Step:
    """One report: which party, how, what, how many days ago it came and when it happened."""

    who: str  # "person", "employer" or "caseworker" (a phone call from the employer)
    source: str
    kind: str
    days_ago: int
    occurred_days_ago: int
    description: str
    # How it was handled, and how many days after it came; "" leaves it open.
    handling: str = ""
    after: int = 1
    note: str = ""


STEPS = (
    _Step(
        "person",
        "portal",
        "impairment",
        40,
        45,
        "Mit syn er blevet dårligere, og jeg kan ikke længere læse skærmen uden forstørrelse.",
        "follow_up",
        2,
        "Behovet kan være steget: opfølgning med personen og virksomheden inden 4 uger.",
    ),
    _Step(
        "employer",
        "portal",
        "assistant_left",
        30,
        33,
        "Assistenten sagde op, og vi har ikke kunnet finde en ny.",
        "stopped",
        1,
    ),
    _Step(
        "employer",
        "api",
        "hours",
        20,
        21,
        "Arbejdstiden er sat ned fra 37 til 32 timer om ugen.",
        "noted",
        2,
        "Den bevilgede tid ligger stadig inden for den nye arbejdstid. Ingen betydning for bevillingen.",
    ),
    _Step(
        "person",
        "portal",
        "new_job",
        12,
        14,
        "Jeg er rykket til en ny stilling i samme virksomhed med mere kundekontakt.",
        "reassess",
        2,
        "Nye opgaver: behovet for assistance skal udmåles igen.",
    ),
    # Open, and past its 5 working days.
    _Step("employer", "portal", "tasks", 9, 10, "Medarbejderen har fået ansvar for fakturering."),
    _Step("employer", "api", "assistant_sick", 2, 6, "Assistenten er sygemeldt i mindst 8 uger."),
    # Told by phone ahead of time: the employment ends next month.
    _Step("caseworker", "caseworker", "employment_ended", 1, -25, "Opsagt af virksomheden pr. næste måned."),
)


def add(demo: FollowUpDemo) -> None:
    grants = _grants(demo)
    if len(grants) < 2:
        return
    # The stop goes to the demo employer's grant where there is one, so its login shows the letter.
    demo_cvr = demo.users["virksomhed"].cvr
    grants.sort(key=lambda g: (g.case.employer is None or g.case.employer.cvr != demo_cvr, g.pk))
    stop_grant, others = grants[0], grants[1:]
    # The new assessment needs a decided case (not one in a complaint); the other reports share the rest.
    reassess = next((g for g in others if g.case.status == CaseStatus.DECIDED), None)
    pool = [g for g in others if g != reassess] or others
    for index, step in enumerate(STEPS):
        if step.handling == "stopped":
            grant = stop_grant
        elif step.handling == "reassess":
            grant = reassess or others[0]
            step = step if reassess is not None else replace(step, handling="")
        else:
            grant = pool[index % len(pool)]
        _report(demo, grant, step)
    _payment_request_nej(demo, others[-1])


def _grants(demo: FollowUpDemo) -> list[Grant]:
    """Running personal-assistance grants with an employer, decided well before the first report."""
    before = demo.today - dt.timedelta(days=60)
    return [
        g
        for g in Grant.objects.filter(
            case__municipality=demo.municipality,
            status=GrantStatus.ACTIVE,
            case__employer__isnull=False,
            decision__grant_kind="assistance",
            decision__sent_at__isnull=False,
        )
        # The questionnaires' follow-ups stay planned, waiting for the caseworker's record (a stop here
        # would cancel them).
        .exclude(follow_ups__questionnaires__isnull=False)
        .select_related("case__person", "case__employer", "case__caseworker", "decision")
        .order_by("pk")
        if g.decision.sent_at is not None
        and timezone.localdate(g.decision.sent_at) <= before
        and g.start_date <= before
    ]


def _person_user(case: Case) -> User:
    """The person's own (MitID) login; made without a usable password if the demo has none for them."""
    user = User.objects.filter(role=Role.CITIZEN, cpr=case.person.cpr, is_active=True).first()
    if user is None:
        user = User.objects.create(
            username=f"mitid-borger-aendring-{case.pk}",
            role=Role.CITIZEN,
            cpr=case.person.cpr,
            password=make_password(None),
            first_name=case.person.first_name,
            last_name=case.person.last_name,
        )
    return user


def _caseworker(demo: FollowUpDemo, case: Case) -> User:
    worker = case.caseworker
    if worker is not None and worker.role == Role.CASEWORKER and worker.municipality == case.municipality:
        return worker
    return demo.users["sagsbehandler"]


def _report(demo: FollowUpDemo, grant: Grant, step: _Step) -> ChangeReport:
    case = grant.case
    assert case.employer is not None
    received = demo.today - dt.timedelta(days=step.days_ago)
    demo.at(received)
    if step.who == "person":
        user, reporter = _person_user(case), None
    elif step.who == "employer":
        user, reporter = _employer_user(case.employer, demo.employer_users), None
    else:
        user, reporter = _caseworker(demo, case), "employer"
    report = change_report_submit(
        user=user,
        case=case,
        kind=step.kind,
        occurred_on=demo.today - dt.timedelta(days=step.occurred_days_ago),
        description=step.description,
        source=step.source,
        reporter=reporter,
    )
    if step.handling:
        handled_on = received + dt.timedelta(days=step.after)
        demo.at(handled_on)
        ending = (
            change_report_ending_defaults(report=report, today=handled_on)
            if step.handling == "stopped"
            else None
        )
        report = change_report_handle(
            user=_caseworker(demo, case), report=report, handling=step.handling, note=step.note, ending=ending
        )
    return report


def _payment_request_nej(demo: FollowUpDemo, grant: Grant) -> None:
    """Yesterday's request for a month not yet asked for, answering «nej» to "is the need unchanged?"."""
    case = grant.case
    assert case.employer is not None
    day = demo.today - dt.timedelta(days=1)
    demo.at(day)
    option = next(
        (
            o
            for o in payment_selectors.requestable_periods(grant, day)
            if o.code.startswith("M") and o.taken_by is None and not o.late
        ),
        None,
    )
    if option is None:
        return
    employer = _employer_user(case.employer, demo.employer_users)
    assistant = grant.decision.assistants.first()
    name = assistant.name if assistant else "Assistent"
    draft = payments.payment_request_save_draft(
        user=employer,
        grant=grant,
        period_start=option.start,
        period_end=option.end,
        hours=_spread(Decimal("20"), payments.period_parts(option.start, option.end), name),
    )
    payments.payslip_add(
        user=employer,
        request=draft,
        assistant=name,
        upload=SimpleUploadedFile(f"loenseddel-{option.start:%Y-%m}.pdf", PDF),
    )
    payments.payment_request_submit(
        user=employer,
        request=draft,
        declaration=True,
        idempotency_key=uuid.uuid4().hex,
        need_unchanged=False,
        need_change="Medarbejderen arbejder nu mest hjemme, og assistenten hjælper færre timer om ugen.",
    )
