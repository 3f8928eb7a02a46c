"""A repayment claim is a decision: draft → hearing of the employer (FVL § 19) → decided or dropped.

Offsetting happens only for a decided claim whose settlement is offsetting; a draft, a claim in hearing,
a claim to be paid and a dropped claim never touch a payout.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import services as case_services
from kompensation.cases.models import CaseEvent, EventType
from kompensation.letters.models import Letter
from kompensation.payments import services
from kompensation.payments.models import ClaimStatus, Offset, RepaymentClaim
from kompensation.rules import payments as payment_rules
from tests import factories
from tests.payments.test_services import decided_claim, draft, submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def paid(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None, officer: Any) -> Any:
    """A request for the previous quarter, 10 hours, approved: 1.598,25 kr. paid (10 × 127,86 + 25 %)."""
    request = submit(employer, draft(employer, granted_case, Decimal("10")))
    services.payment_request_approve(user=officer, request=request)
    return request


def this_month_request(case: Any, employer: Any) -> Any:
    """A later request (this month, 5 hours) whose approval is where offsetting would happen."""
    start, end = payment_rules.month_bounds(TODAY.year, TODAY.month)
    request = services.payment_request_save_draft(
        user=employer,
        grant=case.grants.get(),
        period_start=start,
        period_end=min(end, TODAY),
        hours=[{"assistant": case.application.assistants.first().name, "hours": Decimal("5")}],
    )
    services.payslip_add(
        user=employer,
        request=request,
        upload=factories.pdf("loen.pdf"),
        assistant=case.application.assistants.first().name,
    )
    return submit(employer, request)


def new_claim(officer: Any, request: Any, should: str = "598.25") -> RepaymentClaim:
    return services.repayment_claim_create(
        user=officer,
        grant=request.grant,
        condition="wrong_information",
        facts="Timesedlen for marts var udfyldt for en assistent, der var fratrådt.",
        should_have_been={request.pk: Decimal(should)},
    )


def heard(officer: Any, request: Any, should: str = "598.25") -> RepaymentClaim:
    return services.repayment_hearing_send(user=officer, claim=new_claim(officer, request, should))


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_claim_in_draft_or_hearing_is_never_offset(paid: Any, officer: Any, employer: Any) -> None:
    drafted = new_claim(officer, paid, "1098.25")  # 500,00 kr.
    in_hearing = heard(officer, paid, "598.25")  # 1.598,25 − 500,00 − 598,25 = 500,00 kr.
    assert (drafted.status, in_hearing.status) == (ClaimStatus.DRAFT, ClaimStatus.HEARING)
    later = this_month_request(paid.grant.case, employer)
    payout = services.payment_request_approve(user=officer, request=later)
    assert payout.offset == Decimal("0.00") and payout.net == payout.gross
    assert not Offset.objects.exists()


def test_the_decision_waits_for_the_answer_or_the_deadline(paid: Any, officer: Any) -> None:
    claim = heard(officer, paid)
    # 14 days from today, moved to a working day: never earlier than 14 days ahead.
    assert claim.hearing_sent_on == TODAY and claim.response_due >= TODAY + dt.timedelta(days=14)
    with pytest.raises(ValidationError) as exc:
        services.repayment_decide(user=officer, claim=claim, assessment="", settlement="offset")
    assert "Vi træffer ikke afgørelse før fristen" in exc.value.messages[0]
    RepaymentClaim.objects.filter(pk=claim.pk).update(response_due=TODAY)  # the deadline day is still theirs
    with pytest.raises(ValidationError):
        services.repayment_decide(user=officer, claim=claim, assessment="", settlement="offset")
    RepaymentClaim.objects.filter(pk=claim.pk).update(response_due=TODAY - dt.timedelta(days=1))
    decided = services.repayment_decide(user=officer, claim=claim, assessment="", settlement="offset")
    assert decided.status == ClaimStatus.DECIDED and decided.letter.kind == "repayment"
    assert decided.outstanding == Decimal("1000.00")  # 1.598,25 − 598,25


def test_an_answer_needs_an_assessment_in_the_decision(paid: Any, officer: Any) -> None:
    claim = heard(officer, paid)
    services.repayment_answer(user=officer, claim=claim, answer="Assistenten var ansat.", received_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.repayment_decide(user=officer, claim=claim, assessment=" ", settlement="offset")
    assert exc.value.message_dict["assessment"] == [
        "Skriv jeres vurdering af virksomhedens svar. Den står i afgørelsen."
    ]


def test_the_employer_answers_in_the_portal_once(paid: Any, officer: Any, employer: Any) -> None:
    claim = heard(officer, paid)
    url = reverse("payments:employer_repayment_answer", args=[claim.pk])
    client = client_for(employer)
    page = client.get(url).content.decode()
    assert claim.response_due.strftime("%d.%m.%Y") in page and "1.000,00 kr." in page
    assert "Timesedlen for marts" in page
    assert client.post(url, {"answer": ""}).status_code == 400
    response = client.post(url, {"answer": "Assistenten arbejdede til og med 15. marts."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.answered_on == TODAY and claim.answered_by == employer
    assert claim.answer == "Assistenten arbejdede til og med 15. marts."
    event = CaseEvent.objects.get(type=EventType.REPAYMENT_ANSWERED)
    assert event.payload == {"claim_id": claim.pk, "received_on": str(TODAY), "via": "portal"}
    with pytest.raises(ValidationError, match="allerede modtaget"):
        services.repayment_answer(user=employer, claim=claim, answer="En gang til")
    assert "Assistenten arbejdede til og med 15. marts." in client.get(url).content.decode()


def test_the_employer_never_sees_a_draft_nor_another_employers_claim(paid: Any, officer: Any) -> None:
    claim = new_claim(officer, paid)
    owner = factories.employer_user(paid.grant.case.employer.cvr)
    url = reverse("payments:employer_repayment_answer", args=[claim.pk])
    assert client_for(owner).get(url).status_code == 404
    services.repayment_hearing_send(user=officer, claim=claim)
    assert client_for(owner).get(url).status_code == 200
    stranger = factories.employer_user(factories.register_company(name="Fremmed ApS"))
    assert client_for(stranger).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.repayment_answer(user=stranger, claim=claim, answer="Ikke vores")


def test_the_officer_records_an_answer_given_by_phone(paid: Any, officer: Any) -> None:
    claim = heard(officer, paid)
    with pytest.raises(ValidationError) as exc:
        services.repayment_answer(
            user=officer, claim=claim, answer="Enig", received_on=TODAY - dt.timedelta(days=1)
        )
    assert exc.value.message_dict["received_on"] == ["Datoen skal ligge mellem partshøringen og i dag."]
    services.repayment_answer(user=officer, claim=claim, answer="Enig i beløbet", received_on=TODAY)
    event = CaseEvent.objects.get(type=EventType.REPAYMENT_ANSWERED)
    assert event.payload["via"] == "officer"


def test_only_a_decided_offset_claim_is_offset(paid: Any, officer: Any, employer: Any) -> None:
    claim = decided_claim(officer, paid, Decimal("1098.25"))  # 1.598,25 − 1.098,25 = 500,00 kr.
    later = this_month_request(paid.grant.case, employer)
    payout = services.payment_request_approve(user=officer, request=later)
    claim.refresh_from_db()
    assert payout.offset == Decimal("500.00") and payout.net == payout.gross - Decimal("500.00")
    assert claim.outstanding == Decimal("0.00")
    assert list(Offset.objects.values_list("claim_id", "amount")) == [(claim.pk, Decimal("500.00"))]


def test_a_claim_to_be_paid_is_never_offset_and_its_date_is_a_working_day(
    paid: Any, officer: Any, employer: Any
) -> None:
    claim = decided_claim(
        officer,
        paid,
        Decimal("1098.25"),
        settlement="payment",
        payment_account="Herning Kommune, reg.nr. 1234 kontonr. 5678901",
        payment_due=dt.date(2030, 1, 5),  # a Saturday
    )
    assert claim.payment_due == dt.date(2030, 1, 7)  # the following Monday, an ordinary working day
    later = this_month_request(paid.grant.case, employer)
    payout = services.payment_request_approve(user=officer, request=later)
    assert payout.offset == Decimal("0.00") and not Offset.objects.exists()


def test_payment_needs_an_account_and_a_future_date(paid: Any, officer: Any) -> None:
    claim = heard(officer, paid)
    services.repayment_answer(user=officer, claim=claim, answer="Ingen bemærkninger", received_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.repayment_decide(
            user=officer, claim=claim, assessment="Ok", settlement="payment", payment_due=TODAY
        )
    assert exc.value.message_dict == {
        "payment_account": ["Skriv den konto, beløbet skal betales til."],
        "payment_due": ["Betalingsfristen skal ligge efter i dag."],
    }


def test_offsetting_needs_an_active_grant(paid: Any, officer: Any) -> None:
    claim = heard(officer, paid)
    services.repayment_answer(user=officer, claim=claim, answer="Ingen bemærkninger", received_on=TODAY)
    case = paid.grant.case
    case_services.grant_end(
        user=case.caseworker,
        grant=paid.grant,
        last_day=timezone.localdate(),
        reasons="Ansættelsen er ophørt",
        hearing_note="Oplysningerne kommer fra virksomheden selv.",
    )
    with pytest.raises(ValidationError) as exc:
        services.repayment_decide(user=officer, claim=claim, assessment="Ok", settlement="offset")
    assert "Vælg, at virksomheden betaler beløbet." in exc.value.message_dict["settlement"][0]


def test_one_event_per_step_and_no_letter_for_a_draft(paid: Any, officer: Any) -> None:
    before = set(Letter.objects.values_list("pk", flat=True))
    claim = new_claim(officer, paid)
    assert set(Letter.objects.values_list("pk", flat=True)) == before
    claim = services.repayment_hearing_send(user=officer, claim=claim)
    services.repayment_answer(user=officer, claim=claim, answer="Ingen bemærkninger", received_on=TODAY)
    services.repayment_decide(user=officer, claim=claim, assessment="Ok", settlement="offset")
    steps = [
        EventType.REPAYMENT_CLAIMED,
        EventType.REPAYMENT_HEARING_SENT,
        EventType.REPAYMENT_ANSWERED,
        EventType.REPAYMENT_DECIDED,
    ]
    events = list(CaseEvent.objects.filter(type__in=steps).values_list("type", flat=True))
    assert events == steps
    new = Letter.objects.exclude(pk__in=before)
    assert sorted(new.values_list("kind", "recipient", "confidentiality")) == [
        ("repayment", "employer", "subsidy"),
        ("repayment_hearing", "employer", "subsidy"),
    ]


def test_a_decided_claim_is_final_and_a_dropped_one_is_closed(paid: Any, officer: Any) -> None:
    decided = decided_claim(officer, paid, Decimal("1098.25"))
    with pytest.raises(ValidationError, match="afgjort krav"):
        services.repayment_drop(user=officer, claim=decided, reason="Fortrudt")
    dropped = heard(officer, paid, "0")  # what is left: 1.598,25 − 500,00 = 1.098,25 kr.
    assert dropped.amount == Decimal("1098.25")
    services.repayment_drop(user=officer, claim=dropped, reason="Virksomheden dokumenterede timerne")
    with pytest.raises(ValidationError, match="ikke i partshøring"):
        services.repayment_answer(user=officer, claim=dropped, answer="Sent svar", received_on=TODAY)
    with pytest.raises(ValidationError, match="Kun et krav i partshøring"):
        services.repayment_decide(user=officer, claim=dropped, assessment="", settlement="offset")
    assert CaseEvent.objects.filter(type=EventType.REPAYMENT_DROPPED).count() == 1


def test_only_the_municipalitys_payment_officer_handles_a_claim(paid: Any, officer: Any) -> None:
    claim = new_claim(officer, paid)
    outsiders = [factories.user(Role.PAYMENT_OFFICER, code="751"), factories.user(Role.MANAGER, code="657")]
    for user in outsiders:
        with pytest.raises(PermissionDenied):
            services.repayment_hearing_send(user=user, claim=claim)
        with pytest.raises(PermissionDenied):
            services.repayment_drop(user=user, claim=claim, reason="x")
    with pytest.raises(PermissionDenied):
        new_claim(outsiders[0], paid)
    assert RepaymentClaim.objects.get(pk=claim.pk).status == ClaimStatus.DRAFT
