"""Fictitious people, companies and users for tests, entered in the offline registers."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from kompensation.accounts.models import Municipality, Role, User
from kompensation.registers.models import OfflineCprRecord, OfflineCvrRecord
from kompensation.rules import payments as payment_rules

_serials = itertools.count(1000)
_cvrs = itertools.count(3000000)

PASSWORD = "test-password-123"
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def new_cpr(birth: dt.date = dt.date(1985, 3, 14)) -> str:
    """A valid CPR number for ``birth``: the serial's first digit also says the century (a 1996 birth with
    serial 5xxx would read as 1896), so only numbers that read back as ``birth`` are handed out."""
    while True:
        number = f"{birth:%d%m%y}{next(_serials) % 10000:04d}"
        if stdnum_cpr.checksum(number) == 0 and _reads_as(number, birth):
            return str(stdnum_cpr.validate(number))


def _reads_as(number: str, birth: dt.date) -> bool:
    try:
        return bool(stdnum_cpr.get_birth_date(number) == birth)
    except ValueError:
        return False


def new_cvr() -> str:
    while True:
        number = f"{next(_cvrs):07d}"[:7]
        number = f"3{number[1:]}"
        for last in range(10):
            candidate = f"{number}{last}"
            if stdnum_cvr.checksum(candidate) == 0:
                return candidate


def municipality(code: str = "657") -> Municipality:
    return Municipality.objects.get(code=code)


def register_person(
    *,
    code: str = "657",
    first_name: str = "Anne",
    last_name: str = "Testesen",
    birth: dt.date = dt.date(1985, 3, 14),
) -> str:
    cpr = new_cpr(birth)
    OfflineCprRecord.objects.create(
        cpr=cpr,
        first_name=first_name,
        last_name=last_name,
        address="Bredgade 1",
        postcode="7400",
        city="Herning",
        municipality_code=code,
    )
    return cpr


def register_company(*, name: str = "Testfirma ApS", active_to: dt.date | None = None) -> str:
    cvr = new_cvr()
    OfflineCvrRecord.objects.create(
        cvr=cvr,
        name=name,
        address="Industrivej 2",
        postcode="7400",
        city="Herning",
        active_from=dt.date(2000, 1, 1),
        active_to=active_to,
    )
    return cvr


def user(role: str, *, username: str | None = None, code: str | None = "657", **extra: Any) -> User:
    username = username or f"{role}-{next(_serials)}"
    if role == Role.INTERPRETER_AGENCY:
        extra.setdefault("cvr", new_cvr())
    municipality_ = (
        municipality(code)
        if code and role in ("caseworker", "payment_officer", "manager", "data_protection")
        else None
    )
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        municipality=municipality_,
        first_name=username.title(),
        **extra,
    )


def caseworker(code: str = "657") -> User:
    return user(Role.CASEWORKER, code=code)


def citizen(cpr: str) -> User:
    return user(Role.CITIZEN, cpr=cpr, code=None)


def employer_user(cvr: str) -> User:
    return user(Role.EMPLOYER, cvr=cvr, code=None)


def pdf(name: str = "attest.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def paper_data(*, cpr: str, cvr: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cpr": cpr,
        "employer_cvr": cvr,
        "received_on": timezone.localdate() - dt.timedelta(days=3),
        "channel": "paper",
        "job_title": "Bogholder",
        "phone": "",
        "email": "",
        "employment_type": "employee",
        "employment_form": "ordinary",
        "impairment_description": "Nedsat syn",
        "tasks_description": "Læsning af bilag",
        # What the usual test decision grants in full (7 hours); a partial grant grants fewer.
        "hours_sought": Decimal("7"),
        "hours_without_assistance": Decimal("27"),
        "period_from": timezone.localdate(),
        "period_to": timezone.localdate() + dt.timedelta(days=365),
        "until_further_notice": False,
        "travel": False,
        "travel_description": "",
        "assistant_approved": True,
        "employer_contact_name": "Bo Chef",
        "employer_contact_role": "owner",
        "working_hours": Decimal("37"),
        "employment_start": dt.date(2020, 1, 1),
    }
    data.update(overrides)
    return data


ASSISTANT = [{"kind": "external", "name": "Assistancefirmaet ApS", "cpr": ""}]


def previous_quarter() -> tuple[dt.date, dt.date]:
    """The last complete quarter: the period a payment request is typically for."""
    year, quarter = payment_rules.quarter_of(timezone.localdate())
    index = year * 4 + quarter - 2
    return payment_rules.quarter_bounds(index // 4, index % 4 + 1)


def awaiting_application(employer_cvr: str, *, impairment: str = "Gigt", with_document: str = "") -> Any:
    """A citizen's application filled in, signed and sent to the employer for co-signature."""
    from kompensation.cases import services

    owner = citizen(register_person())
    application = services.application_start(user=owner)
    services.application_update(
        application=application,
        user=owner,
        data={
            "job_title": "Pædagog",
            "employer_cvr": employer_cvr,
            "employment_type": "employee",
            "employment_form": "ordinary",
            "impairment_description": impairment,
            "tasks_description": "Løft",
            "hours_sought": 5,
            "hours_without_assistance": 30,
            "period_from": timezone.localdate(),
            "until_further_notice": True,
        },
    )
    if with_document:
        services.document_store(
            user=owner, upload=pdf(with_document), doc_type="specialist", application=application
        )
    services.application_set_assistants(
        application=application,
        user=owner,
        approved=True,
        assistants=[{"kind": "external", "name": "Hjælp ApS"}],
    )
    services.application_submit(application=application, user=owner, declaration=True)
    return application


MONTHS_DA = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def long_date(day: dt.date) -> str:
    """How letters write a date, spelt out here by hand so tests do not use the code's own formatter."""
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


def grant_draft(case: Any, *, user: User | None = None, reasons: str = "Behov for oplæsning") -> Any:
    """A drafted grant: 7 hours a week from today until further notice, the application's assistants."""
    from kompensation.cases import services

    return services.decision_draft(
        case=case,
        user=user or case.caseworker,
        assistant_ids=[a.pk for a in case.application.assistants.all()],
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("7"),
            "start_date": timezone.localdate(),
            "period_type": "until_further_notice",
            "period_reason": "Varigt behov",
            "rate_type": "standard",
            "reasons": reasons,
        },
    )


def complaint(*, decision: Any, user: User, received_on: dt.date | None = None, **fields: Any) -> Any:
    """A complaint row about a sent decision, written directly (no letters, no events): for tests that
    need one to exist, not for tests of complaint intake."""
    from kompensation.cases.models import CaseStatus
    from kompensation.complaints.models import Complaint
    from kompensation.rules import deadlines

    received_on = received_on or timezone.localdate()
    decided = decision.sent_at.date()
    case = decision.case
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.COMPLAINT)
    values: dict[str, Any] = {
        "case": case,
        "decision": decision,
        "complainant": "person",
        "channel": "letter",
        "received_on": received_on,
        "text": "Jeg klager over antallet af timer.",
        "decision_received_on": decided,
        "complaint_deadline": deadlines.complaint_deadline(decided),
        "in_time": deadlines.complaint_in_time(decided, received_on),
        "reassessment_due": deadlines.reassessment_deadline(received_on),
        "created_by": user,
    }
    return Complaint.objects.create(**(values | fields))


def investigate(case: Any, user: User) -> None:
    """The investigation and dialog form of a 7-hour need (37-hour job, reading and post supported)."""
    from kompensation.cases import services

    services.investigation_save(
        case=case,
        user=user,
        data={
            "working_hours": Decimal("37"),
            "impairment_type": "physical",
            "no_documentation_reason": "",
            "compatibility_assessment": "Personen udfører selv kerneopgaverne.",
            "aids_considered": "Skærmlæser",
            "flex_job_compensation": "",
            "pa_covers": "",
            "tier": "standard",
            "concrete_assessment": "",
        },
    )
    services.dialog_form_save(
        case=case,
        user=user,
        rows=[
            {
                "task": "Læsning af bilag",
                "minutes_per_week": 300,
                "ability": "support",
                "assistant_does": "Læser op",
            },
            {"task": "Bogføring", "minutes_per_week": 900, "ability": "alone", "assistant_does": ""},
            {"task": "Post", "minutes_per_week": 100, "ability": "cannot", "assistant_does": "Sorterer post"},
        ],
    )
