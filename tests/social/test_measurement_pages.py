"""The personal-circle page and the measurement page of a social case, through the Django test client against
PostgreSQL: the caseworker's work, the law's findings, and who may read and change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import Case, CaseEvent
from kompensation.social.models import Activity, CircleAnswer, MeasurementFacts
from tests import factories
from tests import social_cases as social

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row_post(**overrides: str) -> dict[str, str]:
    data = {
        "category": "personal_care",
        "name": "Aftenpleje: tandbørstning og afklædning",
        "minutes": "20",
        "occurrences": "1",
        "per": "day",
        "hour_kind": "actual",
        "reason": "Kan ikke løfte armene over skulderhøjde.",
        "covered_by": "",
    }
    return data | overrides


def circle_post(case: Case, **answers: tuple[str, str]) -> dict[str, str]:
    from kompensation.rules.social import CIRCLE

    data: dict[str, str] = {}
    for c in CIRCLE[case.scheme]:  # type: ignore[index]
        met, reasoning = answers.get(c.code, ("yes", f"Oplyst ved hjemmebesøg ({c.code})."))
        data[f"{c.code}_met"], data[f"{c.code}_reasoning"] = met, reasoning
    return data


@pytest.fixture
def bpa(herning_caseworker: Any) -> Case:
    return social.social_case("bpa", herning_caseworker)


# --- the personal circle ----------------------------------------------------------------------------------


def test_the_circle_page_lists_the_schemes_criteria_with_their_legal_basis(
    herning_caseworker: Any, bpa: Case
) -> None:
    body = client_for(herning_caseworker).get(reverse("social:circle", args=[bpa.pk])).content.decode()
    assert "Betydelig og varigt nedsat fysisk eller psykisk funktionsevne" in body
    assert "SEL § 96 stk. 1; Ankestyrelsens principmeddelelse 18-18" in body
    assert body.count('value="yes"') == 5  # five criteria, each «Opfyldt / Ikke opfyldt / Ikke vurderet»
    assert "Personkredsen mangler vurdering" in body


def test_the_alternatives_of_an_aid_are_explained(herning_caseworker: Any) -> None:
    case = social.social_case("aid", herning_caseworker)
    body = client_for(herning_caseworker).get(reverse("social:circle", args=[case.pk])).content.decode()
    assert "Mindst ét af disse skal være opfyldt" in body
    # The three significance criteria (§ 112 stk. 1 nr. 1–3) sit inside the alternatives' fieldset.
    start = body.index('data-testid="alternatives"')
    for code in ("remedies", "eases_daily_life", "needed_for_work"):
        assert body.index(f'data-testid="criterion-{code}"') > start
    assert body.index('data-testid="criterion-not_treatment_device"') > start


def test_an_answer_without_reasoning_is_refused_by_the_field_and_nothing_is_lost(
    herning_caseworker: Any, bpa: Case
) -> None:
    data = circle_post(bpa, work_supervisor=("no", "  "))
    response = client_for(herning_caseworker).post(reverse("social:circle", args=[bpa.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["work_supervisor_reasoning"] == [
        "Skriv begrundelsen for vurderingen."
    ]
    assert "Oplyst ved hjemmebesøg (impairment)." in response.content.decode()
    assert not CircleAnswer.objects.filter(case=bpa).exists()


def test_the_result_names_the_unmet_criterion(herning_caseworker: Any, bpa: Case) -> None:
    client = client_for(herning_caseworker)
    data = circle_post(bpa, work_supervisor=("no", "Kan ikke lede hjælperne efter hjerneskaden."))
    assert client.post(reverse("social:circle", args=[bpa.pk]), data).status_code == 302
    body = client.get(reverse("social:circle", args=[bpa.pk])).content.decode()
    assert (
        "Borgeren er ikke i personkredsen" in body
        and "Kan være arbejdsleder for hjælperne (SEL § 96 stk. 1)" in body
    )
    assert CaseEvent.objects.filter(case=bpa, type="circle_assessed").count() == 1
    # All met: in the circle.
    client.post(reverse("social:circle", args=[bpa.pk]), circle_post(bpa))
    assert (
        "Borgeren er i personkredsen" in client.get(reverse("social:circle", args=[bpa.pk])).content.decode()
    )


def test_a_partial_post_does_not_clear_the_other_answers(herning_caseworker: Any, bpa: Case) -> None:
    social.assess_circle(bpa, herning_caseworker)
    client_for(herning_caseworker).post(
        reverse("social:circle", args=[bpa.pk]), {"impairment_met": "no", "impairment_reasoning": "Bedret."}
    )
    answers = {a.criterion: a.met for a in CircleAnswer.objects.filter(case=bpa)}
    assert answers == {
        "impairment": False,
        "not_ordinary_help": True,
        "work_supervisor": True,
        "employer_role": True,
        "not_collective_housing": True,
    }


# --- the measurement: rows ----------------------------------------------------------------------------


def test_a_row_is_added_and_totalled(herning_caseworker: Any, bpa: Case) -> None:
    client = client_for(herning_caseworker)
    response = client.post(reverse("social:measurement", args=[bpa.pk]), row_post(occurrences="1,5"))
    assert response.status_code == 302
    row = Activity.objects.get(case=bpa)
    assert row.occurrences == Decimal("1.5")
    body = client.get(reverse("social:measurement", args=[bpa.pk])).content.decode()
    # 20 minutes × 1.5 a day × 7 days = 210 minutes = 3.5 hours a week.
    assert 'data-testid="total-hours">3,5<' in body
    assert "Aftenpleje: tandbørstning og afklædning" in body
    assert "Kan ikke løfte armene over skulderhøjde." in body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"minutes": "0"}, "minutes", "Minutter pr. gang skal være mellem 1 og 1.440."),
        ({"reason": " "}, "reason", "Begrund tiden: hvorfor tager aktiviteten så lang tid, og så ofte?"),
        # 60 minutes 25 times a day = 1,500 minutes: more than the 1,440 minutes in a day.
        (
            {"minutes": "60", "occurrences": "25"},
            "occurrences",
            "Aktiviteten fylder mere end et døgn om dagen. Ret minutter eller antal gange.",
        ),
        ({"category": ""}, "category", "Vælg en kategori."),
    ],
)
def test_a_bad_row_says_what_is_wrong_and_keeps_the_input(
    herning_caseworker: Any, bpa: Case, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client_for(herning_caseworker).post(
        reverse("social:measurement", args=[bpa.pk]), row_post(**overrides)
    )
    assert response.status_code == 400
    assert response.context["activity_form"].errors[field] == [message]
    body = response.content.decode()
    assert 'value="Aftenpleje: tandbørstning og afklædning"' in body
    assert not Activity.objects.filter(case=bpa).exists()


def test_a_row_is_edited_and_deleted_after_confirmation(herning_caseworker: Any, bpa: Case) -> None:
    social.measure(bpa, herning_caseworker)
    client = client_for(herning_caseworker)
    row = Activity.objects.get(case=bpa, name="Rengøring og tøjvask")
    edit = reverse("social:activity", args=[bpa.pk, row.pk])
    page = client.get(edit).content.decode()
    assert 'value="Rengøring og tøjvask"' in page and "4 timer pr. uge" in page  # 120 min × 2 a week
    response = client.post(
        edit,
        row_post(
            category="practical", name="Rengøring og tøjvask", minutes="90", per="week", occurrences="2"
        ),
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.minutes == 90
    body = client.get(reverse("social:measurement", args=[bpa.pk])).content.decode()
    # 420 + 630 + 90×2 + 360 = 1,590 minutes = 26.5 hours a week.
    assert 'data-testid="total-hours">26,5<' in body

    delete = reverse("social:activity_delete", args=[bpa.pk, row.pk])
    confirm = client.get(delete)
    assert (
        confirm.status_code == 200 and "Slet aktiviteten «Rengøring og tøjvask»?" in confirm.content.decode()
    )
    assert Activity.objects.filter(pk=row.pk).exists()  # asking deletes nothing
    assert client.post(delete)["Location"].endswith("#aktiviteter")
    assert not Activity.objects.filter(pk=row.pk).exists()
    assert CaseEvent.objects.filter(
        case=bpa, type="measurement_saved", payload__removed="Rengøring og tøjvask"
    ).exists()
    body = client.get(reverse("social:measurement", args=[bpa.pk])).content.decode()
    # 420 + 630 + 360 = 1,410 minutes = 23.5 hours; and practical help is now missing.
    assert 'data-testid="total-hours">23,5<' in body
    assert "Der er ikke udmålt praktisk hjælp (rengøring, tøjvask, indkøb). Tag stilling til den." in body


def test_a_row_of_another_case_is_not_found(herning_caseworker: Any, bpa: Case) -> None:
    other = social.social_case("bpa", herning_caseworker)
    social.measure(other, herning_caseworker, rows=social.BPA_ROWS[:1])
    row = other.activities.get()
    client = client_for(herning_caseworker)
    assert client.get(reverse("social:activity", args=[bpa.pk, row.pk])).status_code == 404
    assert client.post(reverse("social:activity_delete", args=[bpa.pk, row.pk])).status_code == 404
    assert Activity.objects.filter(pk=row.pk).exists()


# --- the measurement: totals, findings and circumstances --------------------------------------------------


def test_the_bpa_totals_per_category_and_the_need(herning_caseworker: Any, bpa: Case) -> None:
    social.measure(bpa, herning_caseworker)
    body = client_for(herning_caseworker).get(reverse("social:measurement", args=[bpa.pk])).content.decode()
    for heading in ("Borgerens egne oplysninger og ønsker", "Aktivitet og deltagelse", "Støttebehov"):
        assert heading in body
    # Personal care: 60×7 + 30×3×7 = 1,050 minutes = 17.5 h; practical 120×2 = 240 min = 4 h;
    # outside the home 180×2 = 360 min = 6 h; in all 27.5 h, all actual hours, nothing covered elsewhere.
    assert "I alt, personlig pleje" in body
    totals = body[body.index('data-testid="category-totals"') :]
    for label, hours in (
        ("Personlig pleje", "17,5"),
        ("Praktisk hjælp (rengøring, tøjvask, indkøb)", "4"),
        ("Hjælp uden for hjemmet", "6"),
    ):
        assert f"{label}</th><td>{hours}</td>" in totals
    assert 'data-testid="need-hours">27,5 timer pr. uge<' in body
    assert 'data-testid="payable-hours">27,5 timer pr. uge<' in body
    assert (
        "Behovet er udmålt til 27,5 timer om ugen (27,5 egentlige timer og 0 rådighedstimer). "
        "Afgørelsen skal dække 27,5 timer om ugen." in body
    )
    assert 'data-testid="finding-' not in body  # practical help and help outside the home are both there


def test_cash_supervision_for_a_40_year_old_is_the_stk_4_error(herning_caseworker: Any) -> None:
    today = timezone.localdate()
    birth = dt.date(today.year - 40, 1, 1)  # 40 on 1 January this year: 40 today
    case = social.social_case("cash", herning_caseworker, birth=birth)
    client = client_for(herning_caseworker)
    night = row_post(
        category="supervision",
        name="Nattevagt",
        minutes="480",
        occurrences="1",
        night="on",
        reason="Epilepsi.",
    )
    assert client.post(reverse("social:measurement", args=[case.pk]), night).status_code == 302
    body = client.get(reverse("social:measurement", args=[case.pk])).content.decode()
    errors = body[body.index('data-testid="finding-error"') :]
    assert (
        "«Nattevagt»: overvågning kan kun indgå i kontant tilskud for unge mellem 18 og 23 år, "
        "og kun om natten. Borgeren er 40 år." in errors
    )
    assert "SEL § 95 stk. 4" in errors
    # Warnings for what the law requires considered: practical help, help outside the home, relief.
    assert body.count('data-testid="finding-warning"') == 3
    assert "Der er ikke udmålt praktisk hjælp (rengøring, tøjvask, indkøb). Tag stilling til den." in body
    # § 95 stk. 2: supervision counts towards the 20 hours: 480 min × 7 = 3,360 min = 56 h, more than 20.
    assert 'data-testid="qualifying-hours">56 timer pr. uge: <strong>mere end 20 timer' in body
    # The case page says it in short.
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "1 fejl og 3 advarsler i udmålingen." in case_page


def test_relief_declined_needs_what_the_carer_said(herning_caseworker: Any) -> None:
    case = social.social_case("cash", herning_caseworker)
    client = client_for(herning_caseworker)
    url = reverse("social:measurement", args=[case.pk])
    facts = {
        "handling": "forudsaetninger",
        "carer_declines_relief": "on",
        "person_participation": "Vil blive hjemme.",
    }
    response = client.post(url, facts)
    assert response.status_code == 400
    assert response.context["facts_form"].errors["relief_declined_note"] == [
        "Skriv hvad tilskudsmodtageren har sagt om afløsning og aflastning."
    ]
    assert "Vil blive hjemme." in response.content.decode()
    assert "Der er ikke udmålt afløsning eller aflastning" in response.content.decode()
    response = client.post(url, facts | {"relief_declined_note": "Ægtefællen ønsker ikke aflastning."})
    assert response.status_code == 302
    saved = MeasurementFacts.objects.get(case=case)
    assert (
        saved.carer_declines_relief and saved.can_call_for_help
    )  # a field § 95 does not ask keeps its value
    assert "Der er ikke udmålt afløsning eller aflastning" not in client.get(url).content.decode()


def test_round_the_clock_without_an_emergency_call_is_168_actual_hours(
    herning_caseworker: Any, bpa: Case
) -> None:
    social.measure(bpa, herning_caseworker)
    client = client_for(herning_caseworker)
    url = reverse("social:measurement", args=[bpa.pk])
    # No «can call for help» ticked: the box is unticked when posted.
    client.post(url, {"handling": "forudsaetninger", "round_the_clock": "on", "person_participation": ""})
    body = client.get(url).content.decode()
    # Round the clock and no emergency call: the need is at least 24 × 7 = 168 actual hours a week.
    assert 'data-testid="need-hours">168 timer pr. uge<' in body


# --- who may read and change ---------------------------------------------------------------------------


def test_a_manager_reads_but_cannot_change(herning_caseworker: Any, bpa: Case) -> None:
    social.measure(bpa, herning_caseworker)
    manager = client_for(factories.user(Role.MANAGER, code="657"))
    page = manager.get(reverse("social:measurement", args=[bpa.pk]))
    assert page.status_code == 200
    assert 'data-testid="activity-form"' not in page.content.decode()
    assert manager.post(reverse("social:measurement", args=[bpa.pk]), row_post()).status_code == 403
    assert manager.get(reverse("social:circle", args=[bpa.pk])).status_code == 200
    assert manager.post(reverse("social:circle", args=[bpa.pk]), circle_post(bpa)).status_code == 403
    row = bpa.activities.first()
    assert manager.post(reverse("social:activity_delete", args=[bpa.pk, row.pk])).status_code == 403
    assert Activity.objects.filter(case=bpa).count() == 4


def test_another_municipality_and_the_employer_see_nothing(bpa: Case) -> None:
    aarhus = client_for(factories.caseworker("751"))
    for name in ("social:circle", "social:measurement"):
        assert aarhus.get(reverse(name, args=[bpa.pk])).status_code == 404
        assert aarhus.post(reverse(name, args=[bpa.pk]), row_post()).status_code == 404
    employer = client_for(factories.employer_user(factories.register_company()))
    for name in ("social:circle", "social:measurement"):
        response = employer.get(reverse(name, args=[bpa.pk]))
        assert response.status_code in (403, 404)
        assert bpa.person.name.encode() not in response.content


def test_the_pages_exist_only_for_the_schemes_steps(herning_caseworker: Any, opened_case: Case) -> None:
    client = client_for(herning_caseworker)
    assert client.get(reverse("social:circle", args=[opened_case.pk])).status_code == 404  # PA
    aid = social.social_case("aid", herning_caseworker)
    assert client.get(reverse("social:measurement", args=[aid.pk])).status_code == 404
    assert client.get(reverse("social:circle", args=[aid.pk])).status_code == 200
