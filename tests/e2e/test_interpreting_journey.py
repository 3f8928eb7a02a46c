"""Issue 9's first Done-when line in a real browser: the agency submits an invoice in the portal; the user
confirms the sessions on a phone-sized screen; the payment officer approves it in one step; the payout is
in the batch file with the computed amount. Amounts by hand from BEK nr. 1317 § 24 (650 kr./h, zone 2
650 kr. once per interpreter and day on site)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kompensation.accounts.models import Role, User
from kompensation.payments.models import PaymentRequest, RequestStatus
from tests import factories, interpreting
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def setting(municipalities: None, investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency("Tegnsprogstolkene ApS")
    User.objects.filter(pk=agency_user.pk).update(username="tolkebureau")
    anne = interpreting.interpreter(agency, "Anne Holm")
    grant = interpreting.interpreting_case(investigated_case, herning_caseworker, [agency])
    interpreting.zones(grant.case)  # 7430 is zone 2
    interpreting.sign_all(grant, agency, [anne])
    citizen = interpreting.party_user(grant, "user", agency)
    User.objects.filter(pk=citizen.pk).update(username="tolkebruger")
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    User.objects.filter(pk=officer.pk).update(username="hanne")
    return {"grant": grant, "agency": agency, "anne": anne}


def _agency_submits(browser: Any, base: str, setting: dict[str, Any], day: Any) -> None:
    page = login(browser, base, "tolkebureau")
    page.click("a:has-text('Send en faktura')")
    page.check(f"input[name=grant][value='{setting['grant'].pk}']")
    page.click("button:has-text('Gem og fortsæt')")
    page.fill("#id_period_start", day.replace(day=1).isoformat())
    page.fill("#id_period_end", day.isoformat())
    page.fill("#id_invoice_number", "F-2026-117")
    page.click("button:has-text('Gem og fortsæt')")
    number = setting["anne"].number
    page.fill("#id_l0-date", day.isoformat())
    page.fill("#id_l0-start", "09:00")
    page.fill("#id_l0-end", "10:00")
    page.select_option("#id_l0-interpreter", number)
    page.select_option("#id_l0-remote", "yes")
    page.fill("#id_l0-claimed", "650,00")
    page.click("button:has-text('Tilføj linje')")
    page.fill("#id_l1-date", day.isoformat())
    page.fill("#id_l1-start", "13:00")
    page.fill("#id_l1-end", "14:20")
    page.select_option("#id_l1-interpreter", number)
    page.fill("#id_l1-postcode", "7430")
    page.fill("#id_l1-claimed", "1.625,00")
    page.click("button.button-primary:has-text('Gem og fortsæt')")
    # Remote 09–10: 1 h × 650 = 650,00. On site 13:00–14:20 in zone 2: 1,5 h × 650 + 650 = 1.625,00.
    assert page.locator("[data-testid=computed-total]").inner_text() == "2.275,00 kr."
    page.click("button:has-text('Send fakturaen')")
    assert "Fakturaen er modtaget" in page.locator("main").inner_text()
    page.context.close()


def _user_confirms_on_a_phone(browser: Any, base: str) -> None:
    context = browser.new_context(locale="da-DK", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/log-ind/")
    page.fill("#id_username", "tolkebruger")
    page.fill("#id_password", factories.PASSWORD)
    page.click("button:has-text('Log ind')")
    page.goto(f"{base}{reverse('portal:attestations')}")
    page.click("a:has-text('Svar på sessionerne')")
    sessions = page.locator("[data-testid=session]")
    assert sessions.count() == 2
    assert "fjerntolkning" in sessions.nth(0).inner_text().lower()
    for index in range(2):
        sessions.nth(index).locator("label:has-text('Ja')").click()
    # Nothing sticks out sideways on a 390 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.click("[data-testid=confirm]")
    assert "Dit svar er sendt til kommunen" in page.locator("main").inner_text()
    context.close()


def test_invoice_attested_on_a_phone_approved_in_one_step_and_paid(
    live_server: Any, browser: Any, setting: dict[str, Any]
) -> None:
    day = interpreting.a_weekday()
    _agency_submits(browser, live_server.url, setting, day)
    invoice = PaymentRequest.objects.get(invoice_number="F-2026-117")
    _user_confirms_on_a_phone(browser, live_server.url)

    page = login(browser, live_server.url, "hanne")
    page.goto(f"{live_server.url}{reverse('payments:invoice', args=[invoice.pk])}")
    assert_accessible(page)
    assert page.locator("[data-testid=open-controls]").count() == 0  # clean: nothing to explain
    page.click("button:has-text('Godkend 2.275,00 kr.')")
    invoice.refresh_from_db()
    assert invoice.status == RequestStatus.APPROVED and invoice.approved_total == 2275
    page.click("nav >> text=Udbetalingsfiler")
    page.click("button:has-text('Dan udbetalingsfil')")
    with page.expect_download() as info:
        page.click("a:has-text('udbetaling-')")
    content = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    row = next(line for line in content.splitlines() if invoice.reference in line)
    assert f"{setting['agency'].cvr};2275.00;" in row
    # The last column, the CPR of a person payee (BPA, § 95), is empty for an agency paid by CVR.
    assert row.endswith(";interpreting;Tegnsprogstolkene ApS;")
