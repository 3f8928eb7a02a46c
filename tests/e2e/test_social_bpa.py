"""BPA (SEL § 96) in a real browser, from the citizen's application to the letter with the measurement.

Anna applies on Mine sider; Mette of the social administration finds the case in the inbox under «BPA»,
assesses the personal circle (an answer without reasoning is refused by the field), measures the help row by
row — the warning about help outside the home goes once it is measured — decides the need, and sends. Anna's
letter shows the measurement as a table with its total.
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


def test_bpa_from_application_to_the_letter_with_the_measurement_table(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    cpr = factories.register_person(first_name="Anna", last_name="Kirkegaard")
    factories.user("citizen", username="anna", cpr=cpr, code=None)
    mette = factories.user("caseworker", username="mette", code="657")
    base = live_server.url

    # Anna applies on Mine sider.
    page = login(browser, base, "anna")
    page.click("a:has-text('Søg om hjælp efter serviceloven')")
    page.check("input[name=scheme][value=bpa]")
    page.click("button:has-text('Gem og fortsæt')")
    page.fill("[name=tasks_description]", "Bad, påklædning, måltider, rengøring og at komme ud og handle.")
    page.fill("[name=hours_sought]", "25")
    page.click("button:has-text('Gem og fortsæt')")
    assert "25 timer om ugen" in page.locator("main").inner_text()
    page.check("[name=declaration]")
    page.click("button:has-text('Send ansøgningen')")
    assert (
        "Socialforvaltningen i Herning Kommune har modtaget din ansøgning" in page.locator("h1").inner_text()
    )
    assert_accessible(page)
    case = Case.objects.get(person__cpr=cpr)
    assert case.scheme == "bpa" and case.reference.startswith("BPA-")

    # Mette finds it in the inbox under the scheme.
    page = login(browser, base, "mette")
    page.goto(f"{base}/sager/?scheme=bpa")
    page.click(f"a:has-text('{case.reference}')")
    assert_accessible(page)
    # Applied online, the case is nobody's yet: she takes it.
    page.click("summary:has-text('Fordel sagen')")
    page.select_option("[name=caseworker]", str(mette.pk))
    page.click("button:has-text('Fordel')")

    # The personal circle: an answer without its reasoning is refused by the field, nothing is lost.
    page.click("a:has-text('Personkreds')")
    page.check("input[name='impairment_met'][value='yes']")
    page.click("button:has-text('Gem vurderingen')")
    assert "Begrund" in page.locator("#error-summary").inner_text()
    assert page.is_checked("input[name='impairment_met'][value='yes']")
    assess_circle(page, "bpa")
    assert "Borgeren er i personkredsen" in page.locator("[data-testid=circle-result]").inner_text()

    # The measurement, row by row.
    page.goto(f"{base}/social/{case.pk}/udmaaling/")
    page.fill("[data-testid=facts-form] [name=person_participation]", "Anna vil selv vælge sine hjælpere.")
    page.click("button:has-text('Gem oplysninger og forhold')")
    add_activity(
        page,
        category="personal_care",
        name="Morgenpleje: bad og påklædning",
        minutes=60,
        times="1",
        per="day",
        reason="Kan ikke løfte armene over skulderhøjde.",
    )
    add_activity(
        page,
        category="practical",
        name="Rengøring og tøjvask",
        minutes=120,
        times="2",
        per="week",
        reason="Kan ikke betjene støvsuger eller vaskemaskine.",
    )
    warnings = page.locator("[data-testid=finding-warning]").all_inner_texts()
    assert any("hjælp uden for hjemmet" in w for w in warnings)
    add_activity(
        page,
        category="outside_home",
        name="Indkøb og svømning",
        minutes=180,
        times="2",
        per="week",
        reason="Vil handle selv; har brug for hjælp til af- og påklædning i svømmehallen.",
        standby=True,
    )
    assert not any(
        "hjælp uden for hjemmet" in w for w in page.locator("[data-testid=finding-warning]").all_inner_texts()
    )
    # 60 × 7 = 420 min (7 h) + 120 × 2 = 240 min (4 h) + 180 × 2 = 360 min (6 h, stand-by) = 17 hours.
    assert page.locator("[data-testid=total-hours]").inner_text() == "17"
    assert "17 timer pr. uge" in page.locator("[data-testid=need-hours]").inner_text()
    assert_accessible(page)

    # The decision grants the need, prefilled from the measurement.
    page.goto(f"{base}/sager/{case.pk}/")
    page.click("a:has-text('Træf afgørelse')")
    assert page.input_value("[name=hours_per_week]") == "17"
    page.check("input[name=outcome][value=grant]")
    page.fill("[name=standby_hours_per_week]", "6")
    page.fill("[name=start_date]", timezone.localdate().isoformat())
    page.check("input[name=period_type][value=until_further_notice]")
    page.check("input[name=employer_role][value=person]")
    page.fill("[name=reasons]", "Behovet er udmålt sammen med Anna ud fra hendes egne ønsker.")
    page.fill("[name=coverage]", "Hele behovet dækkes af BPA-ordningen.")
    page.click("button:has-text('Gem og se brevet')")
    preview = page.locator("#letter-preview").inner_text()
    assert "Morgenpleje: bad og påklædning" in preview and "Timer pr. uge" in preview
    send_decision(page)

    # Anna's letter: the measurement as a table, task by task, and the total.
    page = login(browser, base, "anna")
    text = pdf_text(page, "a:has-text('Bevilling af borgerstyret personlig assistance')")
    assert "Aktivitet Kategori Tid pr. gang Hyppighed Timer pr. uge Begrundelse" in text
    assert re.search(r"Morgenpleje: bad og påklædning Personlig pleje 60 min\. 1 gang om dagen 7 ", text)
    assert re.search(r"Rengøring og tøjvask Praktisk hjælp .*? 120 min\. 2 gange om ugen 4 ", text)
    assert re.search(r"I alt 17\b", text)
    assert "Behovet er udmålt til 17 timer om ugen (11 egentlige timer og 6 rådighedstimer)." in text
    assert "Ankestyrelsen" in text
