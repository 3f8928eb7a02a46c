"""The decision letter under Serviceloven: the measurement as a table with its total, how the whole need is
covered, other help and training on refusal, the payee and the municipality's rate rows, and aids' prices.

Every figure is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kompensation.cases import services as case_services
from kompensation.cases.models import CaseStatus
from kompensation.letters import parts
from kompensation.payments.models import PaymentSettings, RateKind, RateRow
from kompensation.social.decisions import social_decision_draft
from kompensation.social.models import AidTrial
from kompensation.social.services import activity_save
from tests import factories
from tests.social.test_decisions import (
    TODAY,
    aid_case,
    aid_grant,
    bpa_case,
    bpa_grant,
    cash_case,
    cash_grant,
    refusal,
)

pytestmark = pytest.mark.django_db

# BPA_ROWS by hand (minutes a week → hours a week):
#   Morgenpleje 60 × 1 a day × 7 = 420 → 7;  Måltider 30 × 3 a day × 7 = 630 → 10,5
#   Rengøring 120 × 2 a week = 240 → 4;       Indkøb 180 × 2 a week = 360 → 6          total 27,5
BPA_TABLE = [
    "| Aktivitet | Kategori | Tid pr. gang | Hyppighed | Timer pr. uge | Begrundelse |",
    "| Morgenpleje: bad, påklædning | Personlig pleje | 60 min. | 1 gang om dagen | 7 | Kan ikke selv komme "
    "i og ud af badet (lammelse i begge arme). |",
    "| Måltider: tilberedning og hjælp til at spise | Personlig pleje | 30 min. | 3 gange om dagen | 10,5 | "
    "Kan ikke bruge kniv og gaffel; tre hovedmåltider. |",
    "| Rengøring og tøjvask | Praktisk hjælp (rengøring, tøjvask, indkøb) | 120 min. | 2 gange om ugen | 4 | "
    "Kan ikke udføre rengøring eller betjene vaskemaskinen. |",
    "| Indkøb og fritidsaktiviteter | Hjælp uden for hjemmet | 180 min. | 2 gange om ugen | 6 | Ønsker at "
    "handle selv og gå til svømning; har brug for hjælp til af- og påklædning. |",
    "| I alt |  |  |  | 27,5 |  |",
]


def rate(kind: str, value: str, officer: Any, caseworker: Any) -> None:
    RateRow.objects.create(
        kind=kind,
        municipality=caseworker.municipality,
        valid_from=dt.date(2020, 1, 1),
        value=Decimal(value),
        entered_by=officer,
        source="Herning Kommunes takster",
    )


def test_a_bpa_grant_letter_shows_the_table_the_total_and_the_money_and_is_sent(
    herning_caseworker: Any, officer: Any
) -> None:
    case = bpa_case(herning_caseworker)
    rate(RateKind.BPA_HOURLY, "215.40", officer, herning_caseworker)
    rate(RateKind.BPA_STANDBY_HOURLY, "60.00", officer, herning_caseworker)
    rate(RateKind.BPA_ADMIN_PER_HOUR, "12.50", officer, herning_caseworker)
    decision = social_decision_draft(
        case=case, user=herning_caseworker, data=bpa_grant(standby_hours_per_week=Decimal(6))
    )
    letter = decision.letter
    assert letter is not None
    assert letter.subject == f"Bevilling af borgerstyret personlig assistance (BPA) – sag {case.reference}"
    lines = letter.body.splitlines()
    start = lines.index(BPA_TABLE[0])
    assert lines[start : start + len(BPA_TABLE)] == BPA_TABLE
    # Per category: personal care 7 + 10,5 = 17,5; practical 4; outside the home 6 — in the categories' order.
    assert lines[start + len(BPA_TABLE) : start + len(BPA_TABLE) + 4] == [
        "Timer om ugen pr. kategori:",
        "- Personlig pleje: 17,5 timer",
        "- Praktisk hjælp (rengøring, tøjvask, indkøb): 4 timer",
        "- Hjælp uden for hjemmet: 6 timer",
    ]
    body = letter.body
    assert "Behovet er udmålt til 27,5 timer om ugen (27,5 egentlige timer og 0 rådighedstimer)." in body
    assert "Sådan dækkes hele dit behov: Hele behovet dækkes af BPA-ordningen." in body
    # 27,5 hours of which 6 stand-by: 21,5 actual.
    assert "i 27,5 timer om ugen fra den" in body and "og indtil videre (servicelovens § 96)." in body
    assert "Heraf er 21,5 timer egentlige timer og 6 timer rådighedstimer." in body
    assert "Arbejdsgiverrollen varetages af dig selv (borgeren selv, servicelovens § 96 stk. 3)." in body
    assert "Beløbet udbetales hver måned forud til dig, senest sidste bankdag før måneden" in body
    assert (
        "Timebeløbet for egentlige timer er 215,40 kr. pr. time efter kommunens takst fra den 1. januar 2020."
        in (body)
    )
    assert "Timebeløbet for rådighedstimer er 60,00 kr. pr. time" in body
    assert "Der udbetales et administrationsbidrag på 12,50 kr. pr. time." in body
    # The five parts the shared letter editor works on.
    split = parts.split(body)
    assert split is not None
    assert [p.heading for p in split.parts] == [
        "1. Din ansøgning",
        "2. Personkredsen",
        "3. Udmåling af hjælpen",
        "4. Vurdering",
        "5. Afgørelse",
    ]

    sent = case_services.decision_send(decision=decision, user=herning_caseworker)
    case.refresh_from_db()
    grant = case.grants.get()
    assert case.status == CaseStatus.DECIDED
    assert grant.decision.grant_kind == "bpa"
    assert sent.employer_letter is None  # social cases have no employer, so no employer's version
    assert grant.follow_ups.count() == 1  # a running scheme is followed up (SEL § 148)
    sent.letter.refresh_from_db()  # type: ignore[union-attr]
    footer = sent.letter.fixed_footer  # type: ignore[union-attr]
    assert "Du kan klage mundtligt eller skriftligt til Socialforvaltningen i Herning Kommune." in footer
    assert "Ankestyrelsen behandler klager over afgørelser efter serviceloven som klagemyndighed på det " in (
        footer
    )
    assert "Jobcenter" not in footer and "Jobcenter" not in body


def test_the_administration_contribution_as_a_sum_and_a_company_paid_in_arrears(
    herning_caseworker: Any, officer: Any
) -> None:
    case = bpa_case(herning_caseworker)
    PaymentSettings.objects.update_or_create(
        municipality=herning_caseworker.municipality, defaults={"bpa_admin_mode": "sum"}
    )
    rate(RateKind.BPA_ADMIN_MONTHLY, "2500", officer, herning_caseworker)
    cvr = factories.register_company(name="Hjælperordning ApS")
    decision = social_decision_draft(
        case=case, user=herning_caseworker, data=bpa_grant(employer_role="company", payee_cvr=cvr)
    )
    body = decision.letter.body  # type: ignore[union-attr]
    assert (
        f"Arbejdsgiverrollen varetages af Hjælperordning ApS (CVR {cvr}) (en godkendt privat virksomhed,"
        in (body)
    )
    assert (
        f"Beløbet udbetales hver måned bagud til Hjælperordning ApS (CVR {cvr}), den første bankdag" in body
    )
    assert "administrationsbidrag som et fast beløb på 2.500,00 kr. pr. måned" in body
    # No rate rows for the hours: the letter says the municipality's rate applies.
    assert "Timebeløbet for egentlige timer er kommunens gældende timebeløb." in body
    assert "Alle timer er egentlige timer." in body


def test_a_cash_grant_below_the_need_explains_it_and_pays_a_relative_in_advance(
    herning_caseworker: Any, officer: Any
) -> None:
    case = cash_case(herning_caseworker)
    rate(RateKind.CASH_HOURLY, "198.75", officer, herning_caseworker)
    mother = factories.register_person(first_name="Mor", last_name="Testesen", birth=dt.date(1960, 5, 1))
    decision = social_decision_draft(
        case=case,
        user=herning_caseworker,
        data=cash_grant(
            hours_per_week=Decimal(21),
            employer_role="relative",
            payee_cpr=mother,
            below_need_reason="de øvrige 35 timer dækkes af hjemmeplejen efter § 83 og aflastning efter § 84",
            coverage="21 timer tilskud, 28 timer hjemmepleje efter § 83, 7 timer aflastning efter § 84.",
        ),
    )
    body = decision.letter.body  # type: ignore[union-attr]
    # 28 + 14 + 7 + 7 = 56; relief is measured but not counted towards the 20 hours: 49.
    assert "| I alt |  |  |  | 56 |  |" in body
    assert "Efter servicelovens § 95 stk. 2 tæller 49 timer om ugen med" in body
    assert (
        "Du får bevilget 21 timer om ugen, og det er færre end de 56 timer, behovet er udmålt til, fordi de "
        "øvrige 35 timer dækkes af hjemmeplejen efter § 83 og aflastning efter § 84." in body
    )
    assert "Beløbet udbetales hver måned forud til Mor Testesen, som er din nærtstående" in body
    assert "Timebeløbet for timerne er 198,75 kr. pr. time" in body
    assert "administrationsbidrag" not in body
    assert "Arbejdsgiverrollen" not in body


def test_a_cash_refusal_says_which_other_help_was_considered_and_the_training_offer(
    herning_caseworker: Any,
) -> None:
    case = cash_case(herning_caseworker, unmet=("work_supervisor",))
    decision = social_decision_draft(case=case, user=herning_caseworker, data=refusal())
    body = decision.letter.body  # type: ignore[union-attr]
    assert decision.letter.subject.startswith("Afslag på kontant tilskud til hjælpere – sag KT-")  # type: ignore[union-attr]
    assert (
        "Anden hjælp, vi har overvejet, og om en anden myndighed kan hjælpe (retssikkerhedslovens § 5): "
        "Personlig og praktisk hjælp efter § 83 og aflastning efter § 84; hjemmesygepleje." in body
    )
    assert (
        "Vi har tilbudt dig oplæring i at være arbejdsleder og arbejdsgiver for dine hjælpere "
        "(servicelovens § 85), men du har takket nej." in body
    )
    assert "Du får afslag på kontant tilskud til hjælpere efter servicelovens § 95." in body
    assert (
        "- Kan være arbejdsleder for hjælperne, eller tilskuddet udbetales til en nærtstående, der passer "
        "personen (SEL § 95 stk. 3 og 5)." in body
    )
    assert "Du får bevilget" not in body


def test_rows_covered_by_another_provision_are_listed_with_the_provision(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    activity_save(
        case=case,
        user=herning_caseworker,
        data={
            "category": "personal_care",
            "name": "Toiletbesøg",
            "minutes": 15,
            "occurrences": Decimal(4),
            "per": "day",
            "reason": "Klarer selv toiletbesøg med skylle-tørretoilet.",
            "covered_by": "SEL § 112 (skylle-tørretoilet)",
        },
    )
    decision = social_decision_draft(
        case=case,
        user=herning_caseworker,
        data=bpa_grant(coverage="27,5 timer BPA; toiletbesøg med skylle-tørretoilet efter § 112."),
    )
    body = decision.letter.body  # type: ignore[union-attr]
    # 15 × 4 × 7 = 420 minutes = 7 hours; the need 27,5 + 7 = 34,5, of which BPA covers 27,5.
    assert (
        "| Toiletbesøg | Personlig pleje | 15 min. | 4 gange om dagen | 7 | Klarer selv toiletbesøg med "
        "skylle-tørretoilet. Dækkes efter SEL § 112 (skylle-tørretoilet). |" in body
    )
    assert "| I alt |  |  |  | 34,5 |  |" in body
    assert "Disse dele af behovet dækkes efter andre bestemmelser:" in body
    assert "- Toiletbesøg: 7 timer om ugen efter SEL § 112 (skylle-tørretoilet)" in body
    assert (
        "Heraf dækkes 7 timer efter andre bestemmelser, så 27,5 timer om ugen dækkes af borgerstyret "
        "personlig assistance." in body
    )


def test_an_aid_grant_pays_the_full_price_to_the_supplier_after_the_trial(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    supplier = case_services.employer_from_register(
        cvr=factories.register_company(name="Hjælpemiddelhuset A/S")
    )
    AidTrial.objects.create(
        case=case,
        product="Elektrisk kørestol, Permobil M3",
        supplier=supplier,
        started_on=TODAY - dt.timedelta(days=14),
        planned_end=TODAY - dt.timedelta(days=1),
        ended_on=TODAY - dt.timedelta(days=1),
        result="suitable",
        findings="Kan selv køre til indkøb og betjene stolen.",
        created_by=herning_caseworker,
    )
    decision = social_decision_draft(
        case=case, user=herning_caseworker, data=aid_grant(supplier_cvr=supplier.cvr, price=Decimal("12345"))
    )
    body = decision.letter.body  # type: ignore[union-attr]
    assert (
        f"- Afprøvning af Elektrisk kørestol, Permobil M3 fra den {_long(TODAY - dt.timedelta(days=14))} til "
        f"den {_long(TODAY - dt.timedelta(days=1))} (leverandør Hjælpemiddelhuset A/S): egnet. Kan selv køre "
        "til indkøb og betjene stolen." in body
    )
    # § 112: the whole price.
    assert (
        "Til et hjælpemiddel ydes støtte til hele prisen (servicelovens § 112 stk. 1): 12.345,00 kr." in body
    )
    assert (
        "Støtten på 12.345,00 kr. betales direkte til leverandøren, Hjælpemiddelhuset A/S "
        f"(CVR {supplier.cvr})." in body
    )
    assert decision.follow_up_due is None and "følger op" not in body
    case_services.decision_send(decision=decision, user=herning_caseworker)
    grant = case.grants.get()
    assert grant.decision.grant_kind == "aid"
    assert grant.follow_ups.count() == 0  # a delivered aid is not followed up


def test_a_consumer_good_is_supported_with_half_the_price(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker, scheme="consumer_good")
    decision = social_decision_draft(
        case=case,
        user=herning_caseworker,
        data=aid_grant(product="Robotstøvsuger, standardmodel", price=Decimal("8999.99")),
    )
    # 8.999,99 × 50 % = 4.499,995, rounded half up to the øre: 4.500,00.
    assert decision.social_terms.support_amount == Decimal("4500.00")  # type: ignore[attr-defined]
    body = decision.letter.body  # type: ignore[union-attr]
    assert "(servicelovens § 113 stk. 3): 50 procent af 8.999,99 kr. er 4.500,00 kr." in body


def _long(day: dt.date) -> str:
    from kompensation.formats import long_date

    return long_date(day)
