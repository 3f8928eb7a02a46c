"""The interpreting agency in a real browser: logs in, fills a two-line invoice, sees claimed versus
computed, sends it and gets the receipt. Amounts by hand from BEK nr. 1317 § 24 (tests/interpreting.py)."""

from __future__ import annotations

from typing import Any

import pytest

from kompensation.accounts.models import User
from tests import interpreting
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login


@pytest.fixture
def setting(municipalities: None, investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency()
    User.objects.filter(pk=agency_user.pk).update(username="tolkebureau")
    anne = interpreting.interpreter(agency, "Anne Holm")
    grant = interpreting.interpreting_case(investigated_case, herning_caseworker, [agency])
    interpreting.zones(grant.case)  # 7430 is zone 2
    return {"grant": grant, "anne": anne}


def test_agency_sends_a_two_line_invoice(live_server: Any, browser: Any, setting: dict[str, Any]) -> None:
    day = interpreting.a_weekday()
    page = login(browser, live_server.url, "tolkebureau")
    assert_accessible(page)
    page.click("a:has-text('Send en faktura')")
    page.check(f"input[name=grant][value='{setting['grant'].pk}']")
    page.click("button:has-text('Gem og fortsæt')")
    page.fill("#id_period_start", day.replace(day=1).isoformat())
    page.fill("#id_period_end", day.isoformat())
    page.fill("#id_invoice_number", "F-E2E-1")
    page.click("button:has-text('Gem og fortsæt')")
    assert_accessible(page)
    number = setting["anne"].number
    page.fill("#id_l0-date", day.isoformat())
    page.fill("#id_l0-start", "09:00")
    page.fill("#id_l0-end", "10:20")
    page.select_option("#id_l0-interpreter", number)
    page.fill("#id_l0-postcode", "7430")
    page.fill("#id_l0-claimed", "1.625,00")
    page.click("button:has-text('Tilføj linje')")
    page.fill("#id_l1-date", day.isoformat())
    page.fill("#id_l1-start", "13:00")
    page.fill("#id_l1-end", "14:00")
    page.select_option("#id_l1-interpreter", number)
    page.select_option("#id_l1-remote", "yes")
    page.fill("#id_l1-claimed", "700,00")
    page.click("button.button-primary:has-text('Gem og fortsæt')")
    assert_accessible(page)
    computed = page.locator("[data-testid=computed]").all_inner_texts()
    # 09:00–10:20 on site, zone 2: 1,5 h × 650 + 650 = 1.625,00; remote 13–14: 1 h × 650 = 650,00.
    assert computed == ["1.625,00 kr.", "650,00 kr."]
    assert page.locator("[data-testid=claimed-total]").inner_text() == "2.325,00 kr."
    assert page.locator("[data-testid=computed-total]").inner_text() == "2.275,00 kr."
    page.click("button:has-text('Send fakturaen')")
    assert "Fakturaen er modtaget" in page.locator("main").inner_text()
    assert page.locator("[data-testid=reference]").inner_text().startswith("UDB-")
    assert page.locator("[data-testid=invoice-number]").inner_text() == "F-E2E-1"
    assert_accessible(page)
