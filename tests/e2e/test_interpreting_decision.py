"""An interpreting grant decided in a real browser: the caseworker chooses «Tolkning», is told what is
missing beside each field, completes type, agency and the person's approval (BEK § 12 stk. 4–6), sends the
decision, and the case page shows the grant's terms and the declarations still to be signed (BEK § 25)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kompensation.cases import services
from kompensation.payments.models import Agency
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login


def test_an_interpreting_grant_from_form_to_declarations_panel(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    today = timezone.localdate()
    end = today + dt.timedelta(days=364)
    cpr = factories.register_person(first_name="Sofie", last_name="Lund")
    cvr = factories.register_company(name="Herning Revision ApS")
    caseworker = factories.user("caseworker", username="mette", code="657")
    case = services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(
            cpr=cpr, cvr=cvr, hours_sought=Decimal("7"), period_from=today, period_to=end
        ),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    services.case_record_active_step(case=case, user=caseworker, kind="workplace_visit", on=today)
    factories.investigate(case, caseworker)
    Agency.objects.create(cvr=factories.new_cvr(), name="Tegnsprogstolkene ApS")

    page = login(browser, live_server.url, "mette")
    page.goto(f"{live_server.url}/sager/{case.pk}/afgoerelse/")
    assert_accessible(page)
    page.check("#id_outcome_0")
    page.check("#id_grant_kind_1")  # Tolkning
    page.fill("#id_hours_per_week", "7")
    page.fill("#id_start_date", today.isoformat())
    page.check("#id_period_type_0")
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_period_reason", "Behovet vurderes igen efter et år.")
    page.fill("#id_reasons", "Sofie har brug for tegnsprogstolkning ved møder.")
    page.click("button:has-text('Gem og se brevet')")
    summary = page.locator("#error-summary").inner_text()
    assert "Vælg tegnsprogstolkning, taktil tolkning eller skrivetolkning." in summary
    assert "Vælg mindst ét tolkebureau." in summary
    assert "godkendte valget af tolkebureau" in summary
    assert "assistent" not in summary
    assert_accessible(page)

    page.check("#id_interpreting_type_0")
    page.check("#id_agencies_0")
    page.fill("#id_agency_choice_approved_on", today.isoformat())
    page.click("button:has-text('Gem og se brevet')")
    assert "Bevilling af tolkning" in page.locator("h1").inner_text()
    # Sending (and its PDF) is covered by the partial-grant journey; here the service sends the draft.
    services.decision_send(decision=case.decisions.get(), user=caseworker)

    page.goto(f"{live_server.url}/sager/{case.pk}/")
    terms = page.locator("[data-testid=grant-terms]").inner_text()
    assert "Tegnsprogstolkning" in terms and "Tegnsprogstolkene ApS" in terms
    panel = page.locator("[data-testid=declarations-panel]").inner_text()
    assert "3 mangler" in panel  # the user, the employer and the agency; no interpreter has invoiced yet
    assert_accessible(page)
