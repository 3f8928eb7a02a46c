"""Issue 8's journey in a real browser: the person complains on Mine sider three weeks after the decision; the
caseworker upholds it and forwards it to Ankestyrelsen; the forwarding package opens and lists what it must;
Ankestyrelsen's remand is recorded; a new decision is sent; the case page shows every step's duration.

The calendar is a stand-in clock (`django.utils.timezone.now` patched, as the demo generator does; the live
server runs in this process), so every date below is fixed and worked out by hand:

- 05.01.2026 (Monday): the paper application is received.
- 20.01.2026 (Tuesday): the first active step (a workplace visit).
- 06.03.2026 (Friday): the decision (a grant) is sent by Digital Post.
- 27.03.2026 (Friday, 21 days later): the person complains; the caseworker upholds and forwards.
- 08.04.2026, 22.05.2026, 16.09.2026, 18.09.2026: Ankestyrelsen's receipt, assignment and remand, and the
  day the remand reached the municipality (typed into the forms on 12.10.2026).
- 12.10.2026 (Monday): the new decision.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone
from pypdf import PdfReader

from kompensation.cases import services
from kompensation.cases.models import Case, CaseStatus, DocumentType
from kompensation.complaints.models import Complaint, ComplaintStatus
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login

CPH = ZoneInfo("Europe/Copenhagen")
_REAL_NOW = timezone.now

RECEIVED = dt.date(2026, 1, 5)
ACTIVE = dt.date(2026, 1, 20)
DECIDED = dt.date(2026, 3, 6)
COMPLAINED = dt.date(2026, 3, 27)
AST_RECEIVED = dt.date(2026, 4, 8)
AST_ASSIGNED = dt.date(2026, 5, 22)
AST_DECIDED = dt.date(2026, 9, 16)
REMAND_RECEIVED = dt.date(2026, 9, 18)
NEW_DECISION = dt.date(2026, 10, 12)


class Clock:
    """`timezone.now` on a chosen day, from 09:00 Danish time, running on from there as real time passes
    (so events in one step keep their order)."""

    def __init__(self) -> None:
        self.base: dt.datetime | None = None
        self.started = _REAL_NOW()

    def on(self, day: dt.date) -> None:
        self.base = dt.datetime(day.year, day.month, day.day, 9, tzinfo=CPH).astimezone(dt.UTC)
        self.started = _REAL_NOW()

    def now(self) -> dt.datetime:
        if self.base is None:
            return _REAL_NOW()
        return self.base + (_REAL_NOW() - self.started)


@contextmanager
def stand_in_clock() -> Iterator[Clock]:
    clock = Clock()
    with mock.patch("django.utils.timezone.now", new=clock.now):
        yield clock


def _decided_case(
    clock: Clock, caseworker: Any, cpr: str, cvr: str, *, until_further_notice: bool = False
) -> Case:
    """A Herning case through the services, each step on its day: received, active step, investigation and
    dialog form, and a sent 7-hour grant from 09.03.2026 (to 08.03.2027, or until further notice). Two
    documents: the GP's statement (health) and the contract."""
    clock.on(RECEIVED)
    case = services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(
            cpr=cpr,
            cvr=cvr,
            received_on=RECEIVED,
            period_from=dt.date(2026, 3, 9),
            period_to=dt.date(2027, 3, 8),
        ),
        assistants=factories.ASSISTANT,
        uploads=[
            (factories.pdf("laegeattest.pdf"), DocumentType.GP),
            (factories.pdf("kontrakt.pdf"), "contract"),
        ],
    )
    clock.on(ACTIVE)
    services.case_record_active_step(case=case, user=caseworker, kind="workplace_visit", on=ACTIVE)
    factories.investigate(case, caseworker)
    clock.on(DECIDED)
    case.refresh_from_db()
    decision = services.decision_draft(
        case=case,
        user=caseworker,
        assistant_ids=[a.pk for a in case.application.assistants.all()],
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("7"),
            "start_date": dt.date(2026, 3, 9),
            "end_date": None if until_further_notice else dt.date(2027, 3, 8),
            "period_type": "until_further_notice" if until_further_notice else "time_limited",
            "period_reason": "Funktionsnedsættelsen er varig, og opgaverne er de samme år efter år."
            if until_further_notice
            else "Behovet vurderes igen efter et år.",
            "rate_type": "standard",
            "reasons": "Behov for oplæsning",
        },
    )
    services.decision_send(decision=decision, user=caseworker)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    return case


def _weeks(days: int) -> str:
    """Weeks with one decimal, half up, in Danish format: done by hand from the days, not by the code."""
    tenths, rest = divmod(days * 10, 7)
    if rest * 2 >= 7:
        tenths += 1
    return f"{tenths // 10},{tenths % 10}"


def test_complaint_upheld_forwarded_remanded_and_decided_anew_with_processing_time(
    live_server: Any, browser: Any, municipalities: None
) -> None:
    base = live_server.url
    cpr = factories.register_person(first_name="Karen", last_name="Bøgh")
    cvr = factories.register_company(name="Herning Revision ApS")
    factories.user("citizen", username="karen", cpr=cpr, code=None)
    caseworker = factories.user("caseworker", username="mette", code="657")

    with stand_in_clock() as clock:
        case = _decided_case(clock, caseworker, cpr, cvr)

        # --- 27.03.2026: the person complains on Mine sider, 21 days after the decision. ---------------
        clock.on(COMPLAINED)
        assert (COMPLAINED - DECIDED).days == 21
        page = login(browser, base, "karen")
        page.click(f"a:has-text('Min sag {case.reference}')")
        assert_accessible(page)
        # The decision was sent by Digital Post on Friday 06.03.2026 and counts as received that day
        # (RSL § 67). 06.03.2026 + 28 days = Friday 03.04.2026, Good Friday (Easter Sunday 2026 is 5 April);
        # Saturday 04.04, Easter Sunday 05.04 and Easter Monday 06.04 are no working days either, so the
        # last day to complain moves to Tuesday 07.04.2026.
        last_day = dt.date(2026, 4, 7)
        assert page.locator("[data-testid=complaint-last-day]").inner_text() == factories.long_date(last_day)
        page.click("a:has-text('Klag over afgørelsen')")
        assert_accessible(page)
        assert page.locator("[data-testid=last-day]").inner_text() == factories.long_date(last_day)
        assert not page.locator("[data-testid=late-warning]").count()
        complaint_text = "Jeg har brug for flere timer: posten tager længere tid, end dialogskemaet viser."
        page.fill("#id_text", complaint_text)
        page.click("button:has-text('Fortsæt')")
        assert_accessible(page)
        assert page.locator("[data-testid=check-text]").inner_text() == complaint_text
        # «Ret klagen» brings back the text as typed; the check page follows the edit.
        page.click("button:has-text('Ret klagen')")
        assert page.locator("#id_text").input_value() == complaint_text
        complaint_text += " Jeg vedlægger intet nyt."
        page.fill("#id_text", complaint_text)
        page.click("button:has-text('Fortsæt')")
        assert page.locator("[data-testid=check-text]").inner_text() == complaint_text
        page.click("button:has-text('Send klagen')")
        assert "/portal/klager/" in page.url
        receipt = page.locator("[data-testid=complaint-receipt]").inner_text()
        assert f"modtog klagen {factories.long_date(COMPLAINED)}" in receipt
        assert not page.locator("[data-testid=late-warning]").count()  # in time: 27.03 ≤ 07.04
        # Re-assessment within 4 weeks of the complaint (RSL § 66): 27.03.2026 + 28 days = Friday 24.04.2026.
        assert page.locator("[data-testid=reassessment-due]").inner_text() == factories.long_date(
            dt.date(2026, 4, 24)
        )
        assert_accessible(page)
        complaint = Complaint.objects.get(case=case)
        assert complaint.received_on == COMPLAINED and complaint.in_time

        # --- The caseworker finds it under «Klager», upholds it and forwards it. -------------------------
        page = login(browser, base, "mette")
        page.click("nav[data-testid=inbox-tabs] a:has-text('Klager')")
        assert_accessible(page)
        page.click(f"[data-testid=inbox] a:has-text('{case.reference}')")
        assert page.locator("main dt:has-text('Status') + dd").first.inner_text() == "Klage – genvurderes"
        page.click("[data-testid=case-complaints] a:has-text('Runde 1')")
        assert_accessible(page)
        assert complaint_text in page.locator("[data-testid=complaint-text]").inner_text()
        page.get_by_label("Afgørelsen fastholdes – klagen sendes til Ankestyrelsen").check()
        page.fill(
            "#id_reasons",
            "Dialogskemaet viser 400 minutter om ugen, som assistenten dækker. Posten er medregnet. "
            "Afgørelsen fastholdes.",
        )
        page.click("button:has-text('Registrér genvurderingen')")
        assert "Genvurderingen er registreret." in page.locator("main").inner_text()
        assert page.locator("[data-testid=reassessment-outcome]").inner_text() == (
            "Afgørelsen fastholdes – klagen sendes til Ankestyrelsen (registreret 27.03.2026)"
        )
        assert_accessible(page)
        page.click("[data-testid=forward-link]")
        assert_accessible(page)
        contents = page.locator("[data-testid=package-contents]").inner_text()
        assert "laegeattest.pdf" in contents and "kontrakt.pdf" in contents
        page.click("form button:has-text('Send klagen til Ankestyrelsen')")
        main = page.locator("main").inner_text()
        assert "Klagen er sendt til Ankestyrelsen." in main
        # The task backend in settings/test.py runs tasks when they are enqueued, i.e. right after the
        # forwarding's commit, so the package is there when the page comes back.
        package = page.locator("[data-testid=package] a:has-text('Hent pakken som PDF')")
        assert package.count() == 1, page.locator("[data-testid=package]").inner_text()
        assert_accessible(page)
        response = page.context.request.get(base + package.get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        toc = " ".join(reader.pages[0].extract_text().split())
        assert "Indholdsfortegnelse" in toc
        for title in (
            "Klagen af 27.03.2026",
            "Genvurdering af afgørelsen af 06.03.2026",
            "Afgørelsen af 06.03.2026, som der klages over",
            "Lægeattest (egen læge): laegeattest.pdf",
            "Ansættelseskontrakt: kontrakt.pdf",
        ):
            assert title in toc, (title, toc)
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.FORWARDED and complaint.forwarded_on == COMPLAINED

        # --- 12.10.2026: Ankestyrelsen's dates and remand, typed in as they became known. ----------------
        clock.on(NEW_DECISION)
        page = login(browser, base, "mette")
        page.goto(f"{base}/sager/{case.pk}/")
        assert page.locator("main dt:has-text('Status') + dd").first.inner_text() == "Sendt til Ankestyrelsen"
        page.click("[data-testid=case-complaints] a:has-text('Runde 1')")
        assert_accessible(page)
        page.fill("#id_received-on", AST_RECEIVED.isoformat())
        page.fill("#id_received-reference", "25-123456")
        page.click("button:has-text('Registrér modtagelsen')")
        assert (
            "08.04.2026, journalnummer 25-123456"
            in page.locator("[data-testid=appeals-received]").inner_text()
        )
        page.fill("#id_assigned-on", AST_ASSIGNED.isoformat())
        page.click("button:has-text('Registrér datoen')")
        assert "Datoen er registreret." in page.locator("main").inner_text()
        page.fill("#id_decided-on", AST_DECIDED.isoformat())
        page.get_by_label("Hjemvist", exact=True).check()
        page.set_input_files(
            "#id_decided-upload",
            files=[
                {"name": "ankestyrelsen.pdf", "mimeType": "application/pdf", "buffer": factories.PDF_BYTES}
            ],
        )
        page.fill("#id_decided-remand_received_on", REMAND_RECEIVED.isoformat())
        page.click("button:has-text('Registrér afgørelsen')")
        assert "Ankestyrelsens afgørelse er registreret." in page.locator("main").inner_text()
        assert "Hjemvist, 16.09.2026" in page.locator("[data-testid=appeals-outcome]").inner_text()
        assert_accessible(page)
        page.click("a:has-text('Tilbage til sagen')")
        assert page.locator("main dt:has-text('Status') + dd").first.inner_text() == "Hjemvist – ny afgørelse"

        # --- The new decision, through the decision page and the send-confirmation page. ---------------
        page.click("a:has-text('Træf afgørelse')")
        assert_accessible(page)
        # Ankestyrelsen remanded for a new assessment: the new decision covers the period applied for.
        page.check("#id_outcome_0")  # grant
        page.fill("#id_hours_per_week", "7")
        page.fill("#id_start_date", "2026-03-09")
        page.check("#id_period_type_0")
        page.fill("#id_end_date", "2027-03-08")
        page.fill("#id_period_reason", "Behovet vurderes igen efter et år.")
        page.fill(
            "#id_reasons",
            "Ankestyrelsen hjemviste sagen; posten er nu vurderet for sig og indgår i de 7 timer.",
        )
        page.click("button:has-text('Gem og se brevet')")
        errors = page.locator("#error-summary")
        assert not errors.count(), errors.inner_text()
        assert_accessible(page)
        page.click("button:has-text('Gem og gå til afsendelse')")
        assert_accessible(page)
        page.click("button:has-text('Send afgørelsen')")
        assert "Afgørelsen er sendt" in page.locator("main").inner_text()
        page.goto(f"{base}/sager/{case.pk}/")
        case.refresh_from_db()
        assert case.status == CaseStatus.DECIDED
        assert page.locator("main dt:has-text('Status') + dd").first.inner_text() == "Afgjort"

        # --- Processing time per step, worked out by hand from the dates above (weeks = days / 7). -------
        expected = {
            # 05.01 → 20.01.2026: 15 days = 2,14 → 2,1
            "km_initial": ("KM – Indledende kontakt", RECEIVED, ACTIVE, 15, "2,1"),
            # 20.01 → 06.03.2026: 11 (rest of January) + 28 (February) + 6 = 45 days = 6,43 → 6,4
            "km_investigation": ("KM – Sagsoplysning, udmåling og afgørelse", ACTIVE, DECIDED, 45, "6,4"),
            # 06.03 → 27.03.2026 (forwarded the day of the complaint): 21 days = 3,0
            "km_complaint": ("KM – Klage og genvurdering", DECIDED, COMPLAINED, 21, "3,0"),
            # 08.04 → 22.05.2026: 22 (rest of April) + 22 = 44 days = 6,29 → 6,3
            "ast_waiting": (
                "AST – Tid inden sagen fordeles til sagsbehandler",
                AST_RECEIVED,
                AST_ASSIGNED,
                44,
                "6,3",
            ),
            # 22.05 → 16.09.2026: 9 + 30 + 31 + 31 + 16 = 117 days = 16,71 → 16,7
            "ast_processing": ("AST – Sagsbehandling", AST_ASSIGNED, AST_DECIDED, 117, "16,7"),
            # 18.09 → 12.10.2026: 12 (rest of September) + 12 = 24 days = 3,43 → 3,4
            "km_after_remand": (
                "KM – Sagsbehandling, klage og genvurdering efter hjemvisning",
                REMAND_RECEIVED,
                NEW_DECISION,
                24,
                "3,4",
            ),
        }
        section = page.locator("[data-testid=processing-time]")
        section.locator("summary:has-text('Vis som tabel')").click()
        table = section.locator("[data-testid=processing-time-table]")
        for code, (label, start, end, days, weeks) in expected.items():
            assert (end - start).days == days, code
            assert _weeks(days) == weeks, code
            cells = [c.strip() for c in table.locator(f"tr[data-step={code}] > *").all_inner_texts()]
            assert cells == [label, f"{start:%d.%m.%Y}", f"{end:%d.%m.%Y}", weeks], (code, cells)
            assert f"{label}: {weeks} uger" in section.locator(".k-bar-legend").inner_text()
        # No second complaint: Ankestyrelsen's round 2 never started.
        for code in ("ast_waiting_2", "ast_processing_2"):
            cells = [c.strip() for c in table.locator(f"tr[data-step={code}] > *").all_inner_texts()]
            assert cells[1:3] == ["–", "–"], (code, cells)
        # Total: 15 + 45 + 21 + 44 + 117 + 24 = 266 days = 38,0 weeks.
        assert sum(e[3] for e in expected.values()) == 266
        total = table.locator("tfoot td").last.inner_text().strip()
        assert total == "38,0"
        assert re.sub(r"\s+", " ", section.locator("h2").inner_text()) == "Sagsbehandlingstid"
        assert_accessible(page)
