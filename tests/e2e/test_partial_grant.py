"""A partial grant by hours, in a real browser: fewer hours than sought cannot pass as a grant.

The caseworker first tries «Bevilling» with 9 of the 10 hours sought and is told it is a partial grant; then
«Delvis bevilling» without a hearing and is told to hear the person first; she hears, records the answer,
decides, and the person's letter (PDF) says what was sought, what is granted and why.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from kompensation.cases import services
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login
from tests.factories import long_date

REASON = "dialogskemaet viser et behov på 9 timer om ugen; posten klarer du selv med en skanner."


def _case_ready_for_decision(today: dt.date, end: dt.date) -> Any:
    cpr = factories.register_person(first_name="Jonas", last_name="Mølgaard")
    cvr = factories.register_company(name="Herning Tegnestue ApS")
    factories.user("citizen", username="jonas", cpr=cpr, code=None)
    caseworker = factories.user("caseworker", username="mette", code="657")
    case = services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(
            cpr=cpr, cvr=cvr, hours_sought=Decimal("10"), period_from=today, period_to=end
        ),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    services.case_record_active_step(case=case, user=caseworker, kind="workplace_visit", on=today)
    services.investigation_save(
        case=case,
        user=caseworker,
        data={
            "working_hours": Decimal("37"),
            "impairment_type": "physical",
            "compatibility_assessment": "Jonas tegner selv; det er jobbets kerne.",
            "aids_considered": "Skanner til posten.",
            "tier": "standard",
        },
    )
    services.dialog_form_save(
        case=case,
        user=caseworker,
        rows=[
            {"task": "Oplæsning", "minutes_per_week": 540, "ability": "cannot", "assistant_does": "Læser op"},
            {"task": "Tegning", "minutes_per_week": 1200, "ability": "alone", "assistant_does": ""},
        ],
    )
    return case


def _fill_decision(page: Any, outcome: str, today: dt.date, end: dt.date) -> None:
    page.check(outcome)
    page.fill("#id_hours_per_week", "9")
    page.fill("#id_start_date", today.isoformat())
    page.check("#id_period_type_0")  # time-limited
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_period_reason", "Behovet vurderes igen efter et år.")
    page.fill("#id_reasons", "Oplæsning af tegninger og bilag kræver 9 timer om ugen.")


def test_fewer_hours_than_sought_is_a_partial_grant_with_hearing_and_reason(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    today = timezone.localdate()
    end = today + dt.timedelta(days=364)
    case = _case_ready_for_decision(today, end)

    page = login(browser, live_server.url, "mette")
    page.goto(f"{live_server.url}/sager/{case.pk}/afgoerelse/")
    assert_accessible(page)

    # «Bevilling» with 9 of the 10 hours sought is refused: it is a partial grant.
    _fill_decision(page, "#id_outcome_0", today, end)
    page.click("button:has-text('Gem og se brevet')")
    summary = page.locator("#error-summary").inner_text()
    assert "«Delvis bevilling»" in summary and "søgt: 10 timer" in summary and "bevilget: 9 timer" in summary
    assert_accessible(page)

    # «Delvis bevilling» without a hearing is refused too: hear the person first (FVL § 19).
    page.check("#id_outcome_1")
    page.fill("#id_partial_reason", REASON)
    page.click("button:has-text('Gem og se brevet')")
    assert "partshøring" in page.locator("#error-summary").inner_text()

    page.goto(f"{live_server.url}/sager/{case.pk}/")
    page.click("a:has-text('Send partshøring')")
    page.fill("#id_facts", "Dialogskemaet viser et behov på 9 timer om ugen, ikke de søgte 10.")
    page.click("button:has-text('Send partshøring')")
    page.click("text=Registrér svar")
    page.fill("#id_response", "Jeg har ingen bemærkninger.")
    page.click("button:has-text('Registrér svaret')")

    page.click("a:has-text('Træf afgørelse')")
    _fill_decision(page, "#id_outcome_1", today, end)
    page.fill("#id_partial_reason", REASON)
    page.click("button:has-text('Gem og se brevet')")
    assert "Delvis bevilling" in page.locator("h1").inner_text()
    page.click("button:has-text('Gem og gå til afsendelse')")
    assert "Du er ved at sende afgørelsen" in page.locator("[data-testid=about-to-send]").inner_text()
    page.click("button:has-text('Send afgørelsen')")
    assert "Afgørelsen er sendt" in page.locator("main").inner_text()

    # The person's letter: sought 10, granted 9, and why.
    page = login(browser, live_server.url, "jonas")
    with page.expect_download() as info:
        page.click("a:has-text('Delvis bevilling')")
    with open(info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    period = f"fra den {long_date(today)} til og med den {long_date(end)}"
    assert (
        f"Du søgte om 10 timer om ugen {period}. Du får bevilget 9 timer om ugen {period}, fordi {REASON}"
    ) in text
    assert "Vi partshørte dig" in text and "Det, du ikke får bevilget, er et afslag" in text
