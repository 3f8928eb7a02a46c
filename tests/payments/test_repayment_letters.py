"""The repayment letters as the employer reads them: the text of the rendered PDFs (pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kompensation.letters.services import letter_render
from kompensation.payments import services
from tests.factories import long_date
from tests.payments.test_services import draft, submit

pytestmark = pytest.mark.django_db

# The letter dates by the Danish day, not the machine's UTC date (they differ near midnight).
TODAY = timezone.localdate()
FACTS = "Timesedlen for marts nævner en assistent, der var fratrådt den 28. februar."
ANSWER = "Assistenten arbejdede på timeløn efter fratrædelsen."
ASSESSMENT = "Der er ingen lønsedler for marts, så svaret ændrer ikke vurderingen."
# What the employer must never read: the person's impairment and the dialog form's tasks (paper_data).
HEALTH = ["Nedsat syn", "Læsning af bilag", "Skærmlæser", "lægeattest", "Lægeattest"]


@pytest.fixture
def claim(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None, officer: Any) -> Any:
    """10 hours paid (1.598,25 kr.); 4 hours were due (639,30 kr.): 958,95 kr. is claimed back."""
    request = submit(employer, draft(employer, granted_case, Decimal("10")))
    services.payment_request_approve(user=officer, request=request)
    claim = services.repayment_claim_create(
        user=officer,
        grant=request.grant,
        condition="wrong_information",
        facts=FACTS,
        # 4 h × 127,86 = 511,44; + 25 % = 127,86; due 639,30. 1.598,25 − 639,30 = 958,95.
        should_have_been={request.pk: Decimal("639.30")},
    )
    return services.repayment_hearing_send(user=officer, claim=claim)


def pdf_text(letter: Any) -> str:
    letter_render(letter_id=letter.pk)
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Line and page breaks fall wherever the page is full; compare words, without the page footers.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return re.sub(r" ?•? ?Side \d+ af \d+ ?", " ", text)


def test_the_hearing_letter_states_facts_condition_computation_deadline_and_how_to_answer(
    claim: Any,
) -> None:
    text = pdf_text(claim.hearing_letter)
    request = claim.lines[0]["reference"]
    assert claim.grant.case.employer.name in text
    assert FACTS in text
    assert "virksomheden har mod bedre vidende afgivet urigtige erklæringer eller oplysninger" in text
    assert "bekendtgørelse nr. 1174 af 25/11/2019" in text
    assert f"{request}" in text
    assert "udbetalt 1.598,25 kr., skulle have været 639,30 kr., for meget udbetalt 958,95 kr." in text
    assert "I alt kræves tilbagebetalt: 958,95 kr." in text
    assert f"Svar senest den {long_date(claim.response_due)}." in text
    assert "Vi træffer ikke afgørelse før fristen" in text
    assert "forvaltningslovens § 19" in text
    assert "Log ind på portalen, vælg Udbetaling" in text
    # A hearing is not a decision: no complaint guidance yet, and nothing to pay.
    assert "Klagevejledning" not in text and "der skal ikke betales noget endnu" in text
    for word in HEALTH:
        assert word not in text


def test_the_decision_letter_with_payment(claim: Any, officer: Any, employer: Any) -> None:
    services.repayment_answer(user=employer, claim=claim, answer=ANSWER)
    decided = services.repayment_decide(
        user=officer,
        claim=claim,
        assessment=ASSESSMENT,
        settlement="payment",
        payment_account="Herning Kommune, reg.nr. 1234 kontonr. 5678901",
        payment_due=dt.date(2030, 1, 7),
    )
    text = pdf_text(decided.letter)
    assert "har truffet afgørelse om, at virksomheden skal betale 958,95 kr." in text
    assert FACTS in text
    assert f"Virksomheden svarede den {long_date(TODAY)}: {ANSWER}" in text
    assert f"Vores vurdering af svaret: {ASSESSMENT}" in text
    assert "Vi har lagt vægt på, at virksomheden har mod bedre vidende afgivet urigtige" in text
    assert "Hjemmel: Reglerne om kompensation til handicappede i erhverv" in text
    assert "udbetalt 1.598,25 kr., skulle have været 639,30 kr., for meget udbetalt 958,95 kr." in text
    assert (
        "Virksomheden skal betale 958,95 kr. senest den 7. januar 2030 til Herning Kommune, reg.nr. 1234 "
        f"kontonr. 5678901. Skriv kravets nummer {decided.reference} ved indbetalingen." in text
    )
    assert "ikke modregnet" in text and "modregnes i de kommende" not in text
    # The fixed complaint guidance (FVL § 25): a concrete last day, 4 weeks, the jobcentre, Ankestyrelsen.
    assert "Klagevejledning" in text and "modtaget senest den" in text and "4 uger" in text
    assert "Ankestyrelsen" in text
    assert "forvaltningslovens § 25" in text
    for word in HEALTH:
        assert word not in text


def test_the_decision_letter_with_offsetting_after_the_deadline(claim: Any, officer: Any) -> None:
    from kompensation.payments.models import RepaymentClaim

    RepaymentClaim.objects.filter(pk=claim.pk).update(response_due=TODAY - dt.timedelta(days=1))
    claim.refresh_from_db()
    decided = services.repayment_decide(user=officer, claim=claim, assessment="", settlement="offset")
    text = pdf_text(decided.letter)
    due = TODAY - dt.timedelta(days=1)
    assert f"med frist den {long_date(due)}. Vi har ikke modtaget svar inden fristen" in text
    assert (
        f"Beløbet modregnes i de kommende udbetalinger af tilskud til personlig assistance på sag "
        f"{claim.grant.case.reference}, fra og med den første udbetaling, vi godkender efter den "
        f"{long_date(TODAY)}, og indtil 958,95 kr. er modregnet." in text
    )
    assert "Virksomheden skal ikke indbetale noget." in text and "Klagevejledning" in text
