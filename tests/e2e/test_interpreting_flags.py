"""Issue 9 in a real browser: a planted overlap and a remote zone supplement are flagged on their lines, the
payment officer rejects those lines with a reason, and the agency sees why.

Amounts by hand from BEK nr. 1317 § 24 (tests/interpreting.py): 650 kr. an hour (started half hours),
zone 1 275 kr., zone 2 650 kr., no zone for remote interpreting.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases import services as case_services
from kompensation.payments import services
from kompensation.payments.models import Attestation, AttestationParty, LineStatus, PaymentRequest
from tests import factories, interpreting
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login

OVERLAP = "Tolken var booket til en anden bruger på samme tid"
REMOTE_ZONE = "Fjerntolkning giver ikke kørselszonetillæg"


def _second_grant(caseworker: User, agency: Any) -> Any:
    """User B: another person's case in the same municipality, granted interpreting with the same agency."""
    case = case_services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(cpr=factories.register_person(), cvr=factories.register_company()),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    case_services.case_record_active_step(
        case=case, user=caseworker, kind="workplace_visit", on=timezone.localdate()
    )
    factories.investigate(case, caseworker)
    case.refresh_from_db()
    return interpreting.interpreting_case(case, caseworker, [agency])


def _attest(invoice: PaymentRequest, interpreter: Any) -> None:
    """The user's signature on the interpreter's statement, every line confirmed (set up directly: the
    attestation pages are another slice)."""
    Attestation.objects.create(
        request=invoice,
        interpreter=interpreter,
        party=AttestationParty.USER,
        signed_by=interpreting.party_user(invoice.grant, "user", invoice.agency),
        signed_at=timezone.now(),
        text="Sessionerne har fundet sted.",
        confirmed=invoice.invoice_lines.count(),
    )
    invoice.invoice_lines.update(status=LineStatus.CONFIRMED)
    services.invoice_controls_run(request=invoice)


@pytest.fixture
def setting(municipalities: None, investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency()
    User.objects.filter(pk=agency_user.pk).update(username="tolkebureau")
    factories.user(Role.PAYMENT_OFFICER, username="hanne", code="657")
    anne = interpreting.interpreter(agency, "Anne Holm")
    grant_a = interpreting.interpreting_case(investigated_case, herning_caseworker, [agency])
    grant_b = _second_grant(herning_caseworker, agency)
    interpreting.zones(grant_a.case)  # 7400 zone 1, 7430 zone 2
    for grant in (grant_a, grant_b):
        interpreting.sign_all(grant, agency, [anne])
    day, other_day = interpreting.a_weekday(), interpreting.a_weekday(3)
    line = interpreting.line
    # Invoice 1, user B: Anne remote 10:00–12:00 = 2 h × 650 = 1.300,00. Clean and attested, so it is
    # not flagged in the queue.
    first = interpreting.submit(
        agency_user, agency, grant_b, [line(day, "10:00", "12:00", anne, "1300", remote=True)], number="F-B-1"
    )
    _attest(first, anne)
    # Invoice 2, user A:
    #  1. on site 7400 11:00–12:30 = 1,5 h × 650 + zone 1 275 = 1.250,00 — overlaps invoice 1's 10–12;
    #  2. remote 09:00–10:00 = 1 h × 650 = 650,00, claimed 925,00 (650 + a zone 1 of 275);
    #  3. on site 7430 another Tuesday 13:00–15:00 = 2 h × 650 + zone 2 650 = 1.950,00 (clean).
    # Paid min(claimed, computed) per line: 1.250 + 650 + 1.950 = 3.850,00.
    second = interpreting.submit(
        agency_user,
        agency,
        grant_a,
        [
            line(day, "11:00", "12:30", anne, "1250"),
            line(day, "09:00", "10:00", anne, "925", remote=True),
            line(other_day, "13:00", "15:00", anne, "1950", postcode="7430"),
        ],
        number="F-A-2",
    )
    _attest(second, anne)
    return {"first": first, "second": second, "day": day}


def test_overlap_and_remote_zone_are_flagged_rejected_and_explained(
    live_server: Any, browser: Any, setting: dict[str, Any]
) -> None:
    first, second = setting["first"], setting["second"]
    page = login(browser, live_server.url, "hanne")
    page.goto(f"{live_server.url}/udbetaling/")
    queue = page.locator("[data-testid=invoice-row]")
    # Both invoices are flagged, whichever came first: the second has the overlap on line 1 and claimed
    # above computed and a zone on line 2; the first has the same overlap seen from its side.
    rows = {row.inner_text().split("\n")[0]: row for row in queue.all()}
    assert rows[second.reference].locator("[data-testid=flag-count]").inner_text() == "3 flag"
    assert rows[first.reference].locator("[data-testid=flag-count]").inner_text() == "1 flag"
    assert_accessible(page)

    page.click(f"a:has-text('{second.reference}')")
    assert page.locator("h1").inner_text().startswith("Faktura F-A-2")
    assert page.locator("[data-testid=total]").inner_text() == "3.850,00 kr."
    # The summary names the lines the open flags sit on (whole-invoice controls all passed).
    summary = page.locator("[data-testid=flag-count]").inner_text()
    assert summary == "3 kontroller er ikke godkendt, heraf flag på linje 1 og linje 2."
    assert_accessible(page)
    overlap = page.locator("[data-testid=line-1] [data-control=overlap]").inner_text()
    # The evidence names the other invoice and its session, never user B.
    assert "10:00–12:00" in overlap and "F-B-1" in overlap and first.reference in overlap
    assert first.grant.case.person.name not in overlap
    assert "Du skal:" in overlap and overlap.startswith("Flag Tolken er ikke to steder på samme tid.")
    remote = page.locator("[data-testid=line-2] [data-control=remote_zone]").inner_text()
    # 925,00 − 650,00 = 275,00, exactly a zone 1 supplement.
    assert "275,00 kr. mere end beregnet" in remote and "Fjerntolkning giver aldrig zonetillæg" in remote
    assert page.locator("[data-testid=line-3] [data-testid=flags]").count() == 0

    for position, reason in ((1, OVERLAP), (2, REMOTE_ZONE)):
        section = page.locator(f"[data-testid=line-{position}]")
        section.locator("summary").click()
        section.get_by_label("Begrundelse for afvisning").fill(reason)
        section.locator(f"button:has-text('Afvis linje {position}')").click()
        assert f"Linje {position} er afvist" in page.locator("main").inner_text()
        assert_accessible(page)

    for position, reason in ((1, OVERLAP), (2, REMOTE_ZONE)):
        section = page.locator(f"[data-testid=line-{position}]")
        assert section.locator("[data-testid=line-status]").inner_text() == "Afvist af kommunen"
        assert section.locator("[data-testid=rejection-reason]").inner_text() == f"Afvist: {reason}"
        assert section.locator("form").count() == 0
    # The flags stay with their evidence, resolved by the rejection (said in words, not by colour only).
    for position, code, reason in (
        (1, "overlap", OVERLAP),
        (2, "remote_zone", REMOTE_ZONE),
        (2, "claimed_computed", REMOTE_ZONE),
    ):
        flag = page.locator(f"[data-testid=line-{position}] [data-control={code}]")
        assert flag.locator("[data-testid=flag-status]").inner_text() == "Løst"
        assert f"Linjen er afvist: {reason}. Fundet: Linje {position}" in flag.inner_text()
        assert "Du skal:" not in flag.inner_text()
    # The rejections are listed as corrections to 0: 1.250,00 → 0,00 and 650,00 → 0,00.
    corrections = page.locator("[data-testid=corrections] li").all_inner_texts()
    on = f"{setting['day']:%d.%m.%Y}"
    assert [c.split(": ", 1)[1] for c in corrections] == [
        f"Linje 1: {on} 11:00–12:30: 1.250,00 kr. → 0,00 kr. · Linje 1 afvist: {OVERLAP}",
        f"Linje 2: {on} 09:00–10:00: 650,00 kr. → 0,00 kr. · Linje 2 afvist: {REMOTE_ZONE}",
    ]
    assert page.locator("[data-testid=flag-count]").count() == 0
    # Only line 3 is left: 1.950,00.
    assert page.locator("[data-testid=total]").inner_text() == "1.950,00 kr."
    # Nothing left to decide, so no override reason is asked for.
    assert page.locator("[data-testid=open-controls]").count() == 0
    assert page.locator("textarea[name=override_reason]").count() == 0
    page.click("button:has-text('Godkend 1.950,00 kr.')")
    assert "Fakturaen er godkendt" in page.locator("main").inner_text()
    assert "Status: Godkendt" in page.locator("main").inner_text()
    assert_accessible(page)

    page = login(browser, live_server.url, "tolkebureau")
    page.goto(f"{live_server.url}/portal/tolkebureau/fakturaer/")
    page.click("a:has-text('F-A-2')")
    assert page.locator("[data-testid=status]").inner_text() == "Godkendt"
    assert page.locator("[data-testid=total]").inner_text() == "1.950,00 kr."
    rows = page.locator("[data-testid=invoice-lines] tbody tr")
    assert rows.count() == 3
    for index, reason in ((0, OVERLAP), (1, REMOTE_ZONE)):
        row = rows.nth(index)
        assert "Afvist" in row.inner_text()
        # Said once: the correction to 0 that carries the same reason is not repeated.
        assert row.locator("[data-testid=line-reason]").inner_text() == reason
    assert "Afvist" not in rows.nth(2).inner_text()
    assert_accessible(page)
