"""Interpreting rates and postcode zones as data: the national rate table and the imported zone table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role, User
from kompensation.payments import selectors, services
from kompensation.payments.models import INTERPRETING_RATE_KINDS, PostcodeZone, RateKind, RateRow
from kompensation.rules.interpreting import Session, price_sessions
from tests import factories

pytestmark = pytest.mark.django_db

BEK_1317 = {
    RateKind.INTERPRETING_HOURLY: Decimal("650"),
    RateKind.INTERPRETING_ZONE_1: Decimal("275"),
    RateKind.INTERPRETING_ZONE_2: Decimal("650"),
    RateKind.INTERPRETING_ZONE_3: Decimal("1050"),
    RateKind.INTERPRETING_WEEKEND: Decimal("161"),
    RateKind.INTERPRETING_EVENING: Decimal("86"),
    RateKind.INTERPRETING_DEMANDING: Decimal("135"),
}
SINCE = dt.date(2020, 9, 10)


@pytest.fixture
def star(db: None) -> User:
    return factories.user(Role.NATIONAL, code=None)


def _seed(user: User, valid_from: dt.date = SINCE, values: dict[str, Decimal] = BEK_1317) -> list[RateRow]:
    return [
        services.rate_row_add(
            user=user, kind=kind, valid_from=valid_from, value=value, source="BEK 1317 § 24"
        )
        for kind, value in values.items()
    ]


def test_the_selector_picks_the_latest_row_per_kind_on_the_day(star: User) -> None:
    first = _seed(star)
    # A new hourly rate from 01.01.2026, and one from 01.06.2026 that is not yet in force on 15.03.2026.
    raised = services.rate_row_add(
        user=star, kind=RateKind.INTERPRETING_HOURLY, valid_from=dt.date(2026, 1, 1), value=Decimal("700")
    )
    services.rate_row_add(
        user=star, kind=RateKind.INTERPRETING_HOURLY, valid_from=dt.date(2026, 6, 1), value=Decimal("999")
    )
    # A municipal row of the same kind cannot exist (national kind), so no need to exclude one here.
    before = selectors.interpreting_rates_on(day=dt.date(2025, 12, 31))
    assert before.hourly == Decimal("650") and before.valid_from == SINCE
    on = selectors.interpreting_rates_on(day=dt.date(2026, 3, 15))
    assert on.hourly == Decimal("700")
    assert on.zone == {1: Decimal("275"), 2: Decimal("650"), 3: Decimal("1050")}
    assert (on.weekend_per_hour, on.evening_per_hour, on.demanding_per_hour) == (161, 86, 135)
    assert on.valid_from == dt.date(2026, 1, 1)
    assert f"#{raised.pk}" in on.source and f"#{first[0].pk}" not in on.source
    assert all(f"#{row.pk}" in on.source for row in first[1:])
    assert "10.09.2020" in on.source and "01.01.2026" in on.source


def test_a_missing_kind_is_a_clear_error(star: User) -> None:
    _seed(star, values={k: v for k, v in BEK_1317.items() if k != RateKind.INTERPRETING_EVENING})
    with pytest.raises(ValidationError) as error:
        selectors.interpreting_rates_on(day=dt.date(2024, 1, 1))
    assert "kl. 17–07" in error.value.messages[0] and "01.01.2024" in error.value.messages[0]
    # Before the first row nothing is in force at all.
    with pytest.raises(ValidationError):
        selectors.interpreting_rates_on(day=dt.date(2020, 9, 9))


def test_the_selector_is_one_query(star: User, django_assert_num_queries: Any) -> None:
    _seed(star)
    _seed(star, valid_from=dt.date(2024, 1, 1))
    with django_assert_num_queries(1):
        selectors.interpreting_rates_on(day=dt.date(2025, 1, 1))


def test_a_price_from_the_table_matches_the_hand_derived_amount(star: User) -> None:
    _seed(star)
    herning = factories.municipality("657")
    PostcodeZone.objects.create(municipality=herning, postcode="7400", zone=1)
    rates = selectors.interpreting_rates_on(day=dt.date(2026, 3, 11))
    # Wednesday 11.03.2026, 10–12 on-site in 7400 (zone 1): 2 h × 650 + zone 1 supplement 275 = 1575.
    session = Session(dt.date(2026, 3, 11), dt.time(10), dt.time(12), "Tolk A", postcode="7400")
    priced = price_sessions([session], rates, selectors.zone_of_postcode(municipality=herning))
    assert priced.total == Decimal("1575.00")
    assert all(c.rate_row == rates.source for c in priced.lines[0].components)


def test_a_municipality_cannot_write_a_national_interpreting_rate(db: None) -> None:
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    with pytest.raises(PermissionDenied):
        services.rate_row_add(
            user=officer, kind=RateKind.INTERPRETING_HOURLY, valid_from=SINCE, value=Decimal("1")
        )
    client = Client()
    client.force_login(officer)
    page = client.post(
        reverse("payments:rates"),
        {"kind": "interp_hourly", "valid_from": "10.09.2020", "value": "1", "seniority": "0"},
    )
    assert page.status_code == 400
    assert not RateRow.objects.exists()


def test_the_national_rates_page_offers_the_interpreting_kinds(star: User) -> None:
    client = Client()
    client.force_login(star)
    page = client.get(reverse("payments:rates")).content.decode()
    for kind in INTERPRETING_RATE_KINDS:
        assert f'value="{kind}"' in page


def test_the_zone_import_reads_the_table(tmp_path: Path) -> None:
    herning = factories.municipality("657")
    path = tmp_path / "zoner.csv"
    path.write_text("postnummer;zone\n7400;1\n7430;2\n7500;3\n", encoding="utf-8")
    call_command("interpreting_zones_import", "657", str(path))
    assert selectors.zone_of_postcode(municipality=herning) == {"7400": 1, "7430": 2, "7500": 3}


def test_the_zone_import_is_all_or_nothing(tmp_path: Path) -> None:
    herning = factories.municipality("657")
    PostcodeZone.objects.create(municipality=herning, postcode="7400", zone=1)
    path = tmp_path / "zoner.csv"
    path.write_text("postnummer;zone\n7430;2\n740;1\n7500;4\n7451;2\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("interpreting_zones_import", "657", str(path))
    text = str(error.value)
    assert "Intet er indlæst" in text
    assert "Linje 3" in text and "fire cifre" in text  # 740
    assert "Linje 4" in text and "1, 2 eller 3" in text  # zone 4
    assert "Linje 2" not in text and "Linje 5" not in text
    assert selectors.zone_of_postcode(municipality=herning) == {"7400": 1}  # untouched
