"""Test helpers for interpreting: rates, agencies, interpreters, an interpreting grant, declarations, lines.

The rates are BEK nr. 1317 af 08/09/2020 § 24 as pa-rules.md lists them; tests derive expected amounts by
hand from these figures, never by calling the pricing code.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases import services as case_services
from kompensation.cases.models import Case, Grant
from kompensation.payments import services
from kompensation.payments.models import (
    Agency,
    DeclarationParty,
    Interpreter,
    PaymentRequest,
    PostcodeZone,
    RateKind,
    RateRow,
)
from tests import factories

HOURLY = Decimal("650")
ZONE = {1: Decimal("275"), 2: Decimal("650"), 3: Decimal("1050")}
WEEKEND = Decimal("161")
EVENING = Decimal("86")
DEMANDING = Decimal("135")
BEK_1317 = {
    RateKind.INTERPRETING_HOURLY: HOURLY,
    RateKind.INTERPRETING_ZONE_1: ZONE[1],
    RateKind.INTERPRETING_ZONE_2: ZONE[2],
    RateKind.INTERPRETING_ZONE_3: ZONE[3],
    RateKind.INTERPRETING_WEEKEND: WEEKEND,
    RateKind.INTERPRETING_EVENING: EVENING,
    RateKind.INTERPRETING_DEMANDING: DEMANDING,
}
SINCE = dt.date(2020, 9, 10)
_numbers = itertools.count(100)


def seed_rates() -> None:
    """The national interpreting rates, entered once (idempotent across tests of one database)."""
    star = User.objects.filter(role=Role.NATIONAL).first() or factories.user(Role.NATIONAL, code=None)
    for kind, value in BEK_1317.items():
        RateRow.objects.get_or_create(
            municipality=None,
            kind=kind,
            seniority=0,
            valid_from=SINCE,
            defaults={"value": value, "entered_by": star, "source": "BEK 1317 § 24"},
        )


def zones(case: Case, table: dict[str, int] | None = None) -> None:
    """Herning's own postcodes in zone 1, nearby in zone 2, far in zone 3."""
    for postcode, zone in (table or {"7400": 1, "7430": 2, "8000": 3}).items():
        PostcodeZone.objects.update_or_create(
            municipality=case.municipality, postcode=postcode, defaults={"zone": zone}
        )


def agency(name: str = "Tegnsprogstolkene ApS") -> tuple[Agency, User]:
    """An agency and its portal user."""
    cvr = factories.new_cvr()
    row = Agency.objects.create(cvr=cvr, name=name, email="faktura@example.dk")
    return row, factories.user(Role.INTERPRETER_AGENCY, cvr=cvr, code=None)


def interpreter(agency_: Agency, name: str = "Anne Holm", *, number: str | None = None) -> Interpreter:
    """An interpreter registered with the agency, with their own login."""
    login = factories.user(Role.INTERPRETER, code=None)
    row = Interpreter.objects.create(number=number or f"T-{next(_numbers)}", name=name, user=login)
    row.agencies.add(agency_)
    return row


def interpreting_case(
    case: Case,
    caseworker: User,
    agencies: list[Agency],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    hours: Decimal = Decimal("7"),
) -> Grant:
    """Decide and send an interpreting grant on an investigated case (sign language, agencies approved)."""
    today = timezone.localdate()
    start = start or (today - dt.timedelta(days=60)).replace(day=1)
    Case.objects.filter(pk=case.pk).update(received_on=start)
    case.refresh_from_db()
    decision = case_services.decision_draft(
        case=case,
        user=caseworker,
        agency_ids=[a.pk for a in agencies],
        data={
            "outcome": "grant",
            "grant_kind": "interpreting",
            "interpreting_type": "sign",
            "agency_choice_approved_on": start,
            "hours_per_week": hours,
            "start_date": start,
            "end_date": end or dt.date(today.year + 1, 12, 31),
            "period_type": "time_limited",
            "period_reason": "Vurderes igen",
            "rate_type": "standard",
            "reasons": "Tegnsprogstolkning ved møder",
        },
    )
    case_services.decision_send(decision=decision, user=caseworker)
    return Grant.objects.get(decision=decision)


def party_user(grant: Grant, party: str, agency_: Agency, interpreter_: Interpreter | None = None) -> User:
    """The portal user who signs for `party`, created when missing."""
    case = grant.case
    if party == DeclarationParty.USER:
        found = User.objects.filter(role=Role.CITIZEN, cpr=case.person.cpr).first()
        return found or factories.citizen(case.person.cpr)
    if party == DeclarationParty.EMPLOYER:
        assert case.employer is not None
        found = User.objects.filter(role=Role.EMPLOYER, cvr=case.employer.cvr).first()
        return found or factories.employer_user(case.employer.cvr)
    if party == DeclarationParty.AGENCY:
        found = User.objects.filter(role=Role.INTERPRETER_AGENCY, cvr=agency_.cvr).first()
        return found or factories.user(Role.INTERPRETER_AGENCY, cvr=agency_.cvr, code=None)
    assert interpreter_ is not None and interpreter_.user is not None
    return interpreter_.user


def sign_all(grant: Grant, agency_: Agency, interpreters: list[Interpreter]) -> None:
    """Every party signs its declaration for the grant and agency."""
    for required in services.declarations_missing(grant=grant, agency=agency_, interpreters=interpreters):
        services.declaration_sign(
            user=party_user(grant, required.party, agency_, required.interpreter),
            grant=grant,
            agency=agency_,
            party=required.party,
            interpreter=required.interpreter,
        )


def line(
    day: dt.date,
    start: str,
    end: str,
    who: Interpreter,
    claimed: Decimal | str,
    **extra: Any,
) -> services.SessionLine:
    extra.setdefault("postcode", "" if extra.get("remote") else "7400")
    return services.SessionLine(
        date=day,
        start=dt.time.fromisoformat(start),
        end=dt.time.fromisoformat(end),
        interpreter=who.number,
        claimed=Decimal(claimed),
        **extra,
    )


def submit(
    agency_user: User,
    agency_: Agency,
    grant: Grant,
    lines: list[services.SessionLine],
    *,
    number: str | None = None,
    source: str = "portal",
) -> PaymentRequest:
    days = [x.date for x in lines]
    start, end = min(days).replace(day=1), max(days)
    return services.invoice_submit(
        user=agency_user,
        agency=agency_,
        grant=grant,
        period_start=start,
        period_end=end,
        invoice_number=number or f"F-{next(_numbers)}",
        lines=lines,
        source=source,
    )


def a_weekday(weeks_back: int = 2) -> dt.date:
    """A Tuesday inside the current year's grant, not a public holiday in Denmark, before today."""
    from kompensation.rules.deadlines import public_holidays

    day = timezone.localdate() - dt.timedelta(weeks=weeks_back)
    while day.weekday() != 1 or day in public_holidays(day.year):
        day -= dt.timedelta(days=1)
    return day
