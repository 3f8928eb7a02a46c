"""Issue 10's questionnaire in a real browser: the caseworker sends the follow-up questionnaire to the person
and the employer; the person answers on Mine sider in steps, checks and sends; the employer answers its own
(without the impairment, and without ever seeing the person's); the caseworker reads both sets of answers.

The follow-up page itself is the plans part's; here the caseworker sends from the questionnaire page of the
grant's first follow-up. The calendar is the stand-in clock of the complaint journey; every date is fixed:

- 06.03.2026: the grant is decided (its first follow-up is due a year later).
- 11.02.2027 (Thursday): the questionnaire is sent; 14 days later is Thursday 25.02.2027, a working day,
  so that is the last day to answer.
- 15.02.2027 (Monday): the person answers. 16.02.2027 (Tuesday): the employer answers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kompensation.followup.models import FollowUpStatus, Questionnaire
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_complaint_journey import _decided_case, stand_in_clock
from tests.e2e.test_pa_journey import login

SENT = dt.date(2027, 2, 11)
DUE = dt.date(2027, 2, 25)
PERSON_ANSWERED = dt.date(2027, 2, 15)
EMPLOYER_ANSWERED = dt.date(2027, 2, 16)
IMPAIRMENT = "Synet er blevet dårligere, så jeg læser langsommere end før."


def choose(page: Any, question: str, answer: str) -> None:
    page.locator("fieldset", has_text=question).get_by_label(answer, exact=True).check()


def test_questionnaire_sent_answered_by_person_and_employer_and_read_by_the_caseworker(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    base = live_server.url
    cpr = factories.register_person(first_name="Karen", last_name="Bøgh")
    cvr = factories.register_company(name="Herning Revision ApS")
    factories.user("citizen", username="karen", cpr=cpr, code=None)
    factories.user("employer", username="lars", cvr=cvr, code=None, email="lars@herningrevision.example")
    caseworker = factories.user("caseworker", username="mette", code="657")

    with stand_in_clock() as clock:
        case = _decided_case(clock, caseworker, cpr, cvr)
        follow_up = case.grants.get().follow_ups.get(first=True)

        # --- 11.02.2027: the caseworker sends the questionnaire to both parties. ------------------------
        clock.on(SENT)
        page = login(browser, base, "mette")
        page.goto(f"{base}/opfoelgning/{follow_up.pk}/skemaer/")
        assert_accessible(page)
        assert "Der er ikke sendt et skema" in page.locator("[data-testid=questionnaires]").inner_text()
        assert page.get_by_label("Personen", exact=True).is_checked()
        assert page.get_by_label("Virksomheden", exact=True).is_checked()
        page.click("button:has-text('Send skemaet')")
        assert (
            "Skemaet er sendt til personen og virksomheden. Svarfristen er 25.02.2027."
            in page.locator("main").inner_text()
        )
        for party in ("person", "employer"):
            row = page.locator(f"[data-testid=questionnaire-{party}]").inner_text()
            assert "11.02.2027" in row and "Venter på svar – svarfrist 25.02.2027" in row
        assert page.locator("[data-testid=questionnaire-send]").count() == 0  # both sent: nothing to send
        assert_accessible(page)

        # --- 15.02.2027: the person answers on Mine sider. ------------------------------------------------
        clock.on(PERSON_ANSWERED)
        page = login(browser, base, "karen")
        panel = page.locator("[data-testid=portal-questionnaires]")
        assert "svar senest 25. februar 2027" in panel.inner_text()
        panel.get_by_role("link", name="Besvar skemaet").click()
        assert_accessible(page)
        assert "Trin 1 af 5" in page.locator("main").inner_text()
        # «Gem og fortsæt» without answers: the error summary, nothing lost.
        page.fill("#id_tasks_detail", "Jeg har fået ansvar for kundemøderne.")
        page.click("button:has-text('Gem og fortsæt')")
        summary = page.locator("#error-summary")
        assert "Der er et problem" in summary.inner_text() and "Vælg Ja eller Nej." in summary.inner_text()
        assert page.locator("#id_tasks_detail").input_value() == "Jeg har fået ansvar for kundemøderne."
        assert_accessible(page)
        choose(page, "Er der sket ændringer i dit job", "Nej")
        choose(page, "Har dine arbejdsopgaver ændret sig?", "Ja")
        choose(page, "Har din arbejdstid ændret sig?", "Ja")
        page.fill("#id_hours_detail", "32,5")
        page.click("button:has-text('Gem og fortsæt')")
        assert_accessible(page)
        choose(page, "Har din funktionsnedsættelse ændret sig?", "Ja")
        page.fill("#id_impairment_detail", IMPAIRMENT)
        page.click("button:has-text('Gem og fortsæt')")
        assert_accessible(page)
        choose(page, "Fungerer assistancen godt", "Delvist")
        page.fill("#id_organised_detail", "Assistenten når ikke altid morgenmødet.")
        choose(page, "Kan et hjælpemiddel eller teknologi", "Ja")
        page.fill("#id_aid_detail", "Et program, der læser op fra skærmen.")
        page.click("button:has-text('Gem og fortsæt')")
        assert_accessible(page)
        page.click("button:has-text('Gem og fortsæt')")  # «Andet» may be left empty
        assert_accessible(page)
        answers = page.locator("[data-testid=answers-person]").inner_text()
        assert "32,5 timer om ugen" in answers and IMPAIRMENT in answers
        # «Ret» on the hours: back to the step, then straight back to the check page.
        page.get_by_role("link", name=re.compile(r"^Ret\W+Har din arbejdstid")).click()
        page.fill("#id_hours_detail", "30")
        page.click("button:has-text('Gem og gå tilbage til Tjek dine svar')")
        assert "30 timer om ugen" in page.locator("[data-testid=answers-person]").inner_text()
        page.click("button:has-text('Send svarene')")
        receipt = page.locator("[data-testid=questionnaire-receipt]").inner_text()
        assert "Tak for dine svar" in receipt and "modtog svarene 15. februar 2027" in receipt
        assert_accessible(page)
        page.goto(f"{base}/portal/")
        assert page.locator("[data-testid=portal-questionnaires]").count() == 0

        # --- 16.02.2027: the employer answers its own, never seeing the person's. ------------------------
        clock.on(EMPLOYER_ANSWERED)
        person_q = Questionnaire.objects.get(follow_up=follow_up, party="person")
        page = login(browser, base, "lars")
        assert IMPAIRMENT not in page.locator("main").inner_text()
        page.locator("[data-testid=portal-questionnaires]").get_by_role("link", name="Besvar skemaet").click()
        assert_accessible(page)
        main = page.locator("main").inner_text()
        assert "Trin 1 af 4" in main and "Funktionsnedsættelse" not in main
        choose(page, "ændringer i medarbejderens job", "Nej")
        choose(page, "medarbejderens arbejdsopgaver", "Nej")
        choose(page, "medarbejderens arbejdstid", "Nej")
        page.click("button:has-text('Gem og fortsæt')")
        assert_accessible(page)
        choose(page, "Fungerer assistancen godt", "Ja")
        choose(page, "Kan et hjælpemiddel eller teknologi", "Nej")
        page.click("button:has-text('Gem og fortsæt')")
        page.fill("#id_other", "Samarbejdet med assistenten fungerer godt.")
        page.click("button:has-text('Gem og fortsæt')")
        assert_accessible(page)
        assert "funktionsnedsættelse" not in page.locator("main").inner_text().lower()
        page.click("button:has-text('Send svarene')")
        assert "Tak for jeres svar" in page.locator("[data-testid=questionnaire-receipt]").inner_text()
        assert_accessible(page)
        response = page.context.request.get(f"{base}/opfoelgning/skema/{person_q.pk}/kvittering/")
        assert response.status == 404 and IMPAIRMENT not in response.text()

        # --- The caseworker reads both sets of answers; the follow-up is still to be recorded. ----------
        page = login(browser, base, "mette")
        page.goto(f"{base}/sager/{case.pk}/")
        panel = page.locator("[data-testid=case-questionnaires]").inner_text()
        assert IMPAIRMENT in panel and "Besvaret 15.02.2027" in panel and "Besvaret 16.02.2027" in panel
        page.locator("[data-testid=case-questionnaires]").get_by_role("link", name="Se skemaet").click()
        assert_accessible(page)
        assert "30 timer om ugen" in page.locator("[data-testid=answers-person]").inner_text()
        employer_answers = page.locator("[data-testid=answers-employer]").inner_text()
        assert "Samarbejdet med assistenten fungerer godt." in employer_answers
        follow_up.refresh_from_db()
        assert follow_up.status == FollowUpStatus.PLANNED
