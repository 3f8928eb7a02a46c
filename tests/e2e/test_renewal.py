"""Renewal of a time-limited grant in a real browser: the nightly job sends the 8-week reminder; five weeks
before the end the person sees it on Mine sider, starts the renewal, finds the form filled in from the old
application, picks a new end date and sends it to the employer.

The calendar is a stand-in clock (the live server runs in this process), so every date is fixed and worked
out by hand:

- 20.01.2026 (Tuesday): a 7-hour grant from 22.01.2026 to Thursday 21.01.2027.
- 26.11.2026 (Thursday): 8 weeks before the end; the nightly job sends the first reminder.
- 17.12.2026 (Thursday): 5 weeks before the end; the person applies. The deadline is 4 weeks before the end,
  Thursday 24.12.2026 — juleaftensdag, closed, then 25.–26.12 (juledage) and Sunday 27.12 — so Monday
  28.12.2026. The renewal starts the day after the end: 22.01.2027.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.management import call_command

from kompensation.cases import services
from kompensation.cases.models import Application, ApplicationStatus, DocumentType
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_complaint_journey import stand_in_clock
from tests.e2e.test_pa_journey import login, save_and_continue


def test_the_person_is_reminded_and_applies_to_renew_with_the_form_filled_in(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    base = live_server.url
    cpr = factories.register_person(first_name="Karen", last_name="Bøgh")
    cvr = factories.register_company(name="Herning Revision ApS")
    factories.user("citizen", username="karen", cpr=cpr, code=None)
    caseworker = factories.user("caseworker", username="mette", code="657")

    with stand_in_clock() as clock:
        clock.on(dt.date(2026, 1, 5))
        case = services.application_register_paper(
            user=caseworker,
            data=factories.paper_data(
                cpr=cpr,
                cvr=cvr,
                received_on=dt.date(2026, 1, 5),
                period_from=dt.date(2026, 1, 22),
                period_to=dt.date(2027, 1, 21),
            ),
            assistants=factories.ASSISTANT,
            uploads=[(factories.pdf("laegeattest.pdf"), DocumentType.GP)],
        )
        clock.on(dt.date(2026, 1, 12))
        services.case_record_active_step(
            case=case, user=caseworker, kind="workplace_visit", on=dt.date(2026, 1, 12)
        )
        factories.investigate(case, caseworker)
        clock.on(dt.date(2026, 1, 20))
        case.refresh_from_db()
        decision = services.decision_draft(
            case=case,
            user=caseworker,
            assistant_ids=[a.pk for a in case.application.assistants.all()],
            data={
                "outcome": "grant",
                "hours_per_week": Decimal("7"),
                "start_date": dt.date(2026, 1, 22),
                "end_date": dt.date(2027, 1, 21),
                "period_type": "time_limited",
                "period_reason": "Behovet vurderes igen efter et år.",
                "rate_type": "standard",
                "reasons": "Behov for oplæsning",
            },
        )
        services.decision_send(decision=decision, user=caseworker)
        grant = case.grants.get()

        # The nightly job on the 8-week day.
        clock.on(dt.date(2026, 11, 26))
        out = io.StringIO()
        call_command("followup_daily", stdout=out)
        assert (
            out.getvalue().strip()
            == "26.11.2026: 0 bevilling(er) udløbet, 1 påmindelse(r) om fornyelse sendt."
        )

        clock.on(dt.date(2026, 12, 17))
        page = login(browser, base, "karen")
        notice = page.locator(f"[data-testid=renewal-{grant.pk}]")
        assert f"Personlig assistance ({grant.reference}) udløber 21.01.2027" in notice.inner_text()
        assert notice.locator("[data-testid=renewal-due]").inner_text() == "28.12.2026"
        assert "udløber den 21. januar 2027 – søg om fornyelse" in page.locator("main").inner_text()
        assert_accessible(page)

        notice.locator("button:has-text('Søg om fornyelse')").click()
        assert page.url.endswith("/trin/om-dig/")
        assert "udfyldt med oplysningerne fra din sidste ansøgning" in page.locator("main").inner_text()
        assert page.locator("#id_job_title").input_value() == "Bogholder"
        assert_accessible(page)
        save_and_continue(page)
        assert page.locator("#id_employer_cvr").input_value() == cvr
        save_and_continue(page)
        assert page.locator("#id_impairment_description").input_value() == "Nedsat syn"
        save_and_continue(page)
        assert page.locator("#id_tasks_description").input_value() == "Læsning af bilag"
        assert page.locator("#id_period_from").input_value() == "2027-01-22"
        page.fill("#id_period_to", "2028-01-21")
        save_and_continue(page)
        assert page.locator("#id_assistant-0-name").input_value() == "Assistancefirmaet ApS"
        page.check("#id_assistant_approved")
        save_and_continue(page)
        answers = page.locator("[data-testid=answers]").inner_text()
        for answer in ("Bogholder", "Herning Revision ApS", "7 timer pr. uge", "22.01.2027 – 21.01.2028"):
            assert answer in answers, answer
        page.check("#id_declaration")
        page.click("button:has-text('Send til virksomheden')")
        assert "/kvittering/" in page.url
        assert "Din ansøgning er sendt til Herning Revision ApS" in page.locator("main").inner_text()

    application = Application.objects.get(renews=grant)
    assert application.status == ApplicationStatus.AWAITING_EMPLOYER
    assert (application.period_from, application.period_to) == (dt.date(2027, 1, 22), dt.date(2028, 1, 21))
