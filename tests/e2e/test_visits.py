"""Inspection visits in a real browser, without a line of our own JavaScript: the caseworker finds the
company, plans an unannounced visit about one of its grants, records it as held; the manager's overview
shows the follow-up figures; the company's own login cannot open the visit. Every page passes axe."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.followup.models import InspectionVisit, VisitStatus
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login
from tests.followup.visits_world import grant


def test_plan_and_record_an_unannounced_visit(live_server: Any, browser: Any, municipalities: None) -> None:
    base = live_server.url
    caseworker = factories.caseworker("657")
    cvr = factories.register_company(name="Besøgsfirma ApS")
    anne = grant(caseworker, cvr, first_name="Annemarie")
    grant(caseworker, cvr, first_name="Bodil")
    today = timezone.localdate()

    page = login(browser, base, caseworker.username)
    page.goto(f"{base}/opfoelgning/tilsyn/")
    assert_accessible(page)
    page.click("text=Planlæg et tilsynsbesøg")
    page.fill("#id_q", "besøgs")
    page.click("button:has-text('Find virksomheden')")
    assert_accessible(page)
    page.click("a:has-text('Besøgsfirma ApS')")
    page.click("button:has-text('Planlæg besøget')")  # nothing ticked, no date, no purpose
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)
    page.check(f"input[name=grants][value='{anne.pk}']")
    page.check("input[name=announced][value=no]")
    page.fill("#id_planned_on", today.isoformat())
    page.fill("#id_purpose", "Er assistenten til stede i de anmeldte timer?")
    page.click("button:has-text('Planlæg besøget')")
    page.wait_for_selector("text=Det uanmeldte tilsynsbesøg hos Besøgsfirma ApS er planlagt.")
    assert_accessible(page)
    visit = InspectionVisit.objects.get()
    assert list(visit.grants.all()) == [anne] and visit.announced is False

    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_visitors", "Mette Kjær")
    page.fill("#id_met", "Lederen og Annemarie")
    page.fill("#id_findings", "Assistenten var til stede og læste bilag op.")
    page.fill("#id_documents_seen", "Timesedler for oktober")
    page.click("button:has-text('Registrér besøget som holdt')")
    page.wait_for_selector("text=Besøget er registreret som holdt.")
    assert page.locator("[data-testid=visit-status]").inner_text() == "Gennemført"
    assert_accessible(page)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD and visit.held_on == today

    manager = factories.user(Role.MANAGER, code="657")
    page = login(browser, base, manager.username)
    page.goto(f"{base}/sager/overblik/")
    assert page.locator("[data-testid=first-reassessments-audit]").inner_text().startswith("90 %")
    assert_accessible(page)
    page.goto(f"{base}/opfoelgning/tilsyn/{visit.pk}/")
    assert "Registrér besøget" not in page.content()

    company = factories.employer_user(cvr)
    page = login(browser, base, company.username)
    response = page.goto(f"{base}/opfoelgning/tilsyn/{visit.pk}/")
    assert response is not None and response.status == 404
