"""Payments in a real browser: the employer requests, the payment officer settles, the employer sees it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kompensation.accounts.models import Role
from kompensation.rules import payments as rules
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login


@pytest.fixture
def setting(
    municipalities: None, granted_case: Any, rates: None, wages: None, simplified: None
) -> dict[str, Any]:
    factories.user(Role.EMPLOYER, username="loenkontor", cvr=granted_case.employer.cvr, code=None)
    factories.user(Role.PAYMENT_OFFICER, username="hanne", code="657")
    year, quarter = rules.quarter_of(factories.previous_quarter()[0])
    return {
        "case": granted_case,
        "period": f"Q{year}-{quarter}",
        "assistant": granted_case.application.assistants.first().name,
    }


def employer_requests(browser: Any, base: str, setting: dict[str, Any], hours: str, tmp_path: Any) -> Any:
    slip = tmp_path / "loenseddel.pdf"
    slip.write_bytes(factories.PDF_BYTES)
    page = login(browser, base, "loenkontor")
    page.click("nav >> text=Udbetaling")
    page.click("text=Ny anmodning om udbetaling")
    page.select_option("#id_grant", index=1)
    page.select_option("#id_period", setting["period"])
    page.click("button:has-text('Fortsæt')")
    assert_accessible(page)
    page.fill("#id_hours_0_0", hours)
    page.set_input_files("#id_payslip_0", str(slip))
    page.click("button:has-text('Beregn beløbet')")
    assert_accessible(page)
    total = page.locator("[data-testid=requested-total]").inner_text()
    page.check("#id_declaration")
    page.click("button:has-text('Skriv under og send')")
    assert page.locator("[data-testid=status]").inner_text() == "Modtaget"
    return total


def test_clean_simplified_request_is_paid_in_one_step(
    live_server: Any, browser: Any, setting: dict[str, Any], tmp_path: Any
) -> None:
    total = employer_requests(browser, live_server.url, setting, "60", tmp_path)
    wage = rules.round_ore(Decimal(60) * Decimal("127.86"))
    expected = wage + rules.round_ore(wage * Decimal("0.25"))
    assert total == f"{expected:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") + " kr."

    page = login(browser, live_server.url, "hanne")
    assert "Alle godkendt" in page.locator("[data-testid=queue]").inner_text()
    assert_accessible(page)
    page.click("button:has-text('Godkend UDB-')")
    assert "godkendt" in page.locator("main").inner_text()
    page.click("nav >> text=Udbetalingsfiler")
    page.click("button:has-text('Dan udbetalingsfil')")
    assert_accessible(page)
    with page.expect_download() as info:
        page.click("a:has-text('udbetaling-')")
    content = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert f";{expected:.2f};" in content and setting["case"].employer.cvr in content

    page = login(browser, live_server.url, "loenkontor")
    page.click("nav >> text=Udbetaling")
    assert "Udbetalt" in page.locator("[data-testid=employer-requests]").inner_text()


def test_hours_above_average_are_corrected_with_a_reason(
    live_server: Any, browser: Any, setting: dict[str, Any], tmp_path: Any
) -> None:
    employer_requests(browser, live_server.url, setting, "150", tmp_path)
    page = login(browser, live_server.url, "hanne")
    page.click("a:has-text('Behandl')")
    first = page.locator("[data-testid=controls] tbody tr").first.inner_text()
    assert "Timer inden for bevillingens gennemsnit" in first and "Fejl" in first
    assert_accessible(page)
    page.fill("#id_new_total", "8.000,00")
    page.fill("#id_reason", "Timer ud over bevillingens gennemsnit betales ikke.")
    page.click("button:has-text('Ret beløbet')")
    assert "8.000,00 kr." in page.locator("[data-testid=total]").inner_text()
    page.click("button:has-text('Godkend 8.000,00 kr.')")

    page = login(browser, live_server.url, "loenkontor")
    page.click("nav >> text=Udbetaling")
    page.click("[data-testid=employer-requests] a")
    corrections = page.locator("[data-testid=corrections]").inner_text()
    assert "8.000,00 kr." in corrections and "betales ikke" in corrections
    assert page.locator("[data-testid=status]").inner_text() == "Godkendt"
