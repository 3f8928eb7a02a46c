"""The decision under Serviceloven: every check of `decision_errors`, and the drafting service.

Expected figures are worked out by hand from the rows in the comments, never by calling the measurement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import services as case_services
from kompensation.cases.models import Case, CaseEvent, CaseStatus
from kompensation.social.decisions import decision_errors, social_decision_draft
from kompensation.social.models import SocialTerms
from kompensation.social.services import activity_save
from tests import factories
from tests import social_cases as social

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

# The Ankestyrelsen case (`seeds/004_…`): a need of at least 56 hours a week, 21 granted. As rows:
#   personal care 240 min × 1 a day × 7 = 1,680 min = 28 h
#   practical help 120 min × 7 a week  =   840 min = 14 h
#   outside the home 210 min × 2 a week =  420 min =  7 h
#   relief 420 min × 1 a week           =   420 min =  7 h      total 3,360 min = 56 h a week
CASH_56: tuple[dict[str, Any], ...] = (
    {
        "category": "personal_care",
        "name": "Pleje hele dagen: bad, toilet, måltider",
        "minutes": 240,
        "occurrences": Decimal(1),
        "per": "day",
        "reason": "Afhængig af hjælp i alle døgnets timer (autisme, svær epilepsi).",
    },
    {
        "category": "practical",
        "name": "Rengøring, tøjvask og indkøb",
        "minutes": 120,
        "occurrences": Decimal(7),
        "per": "week",
        "reason": "Kan ikke udføre praktiske opgaver.",
    },
    {
        "category": "outside_home",
        "name": "Besøg hos familien",
        "minutes": 210,
        "occurrences": Decimal(2),
        "per": "week",
        "reason": "Har brug for hjælp under besøg (principmeddelelse 75-16).",
    },
    {
        "category": "relief",
        "name": "Aflastning af moren",
        "minutes": 420,
        "occurrences": Decimal(1),
        "per": "week",
        "reason": "Moren passer borgeren og har brug for en fast fridag.",
    },
)


def bpa_case(caseworker: Any, **kwargs: Any) -> Case:
    """A BPA case in the circle, measured by `BPA_ROWS`: 27.5 hours a week (see test_core)."""
    case = social.social_case("bpa", caseworker, **kwargs)
    social.assess_circle(case, caseworker)
    social.measure(case, caseworker)
    case.refresh_from_db()
    return case


def cash_case(caseworker: Any, rows: Any = CASH_56, unmet: tuple[str, ...] = ()) -> Case:
    case = social.social_case("cash", caseworker)
    social.assess_circle(case, caseworker, unmet=unmet)
    social.measure(case, caseworker, rows)
    case.refresh_from_db()
    return case


def bpa_grant(**changes: Any) -> dict[str, Any]:
    return {
        "outcome": "grant",
        "hours_per_week": Decimal("27.5"),
        "standby_hours_per_week": Decimal(0),
        "start_date": TODAY,
        "period_type": "until_further_notice",
        "reasons": "Behovet er udmålt sammen med borgeren ud fra borgerens egne ønsker.",
        "coverage": "Hele behovet dækkes af BPA-ordningen.",
        "employer_role": "person",
        **changes,
    }


def cash_grant(**changes: Any) -> dict[str, Any]:
    return bpa_grant(
        **{"hours_per_week": Decimal(56), "coverage": "Hele behovet dækkes af tilskuddet.", **changes}
    )


def refusal(**changes: Any) -> dict[str, Any]:
    return {
        "outcome": "refusal",
        "reasons": "Borgeren kan ikke være arbejdsleder.",
        "other_help": "Personlig og praktisk hjælp efter § 83 og aflastning efter § 84; hjemmesygepleje.",
        "training_offered": "declined",
        "facts_commented": True,
        **changes,
    }


# --- the Done-when item: fewer hours than the measured need without an explanation --------------------------


def test_56_hours_needed_and_21_granted_without_an_explanation_is_refused(herning_caseworker: Any) -> None:
    case = cash_case(herning_caseworker)
    data = cash_grant(hours_per_week=Decimal(21))
    errors = decision_errors(case, data)
    assert errors == {
        "below_need_reason": "Der bevilges 21 timer om ugen, men behovet er udmålt til 56 timer. Forklar, "
        "hvordan resten af behovet (35 timer om ugen) dækkes, eller hvorfor det ikke skal dækkes "
        "(forvaltningslovens § 24; Ankestyrelsens praksisundersøgelse)."
    }
    with pytest.raises(ValidationError) as exc:
        social_decision_draft(case=case, user=herning_caseworker, data=data)
    assert "56 timer" in exc.value.message_dict["below_need_reason"][0]
    assert not case.decisions.exists()


def test_56_hours_needed_and_21_granted_with_an_explanation_is_drafted(herning_caseworker: Any) -> None:
    case = cash_case(herning_caseworker)
    data = cash_grant(
        hours_per_week=Decimal(21),
        below_need_reason="de øvrige 35 timer dækkes af hjemmeplejen efter § 83 og aflastning efter § 84",
        coverage="21 timer af tilskuddet; 28 timer hjemmepleje efter § 83; 7 timer aflastning efter § 84.",
    )
    decision = social_decision_draft(case=case, user=herning_caseworker, data=data)
    terms = SocialTerms.objects.get(decision=decision)
    assert decision.hours_per_week == Decimal(21)
    assert decision.grant_kind == "cash_allowance"
    assert terms.need_hours == Decimal(56)
    assert terms.payable_need_hours == Decimal(56)
    assert terms.payee_person == case.person
    event = CaseEvent.objects.get(case=case, type="decision_drafted")
    assert event.payload["below_need_explained"] is True
    assert event.payload["hours_per_week"] == "21"
    # The terms, never the wording: the free texts may hold health data.
    text = str(event.payload)
    assert "hjemmeplejen" not in text and "udmålt sammen" not in text


def test_the_full_need_granted_needs_no_explanation(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    assert decision_errors(case, bpa_grant()) == {}


# --- the personal circle and the measurement ----------------------------------------------------------------


def test_an_unfinished_circle_is_named_criterion_by_criterion(herning_caseworker: Any) -> None:
    case = social.social_case("bpa", herning_caseworker)
    social.measure(case, herning_caseworker)
    errors = decision_errors(case, bpa_grant())
    assert errors["circle"].startswith("Personkredsen er ikke vurderet færdig. Tag stilling til: ")
    assert "Kan være arbejdsleder for hjælperne (SEL § 96 stk. 1)" in errors["circle"]


def test_a_grant_needs_every_criterion_met_and_names_the_unmet(herning_caseworker: Any) -> None:
    case = social.social_case("bpa", herning_caseworker)
    social.assess_circle(case, herning_caseworker, unmet=["not_collective_housing"])
    social.measure(case, herning_caseworker)
    errors = decision_errors(case, bpa_grant())
    assert (
        "Ikke opfyldt: Bor ikke i et tilbud, hvor hjælpen er organiseret for flere beboere"
        in (errors["outcome"])
    )
    assert "Giv afslag" in errors["outcome"]


def test_a_grant_needs_a_measurement_without_errors(herning_caseworker: Any) -> None:
    case = social.social_case("bpa", herning_caseworker)
    social.assess_circle(case, herning_caseworker)
    case.refresh_from_db()
    assert decision_errors(case, bpa_grant())["measurement"].startswith("Behovet er ikke udmålt.")
    activity_save(
        case=case,
        user=herning_caseworker,
        data={
            "category": "supervision",
            "name": "Overvågning om natten",
            "minutes": 480,
            "occurrences": Decimal(1),
            "per": "day",
            "hour_kind": "standby",
            "reason": "Epilepsianfald om natten.",
        },
    )
    message = decision_errors(case, bpa_grant())["measurement"]
    assert message.startswith("Udmålingen har fejl, der skal rettes, før der kan bevilges:")
    assert "ren overvågning kan ikke udmåles som rådighedstimer" in message


def test_cash_allowance_needs_more_than_20_hours_and_says_the_measured_figure(
    herning_caseworker: Any,
) -> None:
    # personal care 60 min × 2 a day × 7 = 14 h; practical 60 min × 4 a week = 4 h; outside the home
    # 30 min × 2 a week = 1 h: 19 h counted (§ 95 stk. 2). Relief 120 min × 2 a week = 4 h is not counted.
    rows = (
        {**CASH_56[0], "minutes": 60, "occurrences": Decimal(2)},
        {**CASH_56[1], "minutes": 60, "occurrences": Decimal(4)},
        {**CASH_56[2], "minutes": 30, "occurrences": Decimal(2)},
        {**CASH_56[3], "minutes": 120, "occurrences": Decimal(2)},
    )
    case = cash_case(herning_caseworker, rows=rows)
    errors = decision_errors(case, cash_grant(hours_per_week=Decimal(23)))
    assert errors["outcome"] == (
        "Kontant tilskud forudsætter et behov for personlig hjælp og pleje og praktisk hjælp i mere end 20 "
        "timer om ugen (SEL § 95 stk. 2). Udmålingen viser 19 timer om ugen."
    )


# --- hours --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "standby", "field", "message"),
    [
        (None, None, "hours_per_week", "Angiv hvor mange timer om ugen der bevilges."),
        (Decimal(0), None, "hours_per_week", "Timer pr. uge skal være mere end 0 og højst 168."),
        (Decimal("168.5"), None, "hours_per_week", "Timer pr. uge skal være mere end 0 og højst 168."),
        (Decimal("27.3"), None, "hours_per_week", "Timer skal angives i hele eller halve timer."),
        (
            Decimal("27.5"),
            Decimal(28),
            "standby_hours_per_week",
            "Rådighedstimerne (28) kan ikke være flere end de bevilgede timer i alt (27,5).",
        ),
        (Decimal("27.5"), Decimal(-1), "standby_hours_per_week", "Rådighedstimer kan ikke være negative."),
    ],
)
def test_hours_are_more_than_0_at_most_168_and_standby_within_them(
    herning_caseworker: Any, hours: Decimal | None, standby: Decimal | None, field: str, message: str
) -> None:
    case = bpa_case(herning_caseworker)
    errors = decision_errors(case, bpa_grant(hours_per_week=hours, standby_hours_per_week=standby))
    assert errors[field] == message


def test_round_the_clock_without_an_emergency_call_gets_no_standby_hours(herning_caseworker: Any) -> None:
    case = social.social_case("bpa", herning_caseworker)
    social.assess_circle(case, herning_caseworker)
    social.measure(
        case, herning_caseworker, round_the_clock=True, can_call_for_help=False, person_participation=""
    )
    case.refresh_from_db()
    # The measurement then covers the whole week in actual hours: 168.
    errors = decision_errors(case, bpa_grant(hours_per_week=Decimal(168), standby_hours_per_week=Decimal(40)))
    assert errors == {
        "standby_hours_per_week": "Borgeren har brug for hjælp hele døgnet og kan ikke bruge et nødkald. "
        "Hjælpen skal bevilges som egentlige timer; der kan ikke bevilges rådighedstimer."
    }


# --- how the whole need is covered --------------------------------------------------------------------------


def test_a_grant_must_say_how_the_whole_need_is_covered(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    assert decision_errors(case, bpa_grant(coverage=" "))["coverage"] == (
        "Skriv, hvordan hele behovet på 27,5 timer om ugen dækkes (Ankestyrelsens praksisundersøgelse)."
    )


def test_rows_covered_by_another_provision_must_be_named_in_the_coverage(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    # The washing-drying toilet (`seeds/004_…`): 15 min × 4 a day × 7 = 420 min = 7 h, covered by § 112.
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
    # The need is 27.5 + 7 = 34.5 hours; the scheme pays 27.5.
    message = decision_errors(case, bpa_grant(coverage=""))["coverage"]
    assert message == (
        "Skriv, hvordan hele behovet på 34,5 timer om ugen dækkes (Ankestyrelsens praksisundersøgelse). "
        "Nævn også den hjælp, der gives efter andre bestemmelser: "
        "«Toiletbesøg» (SEL § 112 (skylle-tørretoilet))"
    )
    assert decision_errors(case, bpa_grant(coverage="Hele behovet dækkes af BPA."))["coverage"] == (
        "Udmålingen lader dele af behovet dække efter andre bestemmelser. Skriv, hvordan de dækkes: "
        "«Toiletbesøg» (SEL § 112 (skylle-tørretoilet))"
    )
    covered = "27,5 timer BPA; toiletbesøg klares med skylle-tørretoilet bevilget efter servicelovens §112."
    assert decision_errors(case, bpa_grant(coverage=covered)) == {}


# --- hearing, other help and training -----------------------------------------------------------------------


def test_a_refusal_on_facts_not_commented_on_needs_a_hearing_first(herning_caseworker: Any) -> None:
    case = cash_case(herning_caseworker, unmet=("work_supervisor",))
    errors = decision_errors(case, refusal(facts_commented=False))
    assert errors == {
        "facts_commented": "Et afslag eller en delvis bevilling på oplysninger, borgeren ikke har udtalt sig "
        "om, kræver partshøring først (forvaltningslovens § 19)."
    }
    hearing = case_services.hearing_send(case=case, user=herning_caseworker, facts="Arbejdsleder-evnen.")
    case_services.hearing_record_response(
        hearing=hearing, user=herning_caseworker, received_on=TODAY, response="Uenig."
    )
    case.refresh_from_db()
    assert decision_errors(case, refusal(facts_commented=False)) == {}


def test_a_cash_refusal_needs_other_help_and_the_training_offer(herning_caseworker: Any) -> None:
    case = cash_case(herning_caseworker, unmet=("work_supervisor",))
    errors = decision_errors(case, refusal(other_help="", training_offered=""))
    assert errors == {
        "other_help": "Skriv, hvilken anden hjælp efter den sociale lovgivning og anden lovgivning I har "
        "overvejet for at dække borgerens behov, og om en anden myndighed kan hjælpe "
        "(retssikkerhedslovens § 5).",
        "training_offered": "Angiv, om borgeren er tilbudt oplæring i at være arbejdsleder og arbejdsgiver "
        "(SEL § 85).",
    }


def test_training_not_relevant_is_refused_when_the_work_supervisor_criterion_is_unmet(
    herning_caseworker: Any,
) -> None:
    case = cash_case(herning_caseworker, unmet=("work_supervisor",))
    errors = decision_errors(case, refusal(training_offered="not_relevant"))
    assert errors["training_offered"].startswith(
        "Afslaget bygger på, at borgeren ikke kan være arbejdsleder. Så skal oplæring efter SEL § 85"
    )
    # Refused on the 20 hours instead, training is indeed not relevant.
    other = cash_case(herning_caseworker, unmet=("need_over_20",))
    assert decision_errors(other, refusal(training_offered="not_relevant")) == {}


def test_a_cash_refusal_with_other_help_and_training_is_drafted_without_a_grant(
    herning_caseworker: Any,
) -> None:
    case = cash_case(herning_caseworker, unmet=("work_supervisor",))
    decision = social_decision_draft(case=case, user=herning_caseworker, data=refusal())
    terms = SocialTerms.objects.get(decision=decision)
    assert (decision.outcome, decision.hours_per_week, decision.start_date) == ("refusal", None, None)
    assert terms.training_offered == "declined"
    assert terms.payee_person is None and terms.employer_role == ""
    assert decision.follow_up_due is None
    assert decision.letter is not None and decision.letter.kind == "decision"
    assert decision.letter.confidentiality == "health"


def test_a_partial_grant_needs_its_reason_other_help_and_training(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    errors = decision_errors(
        case, bpa_grant(outcome="partial_grant", facts_commented=True, hours_per_week=Decimal(20))
    )
    assert set(errors) == {"partial_reason", "other_help", "training_offered", "below_need_reason"}


# --- the payee ----------------------------------------------------------------------------------------------


def test_a_bpa_grant_names_the_employer_role_and_the_payee(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    assert decision_errors(case, bpa_grant(employer_role=""))["employer_role"].startswith(
        "Vælg, hvem der varetager arbejdsgiverrollen"
    )
    assert decision_errors(case, bpa_grant(employer_role="relative"))["payee_cpr"] == (
        "Skriv den nærtståendes CPR-nummer."
    )
    own = decision_errors(case, bpa_grant(employer_role="relative", payee_cpr=case.person.cpr))
    assert own["payee_cpr"].startswith("CPR-nummeret er borgerens eget.")
    assert decision_errors(case, bpa_grant(employer_role="company"))["payee_cvr"] == (
        "Skriv virksomhedens CVR-nummer."
    )
    cvr = factories.register_company(name="Hjælperordning ApS")
    decision = social_decision_draft(
        case=case, user=herning_caseworker, data=bpa_grant(employer_role="company", payee_cvr=cvr)
    )
    terms = SocialTerms.objects.get(decision=decision)
    assert terms.payee_company is not None and terms.payee_company.name == "Hjælperordning ApS"
    assert terms.payee_person is None


def test_cash_allowance_pays_the_person_or_a_relative_only(herning_caseworker: Any) -> None:
    case = cash_case(herning_caseworker)
    errors = decision_errors(
        case, cash_grant(employer_role="company", payee_cvr=factories.register_company())
    )
    assert errors["employer_role"].startswith("Vælg, om tilskuddet udbetales til borgeren selv eller til en")
    mother = factories.register_person(first_name="Mor", birth=dt.date(1960, 5, 1))
    decision = social_decision_draft(
        case=case, user=herning_caseworker, data=cash_grant(employer_role="relative", payee_cpr=mother)
    )
    assert SocialTerms.objects.get(decision=decision).payee_person.first_name == "Mor"  # type: ignore[union-attr]


# --- aids ---------------------------------------------------------------------------------------------------


def aid_case(caseworker: Any, scheme: str = "aid", unmet: tuple[str, ...] = ()) -> Case:
    case = social.social_case(scheme, caseworker)
    social.assess_circle(case, caseworker, unmet=unmet)
    case.refresh_from_db()
    return case


def aid_grant(**changes: Any) -> dict[str, Any]:
    return {
        "outcome": "grant",
        "start_date": TODAY,
        "reasons": "Den elektriske kørestol afhjælper i væsentlig grad de varige følger.",
        "product": "Elektrisk kørestol, Permobil M3",
        "supplier_cvr": factories.register_company(name="Hjælpemiddelhuset A/S"),
        "price": Decimal("45000.00"),
        **changes,
    }


def test_an_aid_grant_needs_product_supplier_and_a_price_not_below_0(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    errors = decision_errors(case, aid_grant(product="", supplier_cvr="", price=None))
    assert errors == {
        "product": "Skriv, hvilket produkt der bevilges (fabrikat og model).",
        "price": "Skriv prisen på produktet.",
        "supplier_cvr": "Skriv leverandørens CVR-nummer.",
    }
    assert decision_errors(case, aid_grant(price=Decimal("-1")))["price"] == "Prisen kan ikke være negativ."
    assert decision_errors(case, aid_grant()) == {}


def test_a_treatment_device_refusal_says_the_hospital_pays(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker, scheme="consumer_good", unmet=("not_treatment_device",))
    data = {
        "outcome": "refusal",
        "reasons": "Produktet er ordineret af sygehuset som led i behandlingen.",
        "other_help": "Vi har overvejet et hjælpemiddel efter § 112.",
        "facts_commented": True,
    }
    assert decision_errors(case, data)["other_help"].startswith(
        "Afslaget bygger på, at produktet er et behandlingsredskab. Skriv, at sygehuset (regionen)"
    )
    data["other_help"] = "Sygehuset udleverer og betaler produktet som behandlingsredskab."
    assert decision_errors(case, data) == {}


# --- the period ---------------------------------------------------------------------------------------------


def test_the_start_is_not_before_receipt_and_a_time_limited_end_after_the_start(
    herning_caseworker: Any,
) -> None:
    case = bpa_case(herning_caseworker)
    errors = decision_errors(
        case,
        bpa_grant(
            start_date=TODAY - dt.timedelta(days=1),
            period_type="time_limited",
            end_date=TODAY - dt.timedelta(days=2),
        ),
    )
    assert errors == {
        "start_date": f"Bevillingen kan tidligst gælde fra den {TODAY:%d.%m.%Y}, hvor ansøgningen blev "
        "modtaget.",
        "end_date": "Slutdatoen skal ligge efter startdatoen.",
        "period_reason": "Begrund, hvorfor bevillingen er tidsbegrænset.",
    }


def test_all_messages_come_at_once(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    errors = decision_errors(
        case,
        bpa_grant(hours_per_week=Decimal(10), coverage="", employer_role="", reasons="", start_date=None),
    )
    assert set(errors) == {"below_need_reason", "coverage", "employer_role", "reasons", "start_date"}


# --- who and when -------------------------------------------------------------------------------------------


def test_only_a_caseworker_of_the_municipality_drafts(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    for user in (factories.user(Role.MANAGER, code="657"), factories.caseworker("751")):
        with pytest.raises(PermissionDenied):
            social_decision_draft(case=case, user=user, data=bpa_grant())


def test_only_a_stage_that_decides(herning_caseworker: Any) -> None:
    case = social.social_case("bpa", herning_caseworker)
    assert case.status == CaseStatus.RECEIVED
    with pytest.raises(ValidationError) as exc:
        social_decision_draft(case=case, user=herning_caseworker, data=bpa_grant())
    assert exc.value.messages == ["Sagen skal være under oplysning, før der kan træffes afgørelse."]


def test_a_second_draft_replaces_the_first_and_edits_its_letter(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    first = social_decision_draft(case=case, user=herning_caseworker, data=bpa_grant())
    second = social_decision_draft(
        case=case,
        user=herning_caseworker,
        data=bpa_grant(standby_hours_per_week=Decimal(6)),
    )
    assert first.pk == second.pk and first.letter_id == second.letter_id
    assert case.decisions.count() == 1
    assert SocialTerms.objects.get(decision=second).standby_hours_per_week == Decimal(6)
    assert "6 timer rådighedstimer" in second.letter.body  # type: ignore[union-attr]
