"""Issue 10's first Done-when in a real browser: a grant decided a year ago shows its first reassessment as
due; the caseworker sends the questionnaire; the person and the employer answer in the portal; the
caseworker records Copenhagen's seven checks, concludes «unchanged» and picks a 2-year workplace-visit plan
with a reason — and no decision letter is sent.

The calendar is the stand-in clock of the complaint journey; every date is fixed and worked out by hand:

- 06.03.2026 (Friday): the grant (7 hours a week from 09.03.2026, until further notice) is sent.
  Its first reassessment is due no later than a year after (BEK § 15 stk. 4): 06.03.2027 is a Saturday, and
  the deadline binds the jobcentre, so it is the working day before: Friday 05.03.2027.
- 22.02.2027 (Monday): the caseworker sees it due in 11 days (22.02 → 05.03) and sends the questionnaire;
  the last day to answer is 14 days later, Monday 08.03.2027.
- 23.02.2027: the person answers; 24.02.2027: the employer answers.
- 26.02.2027 (Friday): the caseworker records the follow-up; the next, a workplace visit, no later than
  Monday 26.02.2029 — two years on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kompensation.cases.models import Case, CaseStatus, GrantStatus
from kompensation.followup.models import FollowUp, FollowUpStatus
from kompensation.letters.models import Letter, LetterKind
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_complaint_journey import _decided_case, stand_in_clock
from tests.e2e.test_pa_journey import login

DECIDED = dt.date(2026, 3, 6)
FIRST_DUE = dt.date(2027, 3, 5)
SENT = dt.date(2027, 2, 22)
PERSON_ANSWERED = dt.date(2027, 2, 23)
EMPLOYER_ANSWERED = dt.date(2027, 2, 24)
HELD = dt.date(2027, 2, 26)
NEXT_VISIT = dt.date(2029, 2, 26)
REASON = (
    "Behovet er stabilt og bevillingen gælder indtil videre. Gladsaxes praksis: besøg på arbejdspladsen "
    "hvert 2. år med person, virksomhed og assistent, så vi ser opgaverne og assistancen i praksis."
)


def _answer_all_no(page: Any, steps: int) -> None:
    """Every yes/no question answered «Nej» (and «Ja» to «works well»), step by step, to the check page."""
    for _ in range(steps):
        for fieldset in page.locator("main form fieldset").all():
            for label in ("Nej", "Ja"):
                choice = fieldset.get_by_label(label, exact=True)
                if choice.count():
                    # «Fungerer assistancen godt» is answered Ja; every «has something changed» Nej.
                    wanted = "Ja" if "fungerer" in fieldset.inner_text().lower() else "Nej"
                    fieldset.get_by_label(wanted, exact=True).check()
                    break
        page.click("button:has-text('Gem og fortsæt')")
        assert_accessible(page)
    assert page.locator("button:has-text('Send svarene')").count() == 1


def test_first_reassessment_questionnaire_seven_checks_unchanged_two_year_visit_and_no_letter(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    base = live_server.url
    cpr = factories.register_person(first_name="Ida", last_name="Holm")
    cvr = factories.register_company(name="Holm Rådgivning ApS")
    factories.user("citizen", username="ida", cpr=cpr, code=None)
    factories.user("employer", username="jens", cvr=cvr, code=None)
    caseworker = factories.user("caseworker", username="mette", code="657")

    with stand_in_clock() as clock:
        case = _decided_case(clock, caseworker, cpr, cvr, until_further_notice=True)
        Case.objects.filter(pk=case.pk).update(caseworker=caseworker)
        first = FollowUp.objects.get(grant__case=case, first=True)
        assert first.due == FIRST_DUE

        # --- 22.02.2027: «Opfølgning» shows the first reassessment as due; the questionnaire goes out. ---
        clock.on(SENT)
        page = login(browser, base, "mette")
        page.click("nav a:has-text('Opfølgning')")
        assert_accessible(page)
        row = page.locator("[data-testid=due-row]", has_text="Ida Holm")
        assert "Første opfølgning (BEK § 15 stk. 4)" in row.inner_text()
        assert "05.03.2027" in row.inner_text() and "11 dage" in row.inner_text()
        row.get_by_role("link", name="Ida Holm").click()
        assert_accessible(page)
        assert "05.03.2027" in page.locator("[data-testid=follow-up-plan]").inner_text()
        page.click("button:has-text('Send skemaet')")
        assert "Svarfristen er 08.03.2027" in page.locator("main").inner_text()

        # --- 23.02 and 24.02.2027: the person and the employer answer on their own pages. -------------------
        clock.on(PERSON_ANSWERED)
        page = login(browser, base, "ida")
        page.locator("[data-testid=portal-questionnaires]").get_by_role("link", name="Besvar skemaet").click()
        _answer_all_no(page, steps=4)
        page.click("button:has-text('Send svarene')")
        assert "Tak for dine svar" in page.locator("[data-testid=questionnaire-receipt]").inner_text()

        clock.on(EMPLOYER_ANSWERED)
        page = login(browser, base, "jens")
        page.locator("[data-testid=portal-questionnaires]").get_by_role("link", name="Besvar skemaet").click()
        _answer_all_no(page, steps=3)
        page.click("button:has-text('Send svarene')")
        assert "Tak for jeres svar" in page.locator("[data-testid=questionnaire-receipt]").inner_text()

        # --- 26.02.2027: the caseworker records the seven checks and concludes «unchanged». -----------------
        clock.on(HELD)
        decision_letters = Letter.objects.filter(case=case, kind=LetterKind.DECISION).count()
        letters = Letter.objects.filter(case=case).count()
        page = login(browser, base, "mette")
        page.click("nav a:has-text('Opfølgning')")
        page.locator("[data-testid=due-row]", has_text="Ida Holm").get_by_role(
            "link", name="Ida Holm"
        ).click()
        # Both parties' answers are on the page the caseworker records from.
        assert "Besvaret 23.02.2027" in page.locator("main").inner_text()
        assert "Besvaret 24.02.2027" in page.locator("main").inner_text()
        record = page.locator("[data-testid=record-form]")
        record.get_by_label("Opfølgningen blev holdt").fill(HELD.isoformat())
        codes = ("cvr_active", "employed", "medical_current", "tasks_hours", "assistants", "aids_considered")
        for code in (*codes, "next_follow_up"):
            record.locator(f"[data-testid=check-{code}]").get_by_label("Ja", exact=True).check()
        record.get_by_label("Uændret – ingen ny afgørelse").check()
        record.get_by_label("Samlet vurdering").fill(
            "Skemaerne og tjekkene viser uændrede opgaver, timer og assistent. Hjælpemidler er overvejet: "
            "skærmlæseren dækker ikke oplæsningen af post og håndskrift."
        )
        plan = record.locator("[data-testid=next-plan]")
        plan.get_by_label("Besøg på arbejdspladsen").check()
        for who in ("Personen", "Virksomheden", "Assistenten"):
            plan.get_by_label(who, exact=True).check()
        plan.get_by_label("Næste opfølgning senest").fill(NEXT_VISIT.isoformat())
        plan.get_by_label("Begrundelse for næste opfølgning").fill(REASON)
        page.click("button:has-text('Registrér opfølgningen')")
        main = page.locator("main").inner_text()
        assert "Der er et problem" not in main, page.locator("#error-summary").inner_text()
        assert "Der er ikke sendt brev: bevillingen er uændret." in main
        done = page.locator("[data-testid=record]").inner_text()
        assert "Uændret – ingen ny afgørelse" in done
        assert "Besøg på arbejdspladsen senest 26. februar 2029" in done or "26.02.2029" in done
        assert_accessible(page)

    first.refresh_from_db()
    assert first.status == FollowUpStatus.DONE and first.held_on == HELD and first.conclusion == "unchanged"
    assert all(first.checks[code]["answer"] == "yes" for code in (*codes, "next_follow_up"))
    assert first.deadline is not None and first.deadline.met_at is not None
    nxt = first.next_follow_up
    assert nxt is not None and nxt.status == FollowUpStatus.PLANNED and not nxt.first
    assert (nxt.form, nxt.due, set(nxt.participants)) == (
        "visit",
        NEXT_VISIT,
        {"person", "employer", "assistant"},
    )
    assert nxt.plan_reason == REASON
    assert nxt.deadline is not None and nxt.deadline.due == NEXT_VISIT and nxt.deadline.kind == "follow_up"
    # No new decision and no letter at all: a journal note records the follow-up.
    case.refresh_from_db()
    assert Letter.objects.filter(case=case, kind=LetterKind.DECISION).count() == decision_letters
    assert Letter.objects.filter(case=case).count() == letters
    assert case.decisions.count() == 1 and case.status == CaseStatus.DECIDED
    assert case.grants.get().status == GrantStatus.ACTIVE
    assert first.journal_note is not None and "Uændret" in first.journal_note.text
