"""The interpreting agency in a real browser sends the example OIOUBL file from docs/ and gets the receipt
with claimed next to computed; then a malformed file, and sees the error summary. Amounts by hand in
tests/portal/test_oioubl_upload.py (BEK nr. 1317 § 24): claimed 6.908,00, computed 6.583,00."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kompensation.accounts.models import User
from kompensation.payments.models import PaymentRequest
from tests import interpreting
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login
from tests.portal.test_oioubl_upload import example


@pytest.fixture
def setting(municipalities: None, investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency()
    User.objects.filter(pk=agency_user.pk).update(username="tolkebureau")
    interpreting.interpreter(agency, "Anne Holm", number="TK-4711")
    interpreting.interpreter(agency, "Bo Berg", number="TK-4712")
    grant = interpreting.interpreting_case(
        investigated_case, herning_caseworker, [agency], start=dt.date(2026, 9, 1)
    )
    interpreting.zones(grant.case)  # 7400 → zone 1, 8000 → zone 3
    return {"grant": grant, "agency": agency}


def _file(content: bytes) -> dict[str, Any]:
    return {"name": "faktura.xml", "mimeType": "application/xml", "buffer": content}


def test_agency_uploads_the_example_then_a_malformed_file(
    live_server: Any, browser: Any, setting: dict[str, Any]
) -> None:
    page = login(browser, live_server.url, "tolkebureau")
    page.click("a:has-text('Send OIOUBL-fil')")
    assert page.locator("h1").inner_text() == "Send faktura som OIOUBL-fil"
    assert_accessible(page)
    page.set_input_files("#id_file", _file(example(setting)))
    page.click("button:has-text('Send fakturaen')")
    assert "Fakturaen er modtaget" in page.locator("main").inner_text()
    assert page.locator("[data-testid=invoice-number]").inner_text() == "TT-2026-1042"
    assert page.locator("[data-testid=claimed-total]").inner_text() == "6.908,00 kr."
    assert page.locator("[data-testid=computed-total]").inner_text() == "6.583,00 kr."
    assert_accessible(page)

    page.click("a:has-text('Gå til Mine sider')")
    page.click("a:has-text('Send OIOUBL-fil')")
    page.set_input_files("#id_file", _file(b'<Invoice xmlns="urn:x"><cbc:ID>1</Invoice>'))
    page.click("button:has-text('Send fakturaen')")
    summary = page.locator("#error-summary")
    assert "Der er et problem" in summary.inner_text()
    assert "Filen er ikke gyldig XML (linje 1" in summary.inner_text()
    assert_accessible(page)
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 1
