"""The rate table: a national hourly rate owned by STAR, the municipality's own percentage and raised rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role
from kompensation.payments import services
from kompensation.payments.models import RateKind, RateRow
from tests import factories
from tests.factories import previous_quarter

pytestmark = pytest.mark.django_db


def test_no_municipality_can_write_the_national_hourly_rate(db: None) -> None:
    aarhus_manager = factories.user(Role.MANAGER, code="751")
    herning_officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    for user in (aarhus_manager, herning_officer):
        with pytest.raises(PermissionDenied):
            services.rate_row_add(
                user=user,
                kind=RateKind.STANDARD_HOURLY,
                valid_from=dt.date(2026, 4, 1),
                value=Decimal("0.01"),
            )
        client = Client()
        client.force_login(user)
        page = client.post(
            reverse("payments:rates"),
            {"kind": "standard_hourly", "valid_from": "01.04.2026", "value": "0,01", "seniority": "0"},
        )
        assert page.status_code == 400  # not a choice the municipality has
    assert not RateRow.objects.exists()
    star = factories.user(Role.NATIONAL, code=None)
    row = services.rate_row_add(
        user=star, kind=RateKind.STANDARD_HOURLY, valid_from=dt.date(2026, 4, 1), value=Decimal("131.20")
    )
    assert row.municipality is None


def test_an_aarhus_percentage_never_prices_a_herning_request(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None
) -> None:
    """Herning's request uses the national 25 %; Aarhus's own 0.01 % reaches only Aarhus."""
    aarhus = factories.user(Role.MANAGER, code="751")
    start, end = previous_quarter()
    own = services.rate_row_add(
        user=aarhus, kind=RateKind.STANDARD_PERCENTAGE, valid_from=start, value=Decimal("0.01")
    )
    assert own.municipality is not None and own.municipality.code == "751"
    assert services.requests_affected_by(own) == []  # Herning's open requests are not Aarhus's business
    draft = services.payment_request_save_draft(
        user=employer,
        grant=granted_case.grants.get(),
        period_start=start,
        period_end=end,
        hours=[{"assistant": "A", "hours": Decimal("10")}],
    )
    # By hand: 10 h × 127,86 kr. = 1.278,60 kr.; 25 % of it = 319,65 kr.; total 1.598,25 kr.
    assert draft.requested_total == Decimal("1598.25")
    herning = factories.user(Role.PAYMENT_OFFICER, code="657")
    services.rate_row_add(
        user=herning, kind=RateKind.STANDARD_PERCENTAGE, valid_from=start, value=Decimal("30")
    )
    redone = services.payment_request_save_draft(
        user=employer,
        grant=granted_case.grants.get(),
        period_start=start,
        period_end=end,
        hours=[{"assistant": "A", "hours": Decimal("10")}],
        request=draft,
    )
    # Herning's own 30 %: 1.278,60 + 383,58 = 1.662,18 kr.
    assert redone.requested_total == Decimal("1662.18")


def test_the_rate_page_shows_national_and_own_rows_only(rates: None) -> None:
    herning = factories.user(Role.PAYMENT_OFFICER, code="657")
    aarhus = factories.user(Role.PAYMENT_OFFICER, code="751")
    services.rate_row_add(
        user=aarhus, kind=RateKind.STANDARD_PERCENTAGE, valid_from=dt.date(2026, 1, 1), value=Decimal("12.34")
    )
    client = Client()
    client.force_login(herning)
    page = client.get(reverse("payments:rates")).content.decode()
    assert "127,86" in page and "Hele landet" in page
    assert "12,34" not in page
