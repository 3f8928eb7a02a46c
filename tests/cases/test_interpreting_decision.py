"""Interpreting grants in the caseworker's decision: the form and the service refuse what BEK § 12 stk. 4–6
needs and is missing (each message beside its field), and the letters for the person and the employer state
the terms of BEK §§ 12, 24–25 — the employer's without any health data."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.cases import services as case_services
from kompensation.cases.forms import DecisionForm
from kompensation.cases.models import Case, Decision
from tests import interpreting as i

pytestmark = pytest.mark.django_db

TYPE_MESSAGE = "Vælg tegnsprogstolkning, taktil tolkning eller skrivetolkning."
AGENCY_MESSAGE = "Vælg mindst ét tolkebureau."
APPROVAL_MESSAGE = "Skriv hvornår borgeren godkendte valget af tolkebureau (BEK § 12 stk. 5–6)."
FUTURE_MESSAGE = "Datoen for borgerens godkendelse kan ikke ligge i fremtiden."


def _form_data(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data = {
        "outcome": "grant",
        "grant_kind": "interpreting",
        "hours_per_week": "7",
        "start_date": today.strftime("%d.%m.%Y"),
        "period_type": "time_limited",
        "end_date": dt.date(today.year + 1, 12, 31).strftime("%d.%m.%Y"),
        "period_reason": "Vurderes igen",
        "reasons": "Tegnsprogstolkning ved møder",
        "interpreting_type": "sign",
        "agency_choice_approved_on": today.strftime("%d.%m.%Y"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def page(investigated_case: Case, herning_caseworker: Any) -> dict[str, Any]:
    agency, _ = i.agency("Tegnsprogstolkene ApS")
    other, _ = i.agency("Skrivetolk Nord ApS")
    client = Client()
    client.force_login(herning_caseworker)
    return {
        "case": investigated_case,
        "client": client,
        "url": reverse("cases:decision", args=[investigated_case.pk]),
        "agency": agency,
        "other": other,
    }


def _errors_beside(html: str, field: str) -> str:
    """The error message rendered beside `field` (DKFDS: the span «id_<field>-error» before the input)."""
    marker = f'id="id_{field}-error"'
    assert marker in html, f"no error beside {field}"
    start = html.index(marker)
    return html[start : start + 300]


def test_the_form_asks_for_interpreting_fields_without_javascript(page: dict[str, Any]) -> None:
    html = page["client"].get(page["url"]).content.decode()
    # Every interpreting field is on the page, and its label says it is only for interpreting.
    assert "Ydelse" in html and "Tolkning (tegnsprog, taktil eller skrivetolkning)" in html
    assert "Tolkningens art<span" in html and html.count("(kun ved tolkning)") == 3
    assert "Tegnsprogstolkene ApS" in html and "Skrivetolk Nord ApS" in html
    assert 'name="agency_choice_approved_on"' in html
    # Assistant and wage rate are asked only for personal assistance.
    assert html.count("(kun ved personlig assistance)") == 2


def test_an_interpreting_grant_without_type_agency_or_approval_gets_three_messages(
    page: dict[str, Any],
) -> None:
    data = _form_data(interpreting_type="", agency_choice_approved_on="")
    response = page["client"].post(page["url"], data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Der er et problem" in html
    assert TYPE_MESSAGE in _errors_beside(html, "interpreting_type")
    assert AGENCY_MESSAGE in _errors_beside(html, "agencies")
    assert APPROVAL_MESSAGE in _errors_beside(html, "agency_choice_approved_on")
    # No assistant is asked for an interpreting grant, even though the application named one.
    assert "Vælg mindst én assistent." not in html
    assert not Decision.objects.filter(case=page["case"]).exists()


def test_an_approval_in_the_future_is_refused(page: dict[str, Any]) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    data = _form_data(agency_choice_approved_on=tomorrow, agencies=[str(page["agency"].pk)])
    response = page["client"].post(page["url"], data)
    assert response.status_code == 400
    assert FUTURE_MESSAGE in _errors_beside(response.content.decode(), "agency_choice_approved_on")


def test_a_valid_interpreting_decision_is_saved_with_its_agencies_and_no_assistant(
    page: dict[str, Any],
) -> None:
    agencies = [str(page["agency"].pk), str(page["other"].pk)]
    # A raised wage rate typed by mistake is not kept: interpreting is paid at the national rates (§ 24).
    data = _form_data(agencies=agencies, interpreting_type="written", rate_type="raised", rate_reason="x")
    response = page["client"].post(page["url"], data)
    assert response.status_code == 302
    decision = Decision.objects.get(case=page["case"])
    assert decision.grant_kind == "interpreting"
    assert decision.interpreting_type == "written"
    assert decision.agency_choice_approved_on == timezone.localdate()
    assert {a.name for a in decision.agencies.all()} == {"Tegnsprogstolkene ApS", "Skrivetolk Nord ApS"}
    assert not decision.assistants.exists()
    assert decision.rate_type == "standard" and decision.rate_reason == ""
    # The draft comes back into the form as it was saved: both agencies ticked.
    html = page["client"].get(page["url"]).content.decode()
    for pk in agencies:
        assert re.search(rf'<input type="checkbox" name="agencies" value="{pk}"[^>]*checked', html)


def test_a_refusal_asks_nothing_about_interpreting(page: dict[str, Any]) -> None:
    form = DecisionForm(
        {"outcome": "refusal", "grant_kind": "interpreting", "reasons": "Ikke behov"},
        agency_choices=[(page["agency"].pk, "Tegnsprogstolkene ApS")],
    )
    form.is_valid()
    assert not {"interpreting_type", "agencies", "agency_choice_approved_on"} & set(form.errors)


def test_the_service_names_each_missing_interpreting_field(
    investigated_case: Case, herning_caseworker: Any
) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        case_services.decision_draft(
            case=investigated_case,
            user=herning_caseworker,
            agency_ids=[],
            data={
                "outcome": "grant",
                "grant_kind": "interpreting",
                "interpreting_type": "",
                "agency_choice_approved_on": None,
                "hours_per_week": Decimal("7"),
                "start_date": today,
                "end_date": dt.date(today.year + 1, 12, 31),
                "period_type": "time_limited",
                "period_reason": "Vurderes igen",
                "rate_type": "standard",
                "reasons": "Tolkning",
            },
        )
    messages = error.value.message_dict
    assert messages["interpreting_type"] == [TYPE_MESSAGE]
    assert messages["agencies"] == [AGENCY_MESSAGE]
    assert messages["agency_choice_approved_on"] == [APPROVAL_MESSAGE]
    assert "assistants" not in messages


# --- the letters ---------------------------------------------------------------------------------------


@pytest.fixture
def sent(investigated_case: Case, herning_caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, _ = i.agency("Tegnsprogstolkene ApS")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency], hours=Decimal("7"))
    decision = grant.decision
    return {"decision": decision, "agency": agency, "start": grant.start_date, "end": grant.end_date}


def _long(day: dt.date) -> str:
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september"]
    months += ["oktober", "november", "december"]
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def test_the_persons_letter_states_the_interpreting_terms(sent: dict[str, Any]) -> None:
    letter = sent["decision"].letter
    body = letter.body
    cvr = sent["agency"].cvr
    assert letter.subject.startswith("Bevilling af tolkning (personlig assistance)")
    assert (
        f"Du får bevilget tegnsprogstolkning i 7 timer om ugen fra den {_long(sent['start'])} "
        f"til og med den {_long(sent['end'])}." in body
    )
    assert f"Tolkningen leveres af Tegnsprogstolkene ApS (CVR {cvr})." in body
    # interpreting_case: the person approved the choice on the grant's start date.
    assert (
        f"Du godkendte valget af tolkebureauet den {_long(sent['start'])} (bekendtgørelsens § 12 stk. 5–6)"
        in body
    )
    assert "Tolkebureauet fakturerer kommunen direkte." in body
    assert (
        "Der betales pr. tolkning efter satserne i bekendtgørelsens § 24, "
        "som ændret ved BEK nr. 1317 af 08/09/2020." in body
    )
    assert (
        "skal du, din arbejdsgiver, tolkebureauet og hver tolk, der tolker for dig, "
        "hver især erklære på tro og love" in body
    )
    assert "(bekendtgørelsens § 25)" in body and "underskrives i portalen" in body
    # No assistant, no wage rate.
    for wording in (
        "Assistent:",
        "studentertimelønssats",
        "Tilskuddet udbetales til virksomheden",
        "lønsedler",
    ):
        assert wording not in body
    # Complaint guidance as for any decision.
    assert "## Klagevejledning" in letter.fixed_footer and "forvaltningslovens § 25" in letter.fixed_footer


def test_the_employers_letter_has_the_same_terms_and_no_health_data(sent: dict[str, Any]) -> None:
    decision = sent["decision"]
    letter = decision.employer_letter
    body = letter.body
    assert letter.subject.startswith("Afgørelse om tolkning på arbejdspladsen")
    assert "- Ydelse: Tegnsprogstolkning" in body
    assert "- Timer: 7 timer om ugen som gennemsnit pr. kvartal" in body
    assert f"- Periode: fra den {_long(sent['start'])} til og med den {_long(sent['end'])}" in body
    assert f"- Tolkebureau: Tegnsprogstolkene ApS (CVR {sent['agency'].cvr})" in body
    assert "fakturerer kommunen direkte" in body and "BEK nr. 1317 af 08/09/2020" in body
    assert "virksomheden, tolkebureauet og hver tolk" in body and "(bekendtgørelsens § 25)" in body
    assert f"godkendte valget af tolkebureauet den {_long(sent['start'])}" in body
    # No impairment (paper_data: «Nedsat syn»; investigate: physical), no reasons, no wage subsidy terms.
    for health in ("nedsat syn", "fysisk", "funktionsnedsættelse", decision.reasons.lower(), "læser op"):
        assert health not in body.lower()
    for wording in ("lønsedler", "studentertimelønssats", "Assistent"):
        assert wording not in body
    assert "## Klagevejledning" in letter.fixed_footer and "virksomheden" in letter.fixed_footer
