"""The interpreting invoice's controls: each flag planted by hand with a clean counter-case, stored with its
evidence on the line it is about; a few queries whatever the number of lines.

Amounts from BEK 1317 § 24 (tests/interpreting.py): 650 kr. an hour (at least 1 hour, then per started half
hour), zone 1 275 kr.; a remote hour on a weekday daytime is 650,00 kr.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kompensation.cases import services as case_services
from kompensation.cases.models import Decision, Grant
from kompensation.payments import services
from kompensation.payments.models import (
    ControlResult,
    ControlStatus,
    EconomicLink,
    InvoiceLine,
    LineStatus,
    PaymentRequest,
    RequestStatus,
)
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    return {
        "agency": agency,
        "agency_user": agency_user,
        "anne": anne,
        "grant": grant,
        "caseworker": herning_caseworker,
    }


def another_grant(s: dict[str, Any]) -> Grant:
    """A second user's interpreting grant with the same agency (another person, another case)."""
    caseworker = s["caseworker"]
    case = case_services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(cpr=factories.register_person(), cvr=factories.register_company()),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    case_services.case_record_active_step(
        case=case, user=caseworker, kind="workplace_visit", on=timezone.localdate()
    )
    factories.investigate(case, caseworker)
    case.refresh_from_db()
    return i.interpreting_case(case, caseworker, [s["agency"]])


def submit(s: dict[str, Any], lines: list[Any], grant: Grant | None = None) -> PaymentRequest:
    return i.submit(s["agency_user"], s["agency"], grant or s["grant"], lines)


def flags(request: PaymentRequest, code: str) -> list[ControlResult]:
    return list(request.controls.filter(code=code).select_related("line"))


def failing(request: PaymentRequest, code: str) -> list[ControlResult]:
    return [c for c in flags(request, code) if c.status != ControlStatus.PASS]


def clean(request: PaymentRequest, code: str) -> None:
    """The control ran, found nothing, and stored one passed result for the whole invoice."""
    results = flags(request, code)
    assert [(c.status, c.line_id) for c in results] == [(ControlStatus.PASS, None)]


# --- hours beyond the grant (BEK § 15, quarterly average) ----------------------------------------------


@pytest.fixture
def one_hour_a_week(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    """1 hour a week for all of 2025: Q1 2025 has 31 + 28 + 31 = 90 days → 1 × 90 / 7 = 12,857 hours,
    rounded down to the half hour: 12,5 hours in the quarter."""
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    # The terms set on the sent decision directly: a full grant of 1 hour a week in 2025 is a partial
    # grant of the 7 hours applied for, which the decision service rightly asks a hearing for.
    Decision.objects.filter(pk=grant.decision_id).update(
        start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31), hours_per_week=Decimal("1")
    )
    grant = Grant.objects.get(pk=grant.pk)
    return {"agency": agency, "agency_user": agency_user, "anne": anne, "grant": grant}


def test_hours_beyond_the_quarterly_average_are_flagged(one_hour_a_week: dict[str, Any]) -> None:
    s = one_hour_a_week
    # January: two remote 5-hour sessions (09–14) = 10 hours, 3.250 kr. each.
    submit(
        s,
        [
            i.line(dt.date(2025, 1, 7), "09:00", "14:00", s["anne"], "3250", remote=True),
            i.line(dt.date(2025, 1, 14), "09:00", "14:00", s["anne"], "3250", remote=True),
        ],
    )
    # February: 3 hours → 10 + 3 = 13 hours > 12,5 allowed.
    february = submit(s, [i.line(dt.date(2025, 2, 4), "09:00", "12:00", s["anne"], "1950", remote=True)])
    [hours] = flags(february, "hours")
    assert hours.status == ControlStatus.FAIL
    assert "denne faktura 3 t + andre fakturaer 10 t" in hours.evidence
    assert "= 13 t; bevillingen giver 12,5 t (1 t/uge × 90 dage / 7)" in hours.evidence


def test_hours_at_the_quarterly_average_pass(one_hour_a_week: dict[str, Any]) -> None:
    s = one_hour_a_week
    submit(
        s,
        [
            i.line(dt.date(2025, 1, 7), "09:00", "14:00", s["anne"], "3250", remote=True),
            i.line(dt.date(2025, 1, 14), "09:00", "14:00", s["anne"], "3250", remote=True),
        ],
    )
    # 09:00–11:30 = 2,5 hours → 10 + 2,5 = 12,5 hours: exactly the average.
    february = submit(s, [i.line(dt.date(2025, 2, 4), "09:00", "11:30", s["anne"], "1625", remote=True)])
    [hours] = flags(february, "hours")
    assert hours.status == ControlStatus.PASS
    assert "= 12,5 t; bevillingen giver 12,5 t" in hours.evidence


# --- claimed ≠ computed --------------------------------------------------------------------------------


def test_a_line_claimed_above_the_computed_amount_is_flagged(setup: dict[str, Any]) -> None:
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "700", remote=True)])
    [flag] = failing(request, "claimed_computed")
    assert flag.line == request.invoice_lines.get()
    # 1 hour remote = 650,00; claimed 700,00; 50,00 more; paid the computed 650,00.
    assert "faktureret 700,00 kr., beregnet 650,00 kr. (mere end beregnet: 50,00 kr.)" in flag.evidence
    assert "der betales 650,00 kr." in flag.evidence


def test_a_line_claimed_at_the_computed_amount_passes(setup: dict[str, Any]) -> None:
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True)])
    clean(request, "claimed_computed")


# --- zone supplement on a remote session ---------------------------------------------------------------


def test_a_remote_line_claimed_with_a_zone_supplement_is_flagged(setup: dict[str, Any]) -> None:
    # 650 for the hour + 275 (zone 1) = 925 claimed; remote is computed at 650: 275 more = one zone.
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "925", remote=True)])
    [flag] = failing(request, "remote_zone")
    assert flag.line == request.invoice_lines.get()
    assert "275,00 kr. mere end beregnet, mindst et zonetillæg (zone 1: 275,00 kr.)" in flag.evidence


def test_a_remote_line_naming_a_zone_is_flagged(setup: dict[str, Any]) -> None:
    request = submit(
        setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True, zone=2)]
    )
    [flag] = failing(request, "remote_zone")
    assert "linjen angiver zone 2, selv om den er fjerntolkning" in flag.evidence
    clean(request, "claimed_computed")


def test_a_remote_line_claimed_less_than_a_zone_above_is_not_a_zone(setup: dict[str, Any]) -> None:
    # 650 + 274 = 924: more than computed (flagged as such), but less than the smallest zone (275).
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "924", remote=True)])
    clean(request, "remote_zone")
    assert len(failing(request, "claimed_computed")) == 1


# --- two zone supplements for one interpreter on one day -----------------------------------------------


def test_a_second_zone_supplement_the_same_day_on_another_invoice_is_flagged(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    # On-site in 7400 (zone 1): 650 + 275 = 925 on each invoice; the pricing gives each invoice its zone.
    first = submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "925")])
    other_user = another_grant(setup)
    i.zones(other_user.case)
    second = submit(setup, [i.line(day, "13:00", "14:00", setup["anne"], "925")], grant=other_user)
    assert second.invoice_lines.get().computed == Decimal("925.00")
    [flag] = failing(second, "zone_twice")
    assert f"faktura {first.invoice_number} ({first.reference})" in flag.evidence
    # The other invoice is another person's: the evidence names the invoice, never the person.
    assert setup["grant"].case.person.name not in flag.evidence


def test_a_remote_session_the_same_day_takes_no_second_zone(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "925")])
    second = submit(setup, [i.line(day, "13:00", "14:00", setup["anne"], "650", remote=True)])
    clean(second, "zone_twice")


# --- the same interpreter in two overlapping sessions --------------------------------------------------


def test_an_overlapping_session_for_another_user_is_flagged(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    first = submit(setup, [i.line(day, "09:00", "11:00", setup["anne"], "1300", remote=True)])
    second = submit(
        setup, [i.line(day, "10:00", "12:00", setup["anne"], "1300", remote=True)], grant=another_grant(setup)
    )
    [flag] = failing(second, "overlap")
    assert "09:00–11:00" in flag.evidence and first.invoice_number in flag.evidence
    assert setup["grant"].case.person.name not in flag.evidence
    clean(second, "duplicate")


def test_sessions_that_only_touch_do_not_overlap(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    submit(setup, [i.line(day, "09:00", "11:00", setup["anne"], "1300", remote=True)])
    second = submit(
        setup, [i.line(day, "11:00", "12:00", setup["anne"], "650", remote=True)], grant=another_grant(setup)
    )
    clean(second, "overlap")


# --- an invoice line already invoiced (duplicate) ------------------------------------------------------


def test_the_same_line_on_another_live_invoice_is_a_duplicate(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    first = submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True)])
    second = submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True)])
    [flag] = failing(second, "duplicate")
    assert first.invoice_number in flag.evidence
    clean(second, "overlap")


def test_a_line_on_a_rejected_invoice_is_no_duplicate(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    first = submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True)])
    PaymentRequest.objects.filter(pk=first.pk).update(status=RequestStatus.REJECTED)
    second = submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True)])
    clean(second, "duplicate")
    clean(second, "overlap")


# --- a session outside the grant period ----------------------------------------------------------------


def test_a_session_outside_the_grant_is_flagged_once_the_grant_is_shortened(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    request = submit(setup, [i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True)])
    clean(request, "outside_grant")
    Decision.objects.filter(pk=setup["grant"].decision_id).update(end_date=day - dt.timedelta(days=1))
    services.invoice_controls_run(request=request)
    [flag] = failing(request, "outside_grant")
    assert f"{day - dt.timedelta(days=1):%d.%m.%Y}" in flag.evidence


# --- missing declaration from any party ----------------------------------------------------------------


def test_a_missing_declaration_fails_until_every_party_has_signed(setup: dict[str, Any]) -> None:
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True)])
    [declarations] = flags(request, "declarations")
    assert declarations.status == ControlStatus.FAIL and "Anne Holm" in declarations.evidence
    i.sign_all(setup["grant"], setup["agency"], [setup["anne"]])
    services.invoice_controls_run(request=request)
    [declarations] = flags(request, "declarations")
    assert declarations.status == ControlStatus.PASS


# --- an economic link in the registry ------------------------------------------------------------------


def test_an_interpreter_linked_to_the_user_is_flagged(setup: dict[str, Any]) -> None:
    EconomicLink.objects.create(
        interpreter=setup["anne"],
        person=setup["grant"].case.person,
        description="Tolken er brugerens svigerinde.",
        registered_by=setup["caseworker"],
    )
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True)])
    [flag] = failing(request, "economic_link")
    assert "forbindelse til brugeren" in flag.evidence and "svigerinde" in flag.evidence


def test_a_link_to_someone_else_is_not_flagged(setup: dict[str, Any]) -> None:
    someone = another_grant(setup).case.person
    EconomicLink.objects.create(
        interpreter=setup["anne"], person=someone, description="Nabo.", registered_by=setup["caseworker"]
    )
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True)])
    clean(request, "economic_link")


def test_an_interpreter_linked_to_the_employer_is_flagged(setup: dict[str, Any]) -> None:
    employer = setup["grant"].case.employer
    assert employer is not None
    EconomicLink.objects.create(
        interpreter=setup["anne"],
        employer=employer,
        description="Medejer.",
        registered_by=setup["caseworker"],
    )
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True)])
    [flag] = failing(request, "economic_link")
    assert "forbindelse til arbejdsgiveren" in flag.evidence


# --- a line the user disputed --------------------------------------------------------------------------


def test_a_disputed_line_is_flagged_with_the_users_remark(setup: dict[str, Any]) -> None:
    request = submit(setup, [i.line(i.a_weekday(), "09:00", "10:00", setup["anne"], "650", remote=True)])
    clean(request, "disputed")
    InvoiceLine.objects.filter(request=request).update(
        status=LineStatus.DISPUTED, dispute_reason="Mødet blev aflyst."
    )
    services.invoice_controls_run(request=request)
    [flag] = failing(request, "disputed")
    assert "Mødet blev aflyst." in flag.evidence


# --- few queries ---------------------------------------------------------------------------------------


def _queries(setup: dict[str, Any], hours: int) -> int:
    day = i.a_weekday()
    # One remote hour each from 08:00, every one claimed 10 kr. above the computed 650 (flagged), so the
    # flags are written too.
    request = submit(
        setup,
        [
            i.line(day, f"{8 + h:02d}:00", f"{9 + h:02d}:00", setup["anne"], "660", remote=True)
            for h in range(hours)
        ],
    )
    assert len(failing(request, "claimed_computed")) == hours
    with CaptureQueriesContext(connection) as captured:
        services.invoice_controls_run(request=request)
    PaymentRequest.objects.filter(pk=request.pk).update(status=RequestStatus.REJECTED)
    return len(captured.captured_queries)


def test_the_controls_take_the_same_number_of_queries_for_2_and_9_lines(setup: dict[str, Any]) -> None:
    assert _queries(setup, 2) == _queries(setup, 9)
