"""The citizen in a real browser: every answer with its «Ret», the receipt with the reference and real
dates, «Min sag» with status, letters and deadlines, and the hearing answered online.

The calendar is pinned (the live server runs in this process), so the dates promised are worked out by
hand below: Monday 2 March 2026 and Monday 9 March 2026 (Easter 2026 is 5 April)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

from kompensation.cases import services
from kompensation.cases.models import Application, CaseEvent, EventType
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login, save_and_continue


def _pinned(day: dt.date) -> Any:
    """`timezone.now` at noon on `day`, Danish time. Patching `now` rather than `localdate` keeps the pin
    out of forms whose `initial=timezone.localdate` captures the function when first imported (the
    URLconf loads on this test's first request): a captured mock would pin later tests' dates too."""
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    return mock.patch("django.utils.timezone.now", return_value=noon.astimezone(dt.UTC))


def test_citizen_checks_answers_gets_a_receipt_follows_her_case_and_answers_the_hearing(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    base = live_server.url
    cpr = factories.register_person(first_name="Karen", last_name="Bøgh")
    cvr = factories.register_company(name="Herning Revision ApS")
    factories.user("citizen", username="karen", cpr=cpr, code=None)
    employer = factories.user("employer", username="revision", cvr=cvr, code=None)
    caseworker = factories.user("caseworker", username="mette", code="657")

    with _pinned(dt.date(2026, 3, 2)):
        page = login(browser, base, "karen")
        page.click("button:has-text('Søg om personlig assistance')")
        page.fill("#id_job_title", "Bogholder")
        page.fill("#id_phone", "12345678")
        save_and_continue(page)
        page.fill("#id_employer_cvr", cvr)
        page.check("#id_employment_type_0")
        page.select_option("#id_employment_form", "ordinary")
        save_and_continue(page)
        page.fill("#id_impairment_description", "Stærkt nedsat syn; kan ikke læse papirbilag.")
        save_and_continue(page)
        page.fill("#id_tasks_description", "Oplæsning af bilag og post.")
        page.fill("#id_hours_sought", "10")
        page.fill("#id_hours_without_assistance", "27")
        page.fill("#id_period_from", "2026-04-01")
        page.fill("#id_period_to", "2027-03-31")
        save_and_continue(page)
        page.check("#id_assistant-0-kind_1")
        page.fill("#id_assistant-0-name", "Oplæsning & Co ApS")
        page.check("#id_assistant_approved")
        save_and_continue(page)

        # Every answer, each with its «Ret».
        answers = page.locator("[data-testid=answers]")
        text = answers.inner_text()
        for answer in (
            "Bogholder",
            "12345678",
            "Herning Revision ApS",
            "Stærkt nedsat syn",
            "Oplæsning af bilag og post.",
            "10 timer pr. uge",
            "27 timer pr. uge",
            "01.04.2026 – 31.03.2027",
            "Oplæsning & Co ApS",
        ):
            assert answer in text, answer
        rows = answers.locator(".k-summary-row")
        editable = [r for r in rows.all() if r.locator("a:has-text('Ret')").count()]
        assert len(editable) == 15  # every answer she gave; name, CPR and address come from the register
        assert_accessible(page)

        # «Ret» on the job title goes to the first step and back to the check page.
        page.click("a:has-text('Ret stilling')")
        assert re.search(r"/trin/om-dig/\?tilbage=tjek$", page.url)
        assert page.locator("#id_job_title").input_value() == "Bogholder"
        page.fill("#id_job_title", "Regnskabschef")
        page.click("button:has-text('Gem og gå tilbage til Tjek dine svar')")
        assert page.url.endswith("/trin/tjek/")
        assert "Regnskabschef" in page.locator("[data-testid=answers]").inner_text()
        # And on the hours: the tasks step, back again.
        page.click("a:has-text('Ret timer med assistance')")
        assert re.search(r"/trin/opgaver/\?tilbage=tjek$", page.url)
        page.fill("#id_hours_sought", "9,5")
        page.click("button:has-text('Gem og gå tilbage til Tjek dine svar')")
        assert "9,5 timer pr. uge" in page.locator("[data-testid=answers]").inner_text()

        page.check("#id_declaration")
        page.click("button:has-text('Send til virksomheden')")
        assert "/kvittering/" in page.url
        main = page.locator("main").inner_text()
        application = Application.objects.get(person__cpr=cpr)
        assert (
            page.locator("[data-testid=reference]").inner_text()
            == f"ANS-{application.created_at:%Y}-{application.pk:06d}"
        )
        assert "Din ansøgning er sendt til Herning Revision ApS" in main
        assert "Herning Revision ApS skriver under" in main
        # 02.03.2026 + 4 weeks = 30.03.2026, a Monday and no holiday.
        assert page.locator("[data-testid=decision-target]").inner_text() == "30.03.2026"
        assert_accessible(page)

    # The employer signs a week later and gets its own receipt, without Karen's health.
    with _pinned(dt.date(2026, 3, 9)):
        page = login(browser, base, "revision")
        page.click("text=Udfyld og underskriv")
        page.fill("#id_employer_contact_name", "Jens Revisor")
        page.select_option("#id_employer_contact_role", "owner")
        page.fill("#id_working_hours", "37")
        page.fill("#id_employment_start", "2018-08-01")
        page.set_input_files(
            "#id_contract",
            files=[{"name": "kontrakt.pdf", "mimeType": "application/pdf", "buffer": factories.PDF_BYTES}],
        )
        page.check("#id_declaration")
        page.click("button:has-text('Underskriv og send til jobcentret')")
        assert "/kvittering/" in page.url
        application.refresh_from_db()
        case = application.case
        assert page.locator("[data-testid=reference]").inner_text() == case.reference
        # 09.03.2026 + 4 weeks = 06.04.2026, 2. påskedag. The target binds the municipality, so it moves back
        # to the last working day: 05.04 Easter Sunday, 04.04 Saturday, 03.04 Good Friday, 02.04 Maundy
        # Thursday → Wednesday 01.04.2026.
        assert page.locator("[data-testid=decision-target]").inner_text() == "01.04.2026"
        assert "Stærkt nedsat syn" not in page.locator("main").inner_text()
        assert_accessible(page)

    # The caseworker hears Karen on Monday 16.03.2026: 14 days to answer, i.e. 30.03.2026.
    with _pinned(dt.date(2026, 3, 16)):
        services.case_record_active_step(
            case=case, user=caseworker, kind="workplace_visit", on=dt.date(2026, 3, 12)
        )
        services.journal_note_add(case=case, user=caseworker, text="Intern vurdering: chefen er skeptisk.")
        services.hearing_send(
            case=case, user=caseworker, facts="Dialogskemaet viser et behov på 7 timer om ugen."
        )

    # Karen opens «Min sag» on Friday 20.03.2026.
    with _pinned(dt.date(2026, 3, 20)):
        page = login(browser, base, "karen")
        page.click(f"a:has-text('Min sag {case.reference}')")
        main = page.locator("main").inner_text()
        assert "Jobcentret venter på dit svar" in page.locator("[data-testid=status]").inner_text()
        deadlines = page.locator("[data-testid=deadlines]").inner_text()
        assert (
            "Dit svar på partshøringen" in deadlines
            and "30.03.2026" in deadlines
            and "10 dage tilbage" in deadlines
        )
        assert "Forventet afgørelse" in deadlines and "01.04.2026" in deadlines
        assert f"Partshøring – sag {case.reference}" in page.locator("h2:has-text('Breve') + *").inner_text()
        timeline = page.locator("[data-testid=timeline]").inner_text()
        assert "Jobcentret modtog din ansøgning." in timeline
        assert "Virksomhedsbesøg (12.03.2026)." in timeline
        assert "Svarfrist: 30.03.2026" in timeline
        assert "Intern" not in main
        assert_accessible(page)

        page.fill("#id_response", "Posten tager mig mere tid end skemaet viser.")
        page.click("button:has-text('Send dit svar')")
        assert "Tak for dit svar. Jobcentret modtog det 20.03.2026" in page.locator("main").inner_text()
        assert "Jobcentret undersøger din sag" in page.locator("[data-testid=status]").inner_text()
        assert (
            "Jobcentret modtog dit svar på partshøringen."
            in page.locator("[data-testid=timeline]").inner_text()
        )
        assert "Send dit svar" not in page.locator("main").inner_text()
        assert_accessible(page)

    hearing = case.hearings.get()
    assert hearing.response == "Posten tager mig mere tid end skemaet viser."
    assert hearing.response_received_on == dt.date(2026, 3, 20)
    event = CaseEvent.objects.get(case=case, type=EventType.HEARING_RESPONSE)
    assert event.payload["channel"] == "portal"

    # The caseworker sees the answer on the case; the employer's pages never show it.
    page = login(browser, base, "mette")
    page.goto(f"{base}/sager/{case.pk}/")
    assert "Posten tager mig mere tid" in page.locator("[data-testid=hearing-response]").inner_text()
    page = login(browser, base, employer.username)
    assert "Posten tager mig mere tid" not in page.locator("main").inner_text()
    assert page.goto(f"{base}/portal/sager/{case.pk}/").status == 404
