"""The letters of a repayment claim: the hearing of the employer (FVL § 19) and the decision.

Both go to the employer in the subsidy class: they are composed from the claim (facts the officer wrote,
the condition, the computation per paid request) and never from the person's impairment, documents or
assessment. The decision's complaint guidance is the fixed footer `letter_create` adds to every
repayment decision (`compose.complaint_guidance`, FVL § 25).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from kompensation.rules import repayment as rules

from .compose import danish_date

if TYPE_CHECKING:
    from kompensation.payments.models import RepaymentClaim


def kr(amount: Decimal | str) -> str:
    text = f"{Decimal(amount):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} kr."


def computation(claim: RepaymentClaim) -> list[str]:
    """One list item per paid request, then the total: the table the employer can check by hand."""
    rows = []
    for line in claim.lines:
        earlier = Decimal(line.get("earlier_claimed") or 0)
        already = f", allerede krævet tilbage {kr(earlier)}" if earlier else ""
        rows.append(
            f"- {line['reference']} ({danish_date(_date(line['period_start']))}–"
            f"{danish_date(_date(line['period_end']))}): udbetalt {kr(line['paid'])}{already}, "
            f"skulle have været {kr(line['should_have_been'])}, for meget udbetalt "
            f"{kr(line['difference'])}"
        )
    rows.append(f"I alt kræves tilbagebetalt: {kr(claim.amount)}")
    return rows


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _opening(claim: RepaymentClaim) -> list[str]:
    case = claim.grant.case
    employer = case.employer
    return [
        f"Til {employer.name if employer else 'virksomheden'}",
        f"Sag {case.reference} · tilskud til personlig assistance for {case.person.name} · "
        f"krav {claim.reference}",
    ]


def repayment_hearing_letter(*, claim: RepaymentClaim) -> tuple[str, str]:
    """FVL § 19: the facts, the condition, the amount and how it was computed, the deadline, how to answer."""
    case = claim.grant.case
    jobcenter = case.administration
    assert claim.response_due is not None
    parts = [
        *_opening(claim),
        f"{jobcenter} overvejer at kræve {kr(claim.amount)} af tilskuddet til personlig assistance "
        f"betalt tilbage for perioden {danish_date(claim.period_start)}–{danish_date(claim.period_end)}. "
        "Før vi træffer afgørelse, får virksomheden mulighed for at komme med bemærkninger "
        f"({rules.HEARING_RULE}).",
        "## Sagens faktiske omstændigheder",
        claim.facts,
        "## Hvorfor vi overvejer at kræve beløbet tilbage",
        f"Vi vurderer foreløbigt, at {claim.condition_text}. Hjemmel: {rules.LEGAL_BASIS}.",
        "## Beløbet, og hvordan det er beregnet",
        *computation(claim),
        "## Frist for at svare",
        f"Svar senest den {danish_date(claim.response_due)}. Vi træffer ikke afgørelse før fristen, "
        "medmindre virksomheden har svaret inden da.",
        "## Sådan svarer virksomheden",
        "Log ind på portalen, vælg Udbetaling, og åbn kravet under Tilbagebetalingskrav. Skriv "
        "virksomhedens bemærkninger, og send svaret. Virksomheden kan også ringe eller skrive til "
        f"{jobcenter} og nævne sagsnummeret {case.reference}.",
        "Hører vi ikke fra virksomheden inden fristen, træffer vi afgørelse på de oplysninger, vi har.",
        "Brevet er ikke en afgørelse, og der skal ikke betales noget endnu.",
    ]
    return f"Partshøring om tilbagebetaling – sag {case.reference}", "\n".join(parts)


def repayment_decision_letter(*, claim: RepaymentClaim) -> tuple[str, str]:
    """The decision: facts, the answer and our assessment, legal basis and condition, amount, settlement."""
    from kompensation.payments.models import Settlement

    case = claim.grant.case
    jobcenter = case.administration
    assert claim.hearing_sent_on is not None and claim.response_due is not None
    if claim.answered:
        answer = [
            f"Vi sendte virksomheden en partshøring den {danish_date(claim.hearing_sent_on)} "
            f"({rules.HEARING_RULE}). Virksomheden svarede den {danish_date(claim.answered_on)}:",
            claim.answer,
            f"Vores vurdering af svaret: {claim.assessment}",
        ]
    else:
        answer = [
            f"Vi sendte virksomheden en partshøring den {danish_date(claim.hearing_sent_on)} "
            f"({rules.HEARING_RULE}) med frist den {danish_date(claim.response_due)}. Vi har ikke modtaget "
            "svar inden fristen og har derfor truffet afgørelse på de oplysninger, vi har.",
        ]
        if claim.assessment:
            answer.append(claim.assessment)
    if claim.settlement == Settlement.PAYMENT:
        assert claim.payment_due is not None
        settlement = [
            "## Sådan betales beløbet",
            f"Virksomheden skal betale {kr(claim.amount)} senest den {danish_date(claim.payment_due)} "
            f"til {claim.payment_account}. Skriv kravets nummer {claim.reference} ved indbetalingen.",
            "Beløbet bliver ikke modregnet i virksomhedens udbetalinger af tilskud.",
        ]
    else:
        assert claim.decided_at is not None
        settlement = [
            "## Sådan betales beløbet",
            f"Beløbet modregnes i de kommende udbetalinger af tilskud til personlig assistance på sag "
            f"{case.reference}, fra og med den første udbetaling, vi godkender efter "
            f"den {danish_date(timezone.localdate(claim.decided_at))}, og indtil {kr(claim.amount)} er "
            "modregnet. "
            "Hver udbetaling viser, hvor meget der er modregnet.",
            "Virksomheden skal ikke indbetale noget.",
        ]
    parts = [
        *_opening(claim),
        f"{jobcenter} har truffet afgørelse om, at virksomheden skal betale {kr(claim.amount)} af "
        f"tilskuddet til personlig assistance tilbage for perioden {danish_date(claim.period_start)}–"
        f"{danish_date(claim.period_end)}.",
        "## Sagens faktiske omstændigheder",
        claim.facts,
        "## Virksomhedens bemærkninger",
        *answer,
        "## Begrundelse og hjemmel",
        f"Vi har lagt vægt på, at {claim.condition_text}. Tilskuddet er derfor udbetalt på et urigtigt "
        f"grundlag. Hjemmel: {rules.LEGAL_BASIS}.",
        "## Beløbet, og hvordan det er beregnet",
        *computation(claim),
        *settlement,
    ]
    return f"Afgørelse om tilbagebetaling – sag {case.reference}", "\n".join(parts)
