"""The whole PA journey in a real browser: apply, co-sign, investigate, hear, decide, read the letter."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from kompensation.rules import pa
from tests import factories
from tests.e2e.conftest import assert_accessible


def login(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/log-ind/")
    page.fill("#id_username", username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("button:has-text('Log ind')")
    return page


def save_and_continue(page: Any) -> None:
    page.click("button:has-text('Gem og fortsæt')")


def test_citizen_employer_caseworker_and_letter(
    live_server: Any, browser: Any, municipalities: None, tmp_path: Any
) -> None:
    base = live_server.url
    cpr = factories.register_person(first_name="Karen", last_name="Bøgh")
    cvr = factories.register_company(name="Herning Revision ApS")
    factories.user("citizen", username="karen", cpr=cpr, code=None)
    factories.user("employer", username="revision", cvr=cvr, code=None)
    factories.user("caseworker", username="mette", code="657")
    attest = tmp_path / "laegeattest.pdf"
    attest.write_bytes(factories.PDF_BYTES)
    today = timezone.localdate()
    end = today + dt.timedelta(days=364)

    # The citizen applies, step by step, and meets a Danish error on the way.
    page = login(browser, base, "karen")
    assert_accessible(page)
    page.click("button:has-text('Søg om personlig assistance')")
    assert_accessible(page)
    page.fill("#id_job_title", "Bogholder")
    save_and_continue(page)
    page.fill("#id_employer_cvr", "12345678")
    page.check("#id_employment_type_0")
    page.select_option("#id_employment_form", "ordinary")
    save_and_continue(page)
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)
    assert page.locator("#id_employment_form").input_value() == "ordinary"  # nothing typed is lost
    page.fill("#id_employer_cvr", cvr)
    save_and_continue(page)
    page.fill("#id_impairment_description", "Stærkt nedsat syn; kan ikke læse papirbilag.")
    page.select_option("#id_doc-doc_type", "gp")
    page.set_input_files("#id_doc-file", str(attest))
    page.click("button:has-text('Gem og vedhæft dokument')")
    assert "laegeattest.pdf" in page.locator("[data-testid=documents]").inner_text()
    save_and_continue(page)
    page.fill("#id_tasks_description", "Oplæsning af bilag og post, kontrol af tal.")
    page.fill("#id_hours_sought", "10")
    page.fill("#id_hours_without_assistance", "27")
    page.fill("#id_period_from", today.isoformat())
    page.fill("#id_period_to", end.isoformat())
    save_and_continue(page)
    page.check("#id_assistant-0-kind_1")
    page.fill("#id_assistant-0-name", "Oplæsning & Co ApS")
    page.check("#id_assistant_approved")
    save_and_continue(page)
    assert "Oplæsning & Co ApS" in page.locator("main").inner_text()
    assert_accessible(page)
    page.check("#id_declaration")
    page.click("button:has-text('Send til virksomheden')")
    assert "sendt til Herning Revision ApS" in page.locator("main").inner_text()

    # The employer co-signs.
    page = login(browser, base, "revision")
    page.click("text=Udfyld og underskriv")
    assert_accessible(page)
    page.fill("#id_employer_contact_name", "Jens Revisor")
    page.select_option("#id_employer_contact_role", "owner")
    page.fill("#id_working_hours", "37")
    page.fill("#id_employment_start", "2018-08-01")
    page.set_input_files("#id_contract", str(attest))
    page.check("#id_declaration")
    page.click("button:has-text('Underskriv og send til jobcentret')")
    assert "sendt til Jobcenter Herning" in page.locator("main").inner_text()

    # The caseworker investigates, hears and decides a partial grant.
    page = login(browser, base, "mette")
    assert_accessible(page)
    page.click("tr:has-text('Karen Bøgh') a")
    assert_accessible(page)
    page.click("text=Registrér aktivt skridt")
    page.get_by_label("Virksomhedsbesøg").check()
    page.click("button:has-text('Registrér skridtet')")
    page.click("a:has-text('Sagsoplysning')")
    assert page.locator("#id_working_hours").input_value() == "37"
    page.check("#id_impairment_type_0")
    page.fill("#id_compatibility_assessment", "Karen udfører selv bogføringen, som er jobbets kerne.")
    page.fill("#id_aids_considered", "Skærmlæser afprøvet; dækker ikke papirbilag.")
    page.click("button:has-text('Gem')")
    page.click("a:has-text('Dialogskema')")
    rows = [
        ("Oplæsning af bilag", "240", "cannot", "Læser bilag op"),
        ("Post", "160", "support", "Sorterer og læser post"),
        ("Bogføring", "1200", "alone", ""),
    ]
    for index, (task, minutes, ability, does) in enumerate(rows):
        page.fill(f"#id_row-{index}-task", task)
        page.fill(f"#id_row-{index}-minutes_per_week", minutes)
        page.select_option(f"#id_row-{index}-ability", ability)
        page.fill(f"#id_row-{index}-assistant_does", does)
    page.click("button:has-text('Gem dialogskema')")
    assert_accessible(page)
    proposal = page.locator("[data-testid=proposal]").inner_text()
    assert "Forslag: 7 timer pr. uge" in proposal and "Grænse: 20 timer pr. uge" in proposal
    page.click("text=Tilbage")
    page.click("a:has-text('Send partshøring')")
    page.fill("#id_facts", "Dialogskemaet viser et behov på 7 timer om ugen, ikke de søgte 10.")
    page.click("button:has-text('Send partshøring')")
    page.click("text=Registrér svar")
    page.fill("#id_response", "Jeg har ingen bemærkninger.")
    page.click("button:has-text('Registrér svaret')")
    page.click("a:has-text('Træf afgørelse')")
    assert_accessible(page)
    # The form starts from the dialog form's proposal: 7 hours (400 minutes → 6,67 → 7), fewer than the
    # 10 sought, so a partial grant; the period is the one applied for.
    assert page.locator("#id_hours_per_week").input_value() == "7"
    assert page.locator("#id_outcome_1").is_checked()  # partial grant
    assert page.locator("#id_end_date").input_value() == end.isoformat()
    assert "(skal udfyldes ved bevilling)" in page.locator("label[for=id_hours_per_week]").inner_text()
    # Everything missing is reported at once, each error a link to its field.
    page.fill("#id_hours_per_week", "")
    page.click("button:has-text('Gem og se brevet')")
    summary = page.locator("#error-summary")
    links = [summary.locator("a").nth(i).get_attribute("href") for i in range(summary.locator("a").count())]
    assert "#id_hours_per_week" in links and "#id_period_reason" in links and "#id_reasons" in links, links
    assert_accessible(page)
    page.fill("#id_hours_per_week", "7")
    page.fill("#id_start_date", today.isoformat())
    page.check("#id_period_type_0")
    page.fill("#id_end_date", end.isoformat())
    page.fill("#id_period_reason", "Tidsbegrænset, fordi behovet vurderes igen efter et år.")
    page.fill(
        "#id_reasons", "Oplæsning og post kræver 6 timer og 30 minutter om ugen, rundet op til 7 timer."
    )
    page.fill("#id_partial_reason", "dialogskemaet viser et behov på 7 timer om ugen, ikke 10.")
    page.click("button:has-text('Gem og se brevet')")
    assert "Delvis bevilling" in page.locator("h1").inner_text()
    assert_accessible(page)
    # The letter part by part; the preview beside it follows the typing; the complaint guidance is text.
    fixed = page.locator("[data-testid=fixed-text]").inner_text()
    assert "Klagevejledning" in fixed and "##" not in fixed
    assert "##" not in page.locator("[data-testid=letter-preview]").inner_text()
    conclusion = page.locator("#id_part_4")
    conclusion.fill(conclusion.input_value() + "\nDu kan altid søge igen, hvis dit behov ændrer sig.")
    conclusion.press("End")
    preview = page.locator("[data-testid=letter-preview]")
    preview.locator("text=Du kan altid søge igen").wait_for()
    assert_accessible(page)
    page.click("button:has-text('Gem og gå til afsendelse')")
    assert (
        page.locator("[data-testid=about-to-send]")
        .inner_text()
        .startswith(
            "Du er ved at sende afgørelsen til Karen Bøgh og Herning Revision ApS (virksomhedens version)"
        )
    )
    assert_accessible(page)
    page.click("button:has-text('Send afgørelsen')")
    assert "Afgørelsen er sendt" in page.locator("main").inner_text()

    # The citizen downloads the letter; the PDF says hours, period, rules and how to complain.
    page = login(browser, base, "karen")
    with page.expect_download() as info:
        page.click("a:has-text('Delvis bevilling')")
    reader = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "7 timer om ugen" in text
    assert "Du kan altid søge igen" in text  # the caseworker's edit of part 4
    assert factories.long_date(today) in text and factories.long_date(end) in text
    assert (
        f"grænsen for timer med assistance er for dig {pa.format_hours(pa.weekly_hours_limit(37))} timer"
        in text.lower()
    )
    assert "Du søgte om 10 timer om ugen" in text and "Du får bevilget 7 timer om ugen" in text
    for reference in ("§ 4", "§ 6 stk. 3", "§ 15", "§ 19", "§ 25"):
        assert reference in text, reference
    for guidance in (
        "Klagevejledning",
        "4 uger",
        "mundtligt eller skriftligt",
        "Jobcenter Herning",
        "Ankestyrelsen",
    ):
        assert guidance in text, guidance
