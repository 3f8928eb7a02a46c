"""The interpreting invoice end to end through the services: priced by hand from BEK 1317 § 24, refused
without declarations, paid once per session in the database, exported to the agency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kompensation.payments import services
from kompensation.payments.models import PaidSession, RequestStatus
from tests import interpreting as i

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    return {"agency": agency, "agency_user": agency_user, "anne": anne, "grant": grant}


def test_an_invoice_is_priced_line_by_line_from_the_rate_table(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    # 09:00–10:20 on a weekday, on-site in zone 2: 80 min → 1.5 h × 650 = 975, zone 2 = 650 → 1,625.00.
    request = i.submit(
        setup["agency_user"],
        setup["agency"],
        setup["grant"],
        [
            i.line(day, "09:00", "10:20", setup["anne"], "1625.00", postcode="7430"),
        ],
    )
    line = request.invoice_lines.get()
    assert line.computed == Decimal("1625.00")
    assert request.requested_total == Decimal("1625.00")
    assert request.status == RequestStatus.SUBMITTED
    assert request.payee_cvr == setup["agency"].cvr


def test_the_agency_is_paid_no_more_than_it_claimed(setup: dict[str, Any]) -> None:
    day = i.a_weekday()
    # Remote 1 hour: 650 computed; the agency claims 600 → 600 is paid.
    request = i.submit(
        setup["agency_user"],
        setup["agency"],
        setup["grant"],
        [
            i.line(day, "09:00", "10:00", setup["anne"], "600", remote=True),
        ],
    )
    assert request.invoice_lines.get().computed == Decimal("650.00")
    assert request.requested_total == Decimal("600.00")


def test_a_line_outside_the_grant_refuses_the_whole_invoice(setup: dict[str, Any]) -> None:
    before = setup["grant"].start_date - dt.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        i.submit(
            setup["agency_user"],
            setup["agency"],
            setup["grant"],
            [
                i.line(before, "09:00", "10:00", setup["anne"], "650", remote=True),
            ],
        )
    assert "uden for bevillingens periode" in str(error.value)
    assert not setup["grant"].payment_requests.exists()


def test_no_invoice_is_paid_without_every_declaration(setup: dict[str, Any]) -> None:
    from tests import factories

    day = i.a_weekday()
    request = i.submit(
        setup["agency_user"],
        setup["agency"],
        setup["grant"],
        [
            i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True),
        ],
    )
    officer = factories.user("payment_officer", code="657")
    with pytest.raises(ValidationError) as error:
        services.payment_request_approve(user=officer, request=request, override_reason="Trods alt")
    assert "Tolken Anne Holm" in str(error.value) and "BEK § 25" in str(error.value)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and not hasattr(request, "payout")


def test_one_session_is_paid_once_across_invoices(setup: dict[str, Any]) -> None:
    from tests import factories

    day = i.a_weekday()
    i.sign_all(setup["grant"], setup["agency"], [setup["anne"]])
    first = i.submit(
        setup["agency_user"],
        setup["agency"],
        setup["grant"],
        [
            i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True),
        ],
    )
    second = i.submit(
        setup["agency_user"],
        setup["agency"],
        setup["grant"],
        [
            i.line(day, "09:30", "10:30", setup["anne"], "650", remote=True),
        ],
    )
    officer = factories.user("payment_officer", code="657")
    services.payment_request_approve(user=officer, request=first, override_reason="Bekræftet i telefonen")
    with pytest.raises(ValidationError) as error:
        services.payment_request_approve(user=officer, request=second, override_reason="Bekræftet")
    assert "overlapper" in str(error.value)
    assert PaidSession.objects.count() == 1
    second.refresh_from_db()
    assert second.status == RequestStatus.SUBMITTED


def test_the_batch_pays_the_agency_on_the_interpreting_account(setup: dict[str, Any]) -> None:
    from tests import factories

    day = i.a_weekday()
    i.sign_all(setup["grant"], setup["agency"], [setup["anne"]])
    request = i.submit(
        setup["agency_user"],
        setup["agency"],
        setup["grant"],
        [
            i.line(day, "09:00", "10:00", setup["anne"], "650", remote=True),
        ],
    )
    officer = factories.user("payment_officer", code="657")
    services.payment_request_approve(user=officer, request=request, override_reason="Bekræftet")
    batch = services.payout_batch_create(user=officer)
    assert batch is not None
    header, row = batch.content.splitlines()
    assert header.split(";") == services.EXPORT_COLUMNS
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    assert cells["cvr"] == setup["agency"].cvr
    assert cells["beloeb"] == "650.00"
    assert cells["ydelse"] == "interpreting"
    assert cells["modtager"] == setup["agency"].name


def test_the_employer_does_not_request_payment_for_interpreting(setup: dict[str, Any]) -> None:
    from tests import factories

    grant = setup["grant"]
    employer = factories.employer_user(grant.case.employer.cvr)
    with pytest.raises(ValidationError) as error:
        services.payment_request_save_draft(
            user=employer,
            grant=grant,
            period_start=grant.start_date,
            period_end=grant.start_date + dt.timedelta(days=27),
            hours=[{"assistant": "Tolk", "hours": Decimal("5")}],
        )
    assert "tolkebureauet fakturerer kommunen" in str(error.value)
    from kompensation.payments import selectors

    assert grant not in selectors.grants_of_employer(employer)
