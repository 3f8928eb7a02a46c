"""Issue 10's change report journey in a real browser: the employer reports that the assistant has left; the
caseworker stops the grant with a letter; a payment request for the period after the stop is refused with a
clear reason.

The grant runs from the start of the previous quarter (the `granted_case` fixture). The assistant left on the
first day of this month, so the last day with subsidy is the last day of the month before, and a request for
this month is refused from the first of the month.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import GrantStatus, Outcome
from kompensation.followup.models import ChangeReport
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login


@pytest.fixture
def setting(
    municipalities: None, granted_case: Any, rates: None, wages: None, simplified: None
) -> dict[str, Any]:
    factories.user(Role.EMPLOYER, username="loenkontor", cvr=granted_case.employer.cvr, code=None)
    today = timezone.localdate()
    left_on = today.replace(day=1)
    return {
        "case": granted_case,
        "caseworker": granted_case.caseworker.username,
        "today": today,
        "left_on": left_on,
        "last_day": left_on - dt.timedelta(days=1),
        "month": f"M{today.year}-{today.month}",
        "assistant": granted_case.application.assistants.first().name,
    }


def test_employer_reports_the_assistant_left_and_the_grant_is_stopped(
    live_server: Any, browser: Any, setting: dict[str, Any], tmp_path: Any
) -> None:
    base, case = live_server.url, setting["case"]
    left_on, last_day = setting["left_on"], setting["last_day"]

    # The employer reports the change on its start page: the form, «Tjek og send», the receipt.
    page = login(browser, base, "loenkontor")
    page.click("[data-testid=portal-changes] a:has-text('Anmeld en ændring')")
    assert_accessible(page)
    assert page.get_by_label("Ændret funktionsnedsættelse").count() == 0  # the person's to report
    page.get_by_label("Assistenten er stoppet").check()
    page.fill("#id_occurred_on", left_on.isoformat())
    page.fill("#id_description", "Assistenten sagde op, og vi har ikke fundet en ny.")
    page.click("button:has-text('Fortsæt')")
    check = page.locator("[data-testid=check-answers]").inner_text()
    assert "Assistenten er stoppet" in check and f"{left_on:%d.%m.%Y}" in check
    assert_accessible(page)
    page.click("button:has-text('Send anmeldelsen')")
    assert "Ændringen er anmeldt" in page.locator("[data-testid=change-receipt]").inner_text()
    assert (
        "Jobcentret tager stilling til ændringen senest"
        in page.locator("[data-testid=change-status]").inner_text()
    )
    assert_accessible(page)
    report = ChangeReport.objects.get()
    assert report.kind == "assistant_left" and report.reporter == "employer"

    # The caseworker opens the report from the list, and stops the grant with the prefilled decision.
    page = login(browser, base, setting["caseworker"])
    page.goto(f"{base}/opfoelgning/aendringer/")
    assert_accessible(page)
    page.click("[data-testid=change-reports] a:has-text('Assistenten er stoppet')")
    assert "Assistenten sagde op" in page.locator("[data-testid=change-report]").inner_text()
    assert page.input_value("#id_last_day") == last_day.isoformat()  # the day before the change
    assert "forvaltningslovens § 19 stk. 1" in page.input_value("#id_hearing_note")
    assert_accessible(page)
    page.get_by_label("Stands bevillingen").check()
    page.click("button:has-text('Gem behandlingen')")
    assert "Bevillingen er standset, og afgørelsen er sendt" in page.locator("main").inner_text()
    ending = page.locator("[data-testid=ending-decision]").inner_text()
    assert f"sidste dag med bevilling {last_day:%d.%m.%Y}" in ending
    assert_accessible(page)
    grant = case.grants.get()
    assert grant.status == GrantStatus.STOPPED and grant.ended_on == last_day
    decision = case.decisions.get(outcome=Outcome.END)
    assert decision.letter.is_sent and decision.employer_letter.is_sent
    assert "Assistenten sagde op" not in decision.employer_letter.body  # the employer's: no reasons
    # The letter is on the case.
    page.click("a:has-text('" + case.reference + "')")
    assert "Ophør af bevilling" in page.locator("main").inner_text()

    # The employer asks for payment for this month, after the stop: refused, with the first day without.
    slip = tmp_path / "loenseddel.pdf"
    slip.write_bytes(factories.PDF_BYTES)
    page = login(browser, base, "loenkontor")
    page.click("nav >> text=Udbetaling")
    page.click("text=Ny anmodning om udbetaling")
    page.select_option("#id_grant", index=1)
    page.select_option("#id_period", setting["month"])
    page.click("button:has-text('Fortsæt')")
    page.fill("#id_hours_0_0", "20")
    page.set_input_files("#id_payslip_0", str(slip))
    page.click("button:has-text('Beregn beløbet')")
    refusal = page.locator(".alert-error").first.inner_text()
    assert f"Bevillingen er standset fra {left_on:%d.%m.%Y}" in refusal
    assert f"sidste dag med tilskud er {last_day:%d.%m.%Y}" in refusal
    assert_accessible(page)
    assert not grant.payment_requests.exists()
