"""Every date a person types lies between 1 January 2000 and 31 December 2100: forms, API and services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.cases import services as case_services
from kompensation.payments import services as payment_services
from kompensation.payments.models import RateRow
from tests import factories
from tests.payments.test_services import draft, submit

pytestmark = pytest.mark.django_db

MESSAGE = "Datoen skal ligge mellem 1. januar 2000 og 31. december 2100."
YEAR_1, YEAR_9999 = "0001-01-01", "9999-12-31"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused(response: Any, *kept: str) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    assert MESSAGE in page
    for value in kept:
        assert f'value="{value}"' in page or f"{value}</textarea>" in page, value
    return page


@pytest.mark.parametrize(("received", "period"), [(YEAR_1, YEAR_9999), (YEAR_9999, YEAR_1)])
def test_paper_application(herning_caseworker: Any, received: str, period: str) -> None:
    data = {
        "cpr": factories.register_person(),
        "received_on": received,
        "channel": "paper",
        "employer_cvr": factories.register_company(),
        "job_title": "Smed",
        "employment_type": "employee",
        "employment_form": "ordinary",
        "impairment_description": "Rygskade",
        "tasks_description": "Løft",
        "hours_sought": "6",
        "hours_without_assistance": "31",
        "period_from": period,
        "until_further_notice": "on",
        "employer_contact_name": "Ole",
        "employer_contact_role": "owner",
        "working_hours": "37",
        "employment_start": period,
        "assistant-TOTAL_FORMS": "3",
        "assistant-INITIAL_FORMS": "0",
        "assistant-MIN_NUM_FORMS": "3",
        "assistant-MAX_NUM_FORMS": "3",
        "assistant-0-kind": "external",
        "assistant-0-name": "Løft ApS",
    }
    page = refused(client_for(herning_caseworker).post(reverse("cases:new"), data), received, period, "Smed")
    assert page.count(MESSAGE) >= 3  # received, period from, employment start


@pytest.mark.parametrize("typed", [YEAR_1, YEAR_9999])
def test_citizens_period_in_the_portal(typed: str) -> None:
    citizen = factories.citizen(factories.register_person())
    client = client_for(citizen)
    client.post(reverse("portal:start"))
    application = citizen_application(citizen)
    response = client.post(
        reverse("portal:step", args=[application.pk, "opgaver"]),
        {
            "tasks_description": "Løft",
            "hours_sought": "5",
            "hours_without_assistance": "30",
            "period_from": typed,
            "until_further_notice": "on",
        },
    )
    refused(response, typed, "Løft")


def citizen_application(citizen: Any) -> Any:
    from kompensation.cases.models import Application

    return Application.objects.get(person__cpr=citizen.cpr)


@pytest.mark.parametrize(("start", "end"), [(YEAR_1, YEAR_9999), (YEAR_9999, YEAR_1)])
def test_decision(investigated_case: Any, start: str, end: str) -> None:
    response = client_for(investigated_case.caseworker).post(
        reverse("cases:decision", args=[investigated_case.pk]),
        {
            "outcome": "grant",
            "hours_per_week": "7",
            "start_date": start,
            "end_date": end,
            "period_type": "time_limited",
            "period_reason": "Vurderes igen",
            "rate_type": "standard",
            "reasons": "Behov for oplæsning",
            "assistants": [str(a.pk) for a in investigated_case.application.assistants.all()],
        },
    )
    refused(response, start, end, "Behov for oplæsning")
    assert not investigated_case.decisions.exists()


@pytest.mark.parametrize("typed", [YEAR_1, YEAR_9999])
def test_hearing_response_and_active_step(investigated_case: Any, typed: str) -> None:
    caseworker = investigated_case.caseworker
    hearing = case_services.hearing_send(case=investigated_case, user=caseworker, facts="Behovet er 7 timer.")
    client = client_for(caseworker)
    response = client.post(
        reverse("cases:hearing_response", args=[investigated_case.pk, hearing.pk]),
        {"received_on": typed, "response": "Ingen bemærkninger"},
    )
    refused(response, typed, "Ingen bemærkninger")
    response = client.post(
        reverse("cases:active_step", args=[investigated_case.pk]),
        {"kind": "meeting", "on": typed, "note": "Mødet"},
    )
    refused(response, typed, "Mødet")


@pytest.mark.parametrize(("start", "end"), [(YEAR_1, YEAR_9999), (YEAR_9999, YEAR_1)])
def test_trip(granted_case: Any, start: str, end: str) -> None:
    response = client_for(granted_case.caseworker).post(
        reverse("payments:trip_new", args=[granted_case.pk]),
        {"purpose": "Konference i Odense", "start": start, "end": end, "estimated_cost": "2.500"},
    )
    refused(response, start, end, "Konference i Odense")
    assert not granted_case.grants.get().trips.exists()


@pytest.mark.parametrize("typed", [YEAR_1, YEAR_9999])
def test_rate_row(officer: Any, typed: str) -> None:
    response = client_for(officer).post(
        reverse("payments:rates"),
        {"kind": "standard_hourly", "valid_from": typed, "value": "150,00", "seniority": "0", "source": "OK"},
    )
    refused(response, typed, "150,00")
    assert not RateRow.objects.exists()


@pytest.fixture
def submitted(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> Any:
    return submit(employer, draft(employer, granted_case, Decimal("10")))


@pytest.mark.parametrize("typed", [YEAR_1, YEAR_9999])
def test_repayment(submitted: Any, officer: Any, typed: str) -> None:
    payment_services.payment_request_approve(user=officer, request=submitted)
    claim = payment_services.repayment_claim_create(
        user=officer,
        grant=submitted.grant,
        condition="conditions_not_met",
        facts="Assistenten var fratrådt.",
        should_have_been={submitted.pk: Decimal("0")},
    )
    claim = payment_services.repayment_hearing_send(user=officer, claim=claim)
    client = client_for(officer)
    response = client.post(
        reverse("payments:repayment_answer_record", args=[claim.pk]),
        {"received_on": typed, "answer": "Vi er uenige"},
    )
    refused(response, typed, "Vi er uenige")
    payment_services.repayment_answer(
        user=officer, claim=claim, answer="Uenige", received_on=timezone.localdate()
    )
    response = client.post(
        reverse("payments:repayment_decide", args=[claim.pk]),
        {
            "assessment": "Svaret ændrer ikke",
            "settlement": "payment",
            "payment_account": "Reg 1234",
            "payment_due": typed,
        },
    )
    refused(response, typed, "Reg 1234")
    claim.refresh_from_db()
    assert claim.status == "hearing" and claim.answer == "Uenige" and claim.letter is None


@pytest.mark.parametrize(("start", "end"), [(YEAR_1, YEAR_9999), ("2026-01-01", YEAR_9999)])
def test_payment_period_through_the_api(
    granted_case: Any, employer: Any, rates: None, simplified: None, start: str, end: str
) -> None:
    from rest_framework.test import APIClient

    from kompensation.api.services import api_token_issue

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=employer, name='test')[1]}")
    body = {
        "grant": granted_case.grants.get().pk,
        "period_start": start,
        "period_end": end,
        "hours": [{"assistant": "A", "hours": "10", "start": YEAR_1}],
        "declaration": True,
        "payslips": [],
    }
    response = client.post("/api/v1/payment-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 400
    assert str(response.json()).count(MESSAGE) >= 2  # the period end, and the hours row's start


def test_case_services_refuse_out_of_window_dates_whoever_calls_them(investigated_case: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        case_services.case_record_active_step(
            case=investigated_case, user=investigated_case.caseworker, kind="meeting", on=dt.date(1, 1, 1)
        )
    assert exc.value.message_dict["on"] == [MESSAGE]
    with pytest.raises(ValidationError) as exc:
        case_services.decision_draft(
            case=investigated_case,
            user=investigated_case.caseworker,
            data={
                "outcome": "grant",
                "hours_per_week": Decimal("7"),
                "start_date": timezone.localdate(),
                "end_date": dt.date(9999, 12, 31),
                "period_type": "time_limited",
                "period_reason": "Vurderes igen",
                "rate_type": "standard",
                "reasons": "Behov",
            },
            assistant_ids=[a.pk for a in investigated_case.application.assistants.all()],
        )
    assert exc.value.message_dict["end_date"] == [MESSAGE]


def test_payment_services_refuse_out_of_window_dates_whoever_calls_them(
    granted_case: Any, officer: Any
) -> None:
    far = dt.date(9999, 12, 31)
    with pytest.raises(ValidationError) as exc:
        payment_services.trip_approve(
            user=granted_case.caseworker,
            grant=granted_case.grants.get(),
            purpose="Messe",
            start=far,
            end=far,
            estimated_cost=Decimal("100"),
        )
    assert exc.value.message_dict["start"] == [MESSAGE]
    with pytest.raises(ValidationError) as exc:
        payment_services.rate_row_add(
            user=officer, kind="standard_percentage", valid_from=far, value=Decimal(1)
        )
    assert exc.value.message_dict["valid_from"] == [MESSAGE]
    with pytest.raises(ValidationError) as exc:
        payment_services.payment_request_save_draft(
            user=factories.employer_user(granted_case.employer.cvr),
            grant=granted_case.grants.get(),
            period_start=dt.date(2026, 1, 1),
            period_end=far,
            hours=[{"assistant": "A", "hours": Decimal("1")}],
        )
    assert exc.value.message_dict["period"] == [MESSAGE]
