"""Payment services against the database: request, controls, approval, correction, batch, repayment."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import services as case_services
from kompensation.payments import services
from kompensation.payments.models import Payout, PayoutBatch, RequestStatus
from kompensation.rules import pa
from kompensation.rules import payments as rules
from tests import factories
from tests.concurrency import at_once
from tests.factories import previous_quarter

pytestmark = pytest.mark.django_db


def draft(employer: Any, case: Any, hours: Decimal, **kwargs: Any) -> Any:
    start, end = previous_quarter()
    assistant = case.application.assistants.first().name
    request = services.payment_request_save_draft(
        user=employer,
        grant=case.grants.get(),
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": hours}],
        **kwargs,
    )
    services.payslip_add(
        user=employer, request=request, upload=factories.pdf("loen.pdf"), assistant=assistant
    )
    return request


def submit(employer: Any, request: Any, key: str | None = None) -> Any:
    return services.payment_request_submit(
        user=employer, request=request, declaration=True, idempotency_key=key or uuid.uuid4().hex
    )


def decided_claim(
    officer: Any, request: Any, should: Decimal, settlement: str = "offset", **kwargs: Any
) -> Any:
    """A claim on one paid request, heard, answered and decided: the whole FVL § 19 flow in one call."""
    claim = services.repayment_claim_create(
        user=officer,
        grant=request.grant,
        condition="conditions_not_met",
        facts="Assistenten var fratrådt i perioden.",
        should_have_been={request.pk: should},
    )
    claim = services.repayment_hearing_send(user=officer, claim=claim)
    claim = services.repayment_answer(
        user=officer, claim=claim, answer="Vi har ingen bemærkninger.", received_on=timezone.localdate()
    )
    return services.repayment_decide(
        user=officer,
        claim=claim,
        assessment="Svaret ændrer ikke vurderingen.",
        settlement=settlement,
        **kwargs,
    )


@pytest.fixture
def ready(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> dict[str, Any]:
    return {"case": granted_case, "employer": employer, "grant": granted_case.grants.get()}


def test_simplified_request_computes_and_all_controls_pass(ready: dict[str, Any], officer: Any) -> None:
    start, end = previous_quarter()
    allowed = rules.allowed_hours(Decimal("7"), start, end)
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("80")))
    wage = rules.round_ore(Decimal("80") * Decimal("127.86"))
    assert request.requested_total == wage + rules.round_ore(wage * Decimal("0.25"))
    assert allowed >= 80
    statuses = {c.code: c.status for c in request.controls.all()}
    assert set(statuses.values()) == {"pass"}, statuses
    assert request.payout_due == rules.payout_due(timezone.localdate())
    payout = services.payment_request_approve(user=officer, request=request)
    assert payout.net == request.requested_total
    batch = services.payout_batch_create(user=officer)
    assert (
        batch is not None
        and f"{payout.net:.2f}" in batch.content
        and ready["case"].employer.cvr in batch.content
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.PAID
    assert services.payout_batch_create(user=officer) is None  # nothing is paid twice


def test_hours_above_the_quarterly_average_fail_and_are_capped(ready: dict[str, Any], officer: Any) -> None:
    start, end = previous_quarter()
    allowed = rules.allowed_hours(Decimal("7"), start, end)
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], allowed + 20))
    hours = request.controls.get(code="hours")
    assert hours.status == "fail" and f"plads til {pa.format_hours(allowed)} timer" in hours.evidence
    assert Decimal(request.calculation["hours"]) == allowed
    # 20 hours cut at 127.86 = −2557.20; the simplified 25 % supplement is computed on the paid wage.
    assert hours.action_taken == "20 t over gennemsnittet er trukket fra: −2.557,20 kr."
    assert "træk ikke fradraget fra igen" in hours.officer_decides
    correction = services.payment_request_correct(
        user=officer,
        request=request,
        new_total=Decimal("1000.00"),
        reason="Timer ud over bevillingen betales ikke.",
    )
    assert correction.old_amount == request.requested_total
    with pytest.raises(ValidationError) as exc:
        services.payment_request_approve(user=officer, request=request)
    assert exc.value.message_dict["override_reason"] == [
        "Skriv hvorfor du godkender, selv om kontrollen «Timer inden for bevillingens gennemsnit» fejlede "
        "eller ikke kunne gennemføres."
    ]
    payout = services.payment_request_approve(
        user=officer, request=request, override_reason="Fradraget er rigtigt; resten betales."
    )
    assert payout.gross == Decimal("1000.00")
    request.refresh_from_db()
    assert request.override_reason == "Fradraget er rigtigt; resten betales."
    event = request.grant.case.events.filter(type="payment_approved").latest("at")
    assert event.payload["overridden_controls"] == ["hours"]
    assert event.payload["override_reason"] == "Fradraget er rigtigt; resten betales."


@pytest.mark.parametrize(
    ("hours", "fragment"),
    [(Decimal("-1"), "negative"), (Decimal("10.25"), "halve timer"), (Decimal("0"), "mindst én")],
)
def test_bad_hours_are_refused(ready: dict[str, Any], hours: Decimal, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        draft(ready["employer"], ready["case"], hours)
    assert fragment in " ".join(exc.value.messages)


def test_period_outside_grant_is_refused(ready: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        services.payment_request_save_draft(
            user=ready["employer"],
            grant=ready["grant"],
            period_start=dt.date(2019, 1, 1),
            period_end=dt.date(2019, 3, 31),
            hours=[{"assistant": "X", "hours": Decimal("10")}],
        )
    assert "uden for bevillingen" in exc.value.message_dict["period"][0]


def test_payslip_must_be_pdf_or_image(ready: dict[str, Any]) -> None:
    request = draft(ready["employer"], ready["case"], Decimal("10"))
    docx = SimpleUploadedFile("loen.docx", _docx_bytes())
    with pytest.raises(ValidationError) as exc:
        services.payslip_add(user=ready["employer"], request=request, upload=docx)
    assert "PDF eller et billede" in exc.value.message_dict["payslip"][0]
    text = SimpleUploadedFile("loen.txt", b"hello")
    with pytest.raises(ValidationError):
        services.payslip_add(user=ready["employer"], request=request, upload=text)


def _docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_another_employers_grant_is_refused(ready: dict[str, Any]) -> None:
    stranger = factories.employer_user(factories.register_company(name="Anden ApS"))
    start, end = previous_quarter()
    with pytest.raises(PermissionDenied):
        services.payment_request_save_draft(
            user=stranger,
            grant=ready["grant"],
            period_start=start,
            period_end=end,
            hours=[{"assistant": "X", "hours": Decimal("1")}],
        )


def test_replayed_submit_and_same_period_twice_are_refused(ready: dict[str, Any]) -> None:
    request = draft(ready["employer"], ready["case"], Decimal("10"))
    second = draft(ready["employer"], ready["case"], Decimal("10"))  # written before the first is sent
    key = uuid.uuid4().hex
    submit(ready["employer"], request, key)
    with pytest.raises(ValidationError) as exc:
        submit(ready["employer"], request, key)
    assert "allerede modtaget" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        submit(ready["employer"], second)
    assert "allerede anmodet" in exc.value.message_dict["period"][0]
    # A new draft for the requested period is refused at the first step, naming the request.
    with pytest.raises(services.PeriodAlreadyRequested) as exc:
        draft(ready["employer"], ready["case"], Decimal("10"))
    assert exc.value.message_dict["period"] == [
        f"Der er allerede anmodet om udbetaling for perioden ({request.reference}). "
        "Kontakt jobcentret, hvis den skal rettes."
    ]


def test_failing_registers_are_shown(ready: dict[str, Any]) -> None:
    from kompensation.registers.models import OfflineCvrRecord, OfflineIncomeRecord

    OfflineIncomeRecord.objects.all().delete()
    OfflineCvrRecord.objects.filter(cvr=ready["case"].employer.cvr).update(active_to=dt.date(2000, 1, 1))
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    statuses = {c.code: c.status for c in request.controls.all()}
    assert statuses["cvr"] == "fail" and statuses["eindkomst"] == "fail"


def test_late_request_needs_a_reason_to_be_paid(ready: dict[str, Any], officer: Any) -> None:
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    type(request).objects.filter(pk=request.pk).update(late=True)
    request.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.payment_request_approve(user=officer, request=request)
    assert "for sent" in exc.value.message_dict["late_reason"][0]
    services.payment_request_approve(user=officer, request=request, late_reason="Sygdom hos lønbogholder.")


def test_officer_who_decided_the_grant_cannot_approve(ready: dict[str, Any]) -> None:
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    decider = ready["grant"].decision.decided_by
    decider.role = "payment_officer"
    decider.save()
    with pytest.raises(PermissionDenied, match="truffet afgørelsen"):
        services.payment_request_approve(user=decider, request=request)


def test_stopped_grant_blocks_payout_and_claims_are_offset(ready: dict[str, Any], officer: Any) -> None:
    later = draft(ready["employer"], ready["case"], Decimal("5"))  # a draft of the period, never sent
    paid = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    services.payment_request_approve(user=officer, request=paid)
    claim = decided_claim(officer, paid, Decimal("1098.25"))  # 1.598,25 paid − 1.098,25 due = 500,00
    assert claim.amount == Decimal("500.00")
    month_start, month_end = rules.month_bounds(timezone.localdate().year, timezone.localdate().month)
    request = services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=month_start,
        period_end=min(month_end, timezone.localdate()),
        hours=[{"assistant": "A", "hours": Decimal("5")}],
    )
    services.payslip_add(
        user=ready["employer"], request=request, upload=factories.pdf("l.pdf"), assistant="A"
    )
    submit(ready["employer"], request)
    payout = services.payment_request_approve(user=officer, request=request)
    claim.refresh_from_db()
    assert payout.offset == Decimal("500.00") and payout.net == payout.gross - 500 and claim.outstanding == 0
    case_services.grant_end(
        user=ready["case"].caseworker,
        grant=ready["grant"],
        # The stop falls inside the draft's quarter: the draft reaches past the last day with subsidy.
        last_day=previous_quarter()[0],
        reasons="Ændringsanmeldelse: ansættelsen er ophørt",
        hearing_note="Oplysningerne kommer fra virksomheden selv.",
    )
    first_day_without = previous_quarter()[0] + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match=f"standset fra {first_day_without:%d.%m.%Y}"):
        submit(ready["employer"], later)
    assert later.status == RequestStatus.DRAFT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_at_once_never_pay_twice(
    granted_case: Any, rates: None, wages: None, simplified: None
) -> None:
    assert connection.vendor == "postgresql"
    employer = factories.employer_user(granted_case.employer.cvr)
    first, second = (
        factories.user("payment_officer", code="657"),
        factories.user("payment_officer", code="657"),
    )
    request = submit(employer, draft(employer, granted_case, Decimal("10")))
    approvals = at_once(
        [
            lambda: services.payment_request_approve(user=first, request=request),
            lambda: services.payment_request_approve(user=second, request=request),
        ]
    )
    assert sum(isinstance(r, Payout) for r in approvals) == 1
    assert any(isinstance(r, ValidationError) and "allerede behandlet" in r.messages[0] for r in approvals)
    exports = at_once(
        [lambda: services.payout_batch_create(user=first), lambda: services.payout_batch_create(user=second)]
    )
    batches = [b for b in exports if isinstance(b, PayoutBatch)]
    assert len(batches) == 1
    assert PayoutBatch.objects.count() == 1 and Payout.objects.get().batch == batches[0]
    assert batches[0].content.count(request.reference) == 1


def test_detailed_mode_in_the_portal_adds_supplements(ready: dict[str, Any]) -> None:
    from django.test import Client
    from django.urls import reverse

    from kompensation.payments.models import PaymentRequest, PaymentSettings

    PaymentSettings.objects.filter(municipality=ready["case"].municipality).update(mode="detailed")
    year, quarter = rules.quarter_of(previous_quarter()[0])
    assistant = ready["case"].application.assistants.first().name
    client = Client()
    client.force_login(ready["employer"])
    url = reverse("payments:employer_new") + f"?grant={ready['grant'].pk}&period=Q{year}-{quarter}"
    base = {
        "grant": ready["grant"].pk,
        "period": f"Q{year}-{quarter}",
        "hours_0_0": "10",
        "supplement-TOTAL_FORMS": "2",
        "supplement-INITIAL_FORMS": "0",
        "supplement-MIN_NUM_FORMS": "0",
        "supplement-MAX_NUM_FORMS": "30",
        "supplement-0-kind": "holiday_pay",
        "supplement-0-assistant": assistant,
        "supplement-0-percentage": "12,5",
        "supplement-0-basis": "1.278,60",
        "supplement-1-kind": "atp",
        "supplement-1-assistant": assistant,
    }
    response = client.post(url, base)
    assert response.status_code == 400
    assert "Angiv enten et beløb eller en procent" in response.content.decode()
    assert not PaymentRequest.objects.exists()
    response = client.post(url, base | {"supplement-1-amount": "94,65"})
    assert response.status_code == 400
    assert f"Vedhæft lønsedlen for hver assistent: vedhæft lønsedlen for {assistant}." in (
        response.content.decode()
    )
    response = client.post(
        url, base | {"supplement-1-amount": "94,65", "payslip_0": factories.pdf("loenseddel.pdf")}
    )
    assert response.status_code == 302
    request = PaymentRequest.objects.get()
    lines = {line["code"]: line["amount"] for line in request.calculation["lines"]}
    assert request.mode == "detailed"
    assert lines["holiday_pay"] == "159.83" and lines["atp"] == "94.65"
    assert request.requested_total == rules.round_ore(Decimal(10) * Decimal("127.86")) + Decimal(
        "159.83"
    ) + Decimal("94.65")


def test_repayment_claim_hears_and_decides_with_letters_to_the_employer_only(
    ready: dict[str, Any], officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import io

    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from kompensation.letters.models import Letter

    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    services.payment_request_approve(user=officer, request=request)
    client = Client()
    client.force_login(officer)
    url = reverse("payments:repayment_new", args=[request.pk])
    bad = client.post(url, {f"should_{request.pk}": "-5", "condition": "", "facts": "For mange timer"})
    page = bad.content.decode()
    assert bad.status_code == 400 and "Beløbet kan ikke være negativt." in page and "For mange timer" in page
    response = client.post(
        url,
        # 1.598,25 kr. paid − 348,25 kr. due = 1.250,00 kr.
        {f"should_{request.pk}": "348,25", "condition": "concealed", "facts": "Assistenten var fratrådt."},
    )
    claim = ready["grant"].repayment_claims.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "payments:repayment", args=[claim.pk]
    )
    assert claim.status == "draft" and claim.amount == Decimal("1250.00")
    assert not Letter.objects.filter(kind__startswith="repayment").exists()
    with django_capture_on_commit_callbacks(execute=True):  # the letter's PDF is rendered after commit
        response = client.post(
            reverse("payments:repayment_hearing", args=[claim.pk]), {"response_days": "14"}
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "hearing" and claim.hearing_letter.is_sent and claim.letter is None
    text = PdfReader(io.BytesIO(claim.hearing_letter.pdf.read())).pages[0].extract_text()
    assert "1.250,00 kr." in text and ready["case"].employer.name in text
    employer_client, citizen_client = Client(), Client()
    employer_client.force_login(ready["employer"])
    citizen_client.force_login(factories.citizen(ready["case"].person.cpr))
    pdf_url = reverse("letters:pdf", args=[claim.hearing_letter.pk])
    assert employer_client.get(pdf_url).status_code == 200
    assert citizen_client.get(pdf_url).status_code == 404


def test_travel_and_other_costs_are_refunded_with_receipts(ready: dict[str, Any]) -> None:
    from django.test import Client
    from django.urls import reverse

    from kompensation.payments.models import PaymentRequest

    start, end = previous_quarter()
    caseworker = ready["case"].caseworker
    client = Client()
    client.force_login(caseworker)
    trip_url = reverse("payments:trip_new", args=[ready["case"].pk])
    bad = client.post(
        trip_url, {"purpose": "", "start": end.isoformat(), "end": start.isoformat(), "estimated_cost": "0"}
    )
    assert bad.status_code == 400 and "Slutdatoen skal ligge efter startdatoen." in bad.content.decode()
    trip_day = start + dt.timedelta(days=10)
    assert (
        client.post(
            trip_url,
            {
                "purpose": "Konference i Odense",
                "start": trip_day.isoformat(),
                "end": trip_day.isoformat(),
                "estimated_cost": "2.500",
            },
        ).status_code
        == 302
    )
    trip = ready["grant"].trips.get()
    assert trip.estimated_cost == Decimal("2500")

    year, quarter = rules.quarter_of(start)
    employer = Client()
    employer.force_login(ready["employer"])
    url = reverse("payments:employer_new") + f"?grant={ready['grant'].pk}&period=Q{year}-{quarter}"
    data = {
        "grant": ready["grant"].pk,
        "period": f"Q{year}-{quarter}",
        "hours_0_0": "10",
        "payslip_0": factories.pdf("loen.pdf"),
        "travel_trip": trip.pk,
        "travel_amount": "1.234,50",
        "travel_receipt": factories.pdf("kvittering.pdf"),
        "other_amount": "300",
    }
    response = employer.post(url, data)
    assert response.status_code == 400 and "Beskriv udgiften" in response.content.decode()
    data |= {
        "payslip_0": factories.pdf("loen.pdf"),
        "travel_receipt": factories.pdf("kvittering.pdf"),
        "other_description": "Timetillæg efter overenskomst",
    }
    assert employer.post(url, data).status_code == 302
    request = PaymentRequest.objects.get()
    lines = {line["code"]: line["amount"] for line in request.calculation["lines"]}
    assert lines["travel"] == "1234.50" and lines["other"] == "300.00"
    submitted = submit(ready["employer"], request)
    expenses = submitted.controls.get(code="expenses")
    assert expenses.status == "fail" and "1 kvittering" in expenses.evidence  # the other cost lacks one


def test_senior_assistant_is_paid_at_the_step_rate(ready: dict[str, Any]) -> None:
    from kompensation.payments.models import RateKind, RateRow

    star = factories.user(Role.NATIONAL, code=None)  # the standard rate is national (HK/State agreement)
    services.rate_row_add(
        user=star,
        kind=RateKind.STANDARD_HOURLY,
        seniority=2,
        valid_from=dt.date(2020, 4, 1),
        value=Decimal("150.00"),
        source="Trin 2",
    )
    with pytest.raises(ValidationError) as exc:
        services.rate_row_add(
            user=star,
            kind=RateKind.STANDARD_HOURLY,
            seniority=2,
            valid_from=dt.date(2020, 4, 1),
            value=Decimal("151"),
        )
    assert "ny dato" in exc.value.message_dict["valid_from"][0]
    assert services.seniority_steps() == [0, 2]
    start, end = previous_quarter()
    request = services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=start,
        period_end=end,
        hours=[{"assistant": "Erfaren", "hours": Decimal("10"), "seniority": 2}],
    )
    wage = request.calculation["lines"][0]
    assert wage["amount"] == "1500.00" and wage["rate_ref"] == str(RateRow.objects.get(seniority=2).pk)


def test_new_rate_lists_affected_open_requests_and_keeps_settled_ones(
    ready: dict[str, Any], officer: Any
) -> None:
    from django.test import Client
    from django.urls import reverse

    settled = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    services.payment_request_approve(user=officer, request=settled)
    before = settled.calculation
    start, _ = previous_quarter()
    month_start, month_end = rules.month_bounds(timezone.localdate().year, timezone.localdate().month)
    services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=month_start,
        period_end=min(month_end, timezone.localdate()),
        hours=[{"assistant": "A", "hours": Decimal("2")}],
    )
    client = Client()
    client.force_login(officer)
    bad = client.post(
        reverse("payments:rates"),
        {"kind": "standard_percentage", "valid_from": "2026-13-01", "value": "abc", "seniority": "0"},
    )
    assert bad.status_code == 400 and "Skriv et beløb som fx 1.234,50" in bad.content.decode()
    response = client.post(
        reverse("payments:rates"),
        {
            "kind": "standard_percentage",
            "valid_from": start.isoformat(),
            "value": "30,00",
            "seniority": "0",
            "source": "Ny sats",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Åbne anmodninger, som den nye sats rammer" in page
    settled.refresh_from_db()
    assert settled.calculation == before and settled.reference not in page.split("som den nye sats rammer")[1]


def test_officer_corrects_one_line_and_the_total_follows(ready: dict[str, Any], officer: Any) -> None:
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    wage, supplement = (Decimal(line["amount"]) for line in request.calculation["lines"][:2])
    with pytest.raises(ValidationError) as exc:
        services.payment_request_correct(
            user=officer, request=request, new_total=Decimal("100"), reason="", line="1"
        )
    assert "begrundelsen" in exc.value.message_dict["reason"][0]
    with pytest.raises(ValidationError):
        services.payment_request_correct(
            user=officer, request=request, new_total=Decimal("1"), reason="x", line="99"
        )
    correction = services.payment_request_correct(
        user=officer, request=request, new_total=Decimal("100.00"), reason="Pensionen var lavere.", line="1"
    )
    assert correction.old_amount == supplement and "Standardtillæg" in correction.label
    assert services.payment_request_total(request) == wage + Decimal("100.00")
    services.payment_request_correct(
        user=officer, request=request, new_total=Decimal("500.00"), reason="Samlet"
    )
    assert services.payment_request_total(request) == Decimal("500.00")


def test_unknown_cvr_fails_its_control_and_is_not_offered_one_click_approval(
    ready: dict[str, Any], officer: Any
) -> None:
    from django.test import Client
    from django.urls import reverse

    from kompensation.registers.models import OfflineCvrRecord

    OfflineCvrRecord.objects.filter(cvr=ready["case"].employer.cvr).delete()
    request = submit(ready["employer"], draft(ready["employer"], ready["case"], Decimal("10")))
    control = request.controls.get(code="cvr")
    assert control.status == "fail" and "findes ikke i CVR-registret" in control.evidence
    client = Client()
    client.force_login(officer)
    queue = client.get(reverse("payments:queue")).content.decode()
    assert "1 fejl" in queue and f"Godkend {request.reference}" not in queue
    assert not Payout.objects.exists()
