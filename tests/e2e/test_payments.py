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
    page.check("#id_need_unchanged_0")  # «Ja, behovet er uændret»
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


def test_officer_approves_a_failed_control_only_after_giving_a_reason(
    live_server: Any, browser: Any, setting: dict[str, Any], tmp_path: Any
) -> None:
    employer_requests(browser, live_server.url, setting, "150", tmp_path)
    page = login(browser, live_server.url, "hanne")
    assert "1 fejl" in page.locator("[data-testid=queue]").inner_text()
    assert page.locator("button:has-text('Godkend UDB-')").count() == 0  # no one-click approve
    page.click("a:has-text('Behandl')")
    hours = page.locator("[data-control=hours]").inner_text()
    assert "Timer inden for bevillingens gennemsnit" in hours and "Fejl" in hours
    # 7 h/week over the previous quarter; 150 requested, the excess already deducted by the system.
    assert "t over gennemsnittet er trukket fra: −" in hours
    assert "træk ikke fradraget fra igen" in hours
    assert page.locator("iframe.k-payslip-frame").count() == 1  # the payslip, in the page
    assert_accessible(page)
    page.fill("#id_new_total", "8.000,00")
    page.fill("#id_reason", "Lønsedlen viser færre timer end anmodet.")
    page.click("button:has-text('Ret beløbet')")
    assert "8.000,00 kr." in page.locator("[data-testid=total]").inner_text()

    page.click("button:has-text('Godkend 8.000,00 kr.')")  # without a reason: refused, nothing approved
    summary = page.locator(".alert-error").first.inner_text()
    assert (
        "Skriv hvorfor du godkender, selv om kontrollen «Timer inden for bevillingens gennemsnit»" in summary
    )
    assert "Modtaget" in page.locator("main").inner_text()
    assert_accessible(page)
    page.fill(
        "#id_override_reason", "Timerne over gennemsnittet er trukket fra; resten passer med lønsedlen."
    )
    page.click("button:has-text('Godkend 8.000,00 kr.')")
    assert "godkendt" in page.locator("main").inner_text()

    page = login(browser, live_server.url, "loenkontor")
    page.click("nav >> text=Udbetaling")
    page.click("[data-testid=employer-requests] a")
    corrections = page.locator("[data-testid=corrections]").inner_text()
    assert "8.000,00 kr." in corrections and "færre timer" in corrections
    assert page.locator("[data-testid=status]").inner_text() == "Godkendt"


def test_employer_cannot_choose_a_period_already_requested(
    live_server: Any, browser: Any, setting: dict[str, Any], tmp_path: Any
) -> None:
    employer_requests(browser, live_server.url, setting, "60", tmp_path)
    page = login(browser, live_server.url, "loenkontor")
    page.click("nav >> text=Udbetaling")
    page.click("text=Ny anmodning om udbetaling")
    option = page.locator(f"#id_period option[value='{setting['period']}']")
    assert option.is_disabled()
    assert "allerede anmodet (UDB-" in option.inner_text()
    year, quarter = setting["period"][1:].split("-")
    assert option.inner_text().startswith(f"{quarter}. kvartal {year}")
    assert_accessible(page)
    # Sent anyway (an old bookmark, another tab): caught at the first step, before any hours are typed.
    page.goto(
        f"{live_server.url}/udbetaling/virksomhed/ny/?grant={setting['case'].grants.get().pk}"
        f"&period={setting['period']}"
    )
    assert "Der er allerede anmodet om udbetaling for" in page.locator(".alert-error").first.inner_text()
    assert page.locator("#id_hours_0_0").count() == 0
