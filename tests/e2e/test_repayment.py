"""A repayment claim in a real browser: draft, hearing of the employer (FVL § 19), answer, decision, letter.

Offsetting in a later payout happens only when the decision chose it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kompensation.accounts.models import Role, User
from kompensation.payments import services
from kompensation.payments.models import PaymentRequest, RepaymentClaim
from kompensation.rules import payments as payment_rules
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login
from tests.factories import long_date

TODAY = timezone.localdate()
FACTS = "Lønsedlen for september viser, at assistenten var fratrådt; der er betalt for 10 timer, ikke 4."
ANSWER = "Assistenten arbejdede frivilligt i september, og vi betalte timerne."
ASSESSMENT = "Der er ikke udbetalt løn for timerne, så de giver ikke ret til tilskud."


@pytest.fixture
def setting(
    municipalities: None, granted_case: Any, rates: None, wages: None, simplified: None
) -> dict[str, Any]:
    """A request for the previous quarter, 10 hours, approved and paid: 1.598,25 kr. (10 × 127,86 + 25 %)."""
    employer = factories.user(Role.EMPLOYER, username="loenkontor", cvr=granted_case.employer.cvr, code=None)
    officer = factories.user(Role.PAYMENT_OFFICER, username="hanne", code="657")
    start, end = factories.previous_quarter()
    assistant = granted_case.application.assistants.first().name
    request = services.payment_request_save_draft(
        user=employer,
        grant=granted_case.grants.get(),
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal("10")}],
    )
    services.payslip_add(
        user=employer, request=request, upload=factories.pdf("loen.pdf"), assistant=assistant
    )
    services.payment_request_submit(
        user=employer, request=request, declaration=True, idempotency_key=uuid.uuid4().hex
    )
    services.payment_request_approve(user=officer, request=request)
    services.payout_batch_create(user=officer)
    request.refresh_from_db()
    assert request.status == "paid" and request.payout.gross == Decimal("1598.25")
    return {"case": granted_case, "request": request, "employer": employer, "officer": officer}


def start_claim_and_hear(page: Any, base: str, request: PaymentRequest) -> RepaymentClaim:
    """The officer opens the paid request, drafts a claim, reads the hearing and sends it."""
    page.goto(f"{base}/udbetaling/{request.pk}/")
    assert page.locator("h1").inner_text() == f"Anmodning {request.reference}"
    page.click("a:has-text('Opret tilbagebetalingskrav')")
    assert_accessible(page)
    page.get_by_label("Urigtige oplysninger givet mod bedre vidende").check()
    page.fill("#id_facts", FACTS)
    # 4 hours were due: 4 × 127,86 = 511,44 + 25 % = 127,86 → 639,30 kr.; 1.598,25 − 639,30 = 958,95 kr.
    page.fill(f"#id_should_{request.pk}", "639,30")
    page.click("button:has-text('Gem kravet som kladde')")
    assert page.locator("[data-testid=claim-status]").inner_text() == "Kladde"
    assert page.locator("[data-testid=claim-amount]").inner_text() == "958,95 kr."
    preview = page.locator("[data-testid=hearing-preview]").inner_text()
    assert "Vi træffer ikke afgørelse før fristen" in preview and FACTS in preview
    assert_accessible(page)
    assert page.locator("#id_response_days").input_value() == "14"
    page.click("button:has-text('Send partshøring til virksomheden')")
    assert page.locator("[data-testid=claim-status]").inner_text() == "I partshøring"
    assert (
        "Du kan træffe afgørelse, når virksomheden har svaret"
        in page.locator("[data-testid=wait]").inner_text()
    )
    return RepaymentClaim.objects.get()


def pdf_text(page: Any, link: str) -> str:
    with page.expect_download() as info:
        page.click(link)
    with open(info.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    return re.sub(r" ?•? ?Side \d+ af \d+ ?", " ", text)


def later_request(setting: dict[str, Any]) -> PaymentRequest:
    """This month's request, 5 hours: where an offset would be taken."""
    case = setting["case"]
    start, end = payment_rules.month_bounds(TODAY.year, TODAY.month)
    request = services.payment_request_save_draft(
        user=setting["employer"],
        grant=case.grants.get(),
        period_start=start,
        period_end=min(end, TODAY),
        hours=[{"assistant": case.application.assistants.first().name, "hours": Decimal("5")}],
    )
    services.payslip_add(
        user=setting["employer"],
        request=request,
        upload=factories.pdf("loen.pdf"),
        assistant=case.application.assistants.first().name,
    )
    return services.payment_request_submit(
        user=setting["employer"], request=request, declaration=True, idempotency_key=uuid.uuid4().hex
    )


def test_repayment_with_hearing_answer_in_the_portal_and_offsetting(
    live_server: Any, browser: Any, setting: dict[str, Any]
) -> None:
    base = live_server.url
    page = login(browser, base, "hanne")
    claim = start_claim_and_hear(page, base, setting["request"])

    # The employer finds the hearing in the portal, reads the letter, and answers on the claim's page.
    page = login(browser, base, "loenkontor")
    text = pdf_text(page, "a:has-text('Partshøring om tilbagebetaling')")
    assert "958,95 kr." in text and f"Svar senest den {long_date(claim.response_due)}." in text
    assert "Vi træffer ikke afgørelse før fristen" in text
    page.click("nav >> text=Udbetaling")
    claims = page.locator("[data-testid=employer-claims]").inner_text()
    assert f"svar senest {claim.response_due:%d.%m.%Y}" in claims
    page.click(f"a:has-text('{claim.reference}')")
    assert_accessible(page)
    assert page.locator("[data-testid=claim-amount]").inner_text() == "958,95 kr."
    page.click("button:has-text('Send svaret til jobcentret')")
    assert page.locator("#error-summary").is_visible()
    page.fill("#id_answer", ANSWER)
    page.click("button:has-text('Send svaret til jobcentret')")
    assert ANSWER in page.locator("[data-testid=answer]").inner_text()
    assert_accessible(page)

    # The officer finds the answered claim from the queue and decides: offsetting.
    page = login(browser, base, "hanne")
    assert "svar modtaget" in page.locator("[data-testid=open-claims]").inner_text()
    page.click(f"[data-testid=open-claims] a:has-text('{claim.reference}')")
    assert ANSWER in page.locator("[data-testid=answer]").inner_text()
    assert_accessible(page)
    page.fill("#id_assessment", ASSESSMENT)
    page.get_by_label("Beløbet modregnes i kommende udbetalinger").check()
    page.click("button:has-text('Træf afgørelse og send brevet')")
    assert page.locator("[data-testid=claim-status]").inner_text() == "Afgjort"
    assert_accessible(page)
    text = pdf_text(page, "a:has-text('Afgørelsesbrev (PDF)')")
    assert "skal betale 958,95 kr. af tilskuddet til personlig assistance tilbage" in text
    assert FACTS in text
    assert f"Virksomheden svarede den {long_date(TODAY)}: {ANSWER}" in text
    assert f"Vores vurdering af svaret: {ASSESSMENT}" in text
    assert "virksomheden har mod bedre vidende afgivet urigtige erklæringer eller oplysninger" in text
    assert "Hjemmel: Reglerne om kompensation til handicappede i erhverv" in text
    assert "udbetalt 1.598,25 kr., skulle have været 639,30 kr., for meget udbetalt 958,95 kr." in text
    assert "Beløbet modregnes i de kommende udbetalinger" in text
    for guidance in ("Klagevejledning", "4 uger", "Ankestyrelsen", "forvaltningslovens § 25"):
        assert guidance in text, guidance

    # The next payout is offset by the claim: 5 × 127,86 = 639,30 + 25 % = 799,13 kr. − 799,13 offset.
    later = later_request(setting)
    payout = services.payment_request_approve(user=User.objects.get(username="hanne"), request=later)
    claim.refresh_from_db()
    assert payout.gross == Decimal("799.13") and payout.offset == Decimal("799.13") and payout.net == 0
    assert claim.outstanding == Decimal("159.82")  # 958,95 − 799,13


def test_repayment_decided_after_the_deadline_to_be_paid_is_not_offset(
    live_server: Any, browser: Any, setting: dict[str, Any]
) -> None:
    base = live_server.url
    page = login(browser, base, "hanne")
    claim = start_claim_and_hear(page, base, setting["request"])
    # The deadline passes without an answer.
    RepaymentClaim.objects.filter(pk=claim.pk).update(response_due=TODAY - dt.timedelta(days=1))
    page.reload()
    assert "Virksomheden har ikke svaret endnu." in page.locator("[data-testid=answer]").inner_text()
    page.get_by_label("Virksomheden betaler beløbet").check()
    page.fill("#id_payment_account", "Herning Kommune, reg.nr. 1234 kontonr. 5678901")
    page.fill("#id_payment_due", "")
    page.click("button:has-text('Træf afgørelse og send brevet')")
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)
    page.fill("#id_payment_due", "2030-01-07")
    page.click("button:has-text('Træf afgørelse og send brevet')")
    assert page.locator("[data-testid=claim-status]").inner_text() == "Afgjort"
    text = pdf_text(page, "a:has-text('Afgørelsesbrev (PDF)')")
    assert "Vi har ikke modtaget svar inden fristen" in text
    assert (
        "Virksomheden skal betale 958,95 kr. senest den 7. januar 2030 til Herning Kommune, reg.nr. 1234 "
        "kontonr. 5678901." in text
    )
    assert "Klagevejledning" in text and "modregnes i de kommende" not in text

    later = later_request(setting)
    payout = services.payment_request_approve(user=User.objects.get(username="hanne"), request=later)
    assert payout.offset == Decimal("0.00") and payout.net == payout.gross == Decimal("799.13")
