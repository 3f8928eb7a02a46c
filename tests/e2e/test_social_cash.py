"""Cash allowance (SEL § 95) in a real browser: Ankestyrelsen's 56-vs-21 case cannot be decided unexplained.

Mette registers a paper application, assesses the circle, and measures 56 hours a week of care, practical
help, help outside the home and relief. Granting 21 hours without saying how the other 35 are covered is
refused on the page, with what she typed kept; with the explanation the decision goes through, and the letter
shows the measurement table, the total of 56 hours and the 21 granted.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

from kompensation.cases.models import Case
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.social import add_activity, assess_circle, pdf_text, send_decision
from tests.e2e.test_pa_journey import login

EXPLANATION = "de øvrige 35 timer dækkes af hjemmeplejen efter § 83 og aflastning efter § 84"


def test_cash_allowance_56_hours_needed_21_granted_only_with_an_explanation(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    cpr = factories.register_person(first_name="Karl", last_name="Bech")
    factories.user("caseworker", username="mette", code="657")
    base = live_server.url

    # A paper application, registered by the caseworker.
    page = login(browser, base, "mette")
    page.goto(f"{base}/sager/ny/")
    page.click("[data-testid=social-new] a")
    page.check("input[name=scheme][value=cash]")
    page.fill("[name=cpr]", cpr)
    page.fill("[name=received_on]", timezone.localdate().isoformat())
    page.check("input[name=channel][value=paper]")
    page.fill(
        "[name=tasks_description]", "Pleje hele dagen, rengøring, besøg hos familien og aflastning af moren."
    )
    page.fill("[name=hours_sought]", "56")
    page.click("button:has-text('Opret sag')")
    case = Case.objects.get(person__cpr=cpr)
    assert case.reference.startswith("KT-") and page.url.endswith(f"/sager/{case.pk}/")
    assert_accessible(page)

    page.click("a:has-text('Personkreds')")
    assess_circle(page, "cash")
    page.goto(f"{base}/social/{case.pk}/udmaaling/")
    # 240 × 7 = 1,680 min (28 h) + 120 × 7 = 840 (14 h) + 210 × 2 = 420 (7 h) + 420 × 1 = 420 (7 h) = 56 h.
    add_activity(
        page,
        category="personal_care",
        name="Pleje hele dagen: bad, toilet, måltider",
        minutes=240,
        times="1",
        per="day",
        reason="Afhængig af hjælp i alle døgnets timer (autisme, svær epilepsi).",
    )
    add_activity(
        page,
        category="practical",
        name="Rengøring, tøjvask og indkøb",
        minutes=120,
        times="7",
        per="week",
        reason="Kan ikke udføre praktiske opgaver.",
    )
    add_activity(
        page,
        category="outside_home",
        name="Besøg hos familien",
        minutes=210,
        times="2",
        per="week",
        reason="Har brug for hjælp under besøg (principmeddelelse 75-16).",
    )
    warnings = page.locator("[data-testid=finding-warning]").all_inner_texts()
    assert any("afløsning eller aflastning" in w for w in warnings)
    add_activity(
        page,
        category="relief",
        name="Aflastning af moren",
        minutes=420,
        times="1",
        per="week",
        reason="Moren passer Karl og har brug for en fast fridag.",
    )
    assert page.locator("[data-testid=finding-warning]").count() == 0
    assert page.locator("[data-testid=total-hours]").inner_text() == "56"
    # Relief does not count towards «more than 20 hours»: 28 + 14 + 7 = 49.
    assert (
        "49 timer pr. uge: mere end 20 timer" in page.locator("[data-testid=qualifying-hours]").inner_text()
    )

    # 21 hours without an explanation: refused, and what she typed is kept.
    page.goto(f"{base}/sager/{case.pk}/")
    page.click("a:has-text('Træf afgørelse')")
    page.check("input[name=outcome][value=grant]")
    page.fill("[name=hours_per_week]", "21")
    page.fill("[name=start_date]", timezone.localdate().isoformat())
    page.check("input[name=period_type][value=until_further_notice]")
    page.check("input[name=employer_role][value=person]")
    page.fill("[name=reasons]", "Behovet er udmålt sammen med Karl og hans mor.")
    page.fill("[name=coverage]", "21 timer af tilskuddet; resten af hjemmeplejen og aflastning.")
    page.click("button:has-text('Gem og se brevet')")
    summary = page.locator("#error-summary").inner_text()
    assert "Der bevilges 21 timer om ugen, men behovet er udmålt til 56 timer." in summary
    assert "resten af behovet (35 timer om ugen)" in summary
    assert page.input_value("[name=hours_per_week]") == "21"
    assert page.input_value("[name=reasons]") == "Behovet er udmålt sammen med Karl og hans mor."
    assert not case.decisions.exists()
    assert_accessible(page)

    page.fill("[name=below_need_reason]", EXPLANATION)
    page.click("button:has-text('Gem og se brevet')")
    send_decision(page)

    page.goto(f"{base}/sager/{case.pk}/")
    text = pdf_text(page, "a:has-text('Brev (PDF)')")
    assert "Aktivitet Kategori Tid pr. gang Hyppighed Timer pr. uge Begrundelse" in text
    assert re.search(
        r"Pleje hele dagen: bad, toilet, måltider Personlig pleje 240 min\. 1 gang om dagen 28 ", text
    )
    assert re.search(r"Aflastning af moren Afløsning eller aflastning 420 min\. 1 gang om ugen 7 ", text)
    assert re.search(r"I alt 56\b", text)
    assert "21 timer om ugen" in text and EXPLANATION in text
