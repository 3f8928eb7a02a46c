"""The officer's page (what was done, what to decide, the payslip in the page, the reason to override) and the
employer's first step (only requestable periods, requested ones caught), payslips required, drafts deleted."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import AccessLog
from kompensation.cases.models import Case, Decision
from kompensation.payments import selectors, services
from kompensation.payments.forms import PeriodForm
from kompensation.payments.models import PaymentRequest, Payslip
from kompensation.rules import payments as rules
from tests import factories
from tests.payments.test_services import draft

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def ready(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> dict[str, Any]:
    return {"case": granted_case, "employer": employer, "grant": granted_case.grants.get()}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submitted(ready: dict[str, Any], hours: str) -> PaymentRequest:
    return services.payment_request_submit(
        user=ready["employer"],
        request=draft(ready["employer"], ready["case"], D(hours)),
        declaration=True,
        idempotency_key=uuid.uuid4().hex,
    )


# --- the payment officer ----------------------------------------------------------------------------


def test_officer_page_says_what_was_done_and_shows_the_payslip(ready: dict[str, Any], officer: Any) -> None:
    request = _submitted(ready, "500")  # far above 7 h/week over a quarter
    slip = request.payslips.get()
    page = _client(officer).get(reverse("payments:officer_request", args=[request.pk])).content.decode()
    assert "Gjort automatisk" in page and "Du skal" in page
    assert "t over gennemsnittet er trukket fra: −" in page
    assert f'src="{reverse("payments:payslip", args=[request.pk, slip.pk])}"' in page
    assert "Hvorfor godkender du, selv om en kontrol fejlede?" in page


def test_payslip_opens_inline_for_the_officer_only_framed_by_our_pages(
    ready: dict[str, Any], officer: Any
) -> None:
    second = draft(ready["employer"], ready["case"], D("5"))  # another request's payslip, a draft
    request = _submitted(ready, "10")
    slip = request.payslips.get()
    url = reverse("payments:payslip", args=[request.pk, slip.pk])
    response = _client(officer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == factories.PDF_BYTES  # type: ignore[attr-defined]
    logged = AccessLog.objects.filter(user=officer, action=AccessLog.Action.DOWNLOAD).get()
    assert "lønseddel «loen.pdf»" in logged.object_repr and logged.case_id == ready["case"].pk
    # Every other page still refuses to be framed.
    other = _client(officer).get(reverse("payments:officer_request", args=[request.pk]))
    assert other["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in other["Content-Security-Policy"]
    # A payslip of another request cannot be reached through this request's address.
    foreign = reverse("payments:payslip", args=[request.pk, second.payslips.get().pk])
    assert _client(officer).get(foreign).status_code == 404


def test_approving_over_a_failed_control_needs_a_reason(ready: dict[str, Any], officer: Any) -> None:
    request = _submitted(ready, "500")
    client = _client(officer)
    url = reverse("payments:approve", args=[request.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert (
        "Skriv hvorfor du godkender, selv om kontrollen «Timer inden for bevillingens gennemsnit» fejlede"
        in response.content.decode()
    )
    request.refresh_from_db()
    assert request.status == "submitted"
    response = client.post(url, {"override_reason": "Fradraget er rigtigt; lønsedlen passer."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.override_reason == "Fradraget er rigtigt; lønsedlen passer."


def test_clean_request_is_approved_without_a_reason(ready: dict[str, Any], officer: Any) -> None:
    request = _submitted(ready, "10")
    assert services.open_controls(request) == []
    queue = _client(officer).get(reverse("payments:queue")).content.decode()
    assert f"Godkend {request.reference}" in queue  # the one-click approve, for clean requests only
    services.payment_request_approve(user=officer, request=request)
    request.refresh_from_db()
    assert request.status == "approved" and request.override_reason == ""


def test_one_click_approve_is_not_offered_when_a_control_failed(ready: dict[str, Any], officer: Any) -> None:
    request = _submitted(ready, "500")
    queue = _client(officer).get(reverse("payments:queue")).content.decode()
    assert f"Godkend {request.reference}" not in queue


# --- the employer -----------------------------------------------------------------------------------


def _q1_grant(ready: dict[str, Any], start: dt.date = dt.date(2026, 1, 1)) -> Any:
    grant = ready["grant"]
    Decision.objects.filter(pk=grant.decision_id).update(start_date=start)
    Case.objects.filter(pk=ready["case"].pk).update(received_on=dt.date(2026, 1, 1))
    return ready["case"].grants.select_related("decision", "case").get()


def test_requestable_periods_on_a_day(ready: dict[str, Any]) -> None:
    """Grant from 1.1.2026 to the end of next year, application received 1.1.2026, today 23.11.2026."""
    grant = _q1_grant(ready)
    january = services.payment_request_save_draft(
        user=ready["employer"],
        grant=grant,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        hours=[{"assistant": "A", "hours": D(10)}],
    )
    services.payslip_add(user=ready["employer"], request=january, upload=factories.pdf(), assistant="A")
    services.payment_request_submit(
        user=ready["employer"], request=january, declaration=True, idempotency_key="k"
    )
    labels = [o.label for o in selectors.requestable_periods(grant, dt.date(2026, 11, 23))]
    # Quarters: Q4 2026 has begun; Q4 2025 ends before the grant. Late: a quarter's deadline is the end of
    # the next quarter (Q1 → 30.6.2026, Q2 → 30.9.2026, Q3 → 31.12.2026, not yet passed).
    late = " – fristen er overskredet; jobcentret vurderer, om der betales"
    assert labels == [
        "4. kvartal 2026",
        "3. kvartal 2026",
        "2. kvartal 2026" + late,
        f"1. kvartal 2026 – allerede anmodet ({january.reference})",
        "november 2026",
        "oktober 2026",
        "september 2026",
        "august 2026",
        "juli 2026",
        "juni 2026" + late,
        "maj 2026" + late,
        "april 2026" + late,
        "marts 2026" + late,
        "februar 2026" + late,
        f"januar 2026 – allerede anmodet ({january.reference})",
    ]


def test_a_period_is_cut_to_the_grant(ready: dict[str, Any]) -> None:
    grant = _q1_grant(ready, start=dt.date(2026, 2, 15))
    options = {o.code: o for o in selectors.requestable_periods(grant, dt.date(2026, 3, 20))}
    assert list(options) == ["Q2026-1", "M2026-3", "M2026-2"]
    assert options["Q2026-1"].label == "1. kvartal 2026 (15.02.2026–31.03.2026)"
    assert (options["Q2026-1"].start, options["Q2026-1"].end) == (dt.date(2026, 2, 15), dt.date(2026, 3, 31))


def test_an_already_requested_period_is_shown_disabled_and_refused_at_the_first_step(
    ready: dict[str, Any],
) -> None:
    request = _submitted(ready, "10")
    year, quarter = rules.quarter_of(request.period_start)
    code = f"Q{year}-{quarter}"
    grants = ready["case"].grants.all()
    form = PeriodForm(grants=grants)  # the employer's only grant is chosen for them
    html = str(form["period"])
    assert f'<option value="{code}" disabled>' in html and f"allerede anmodet ({request.reference})" in html
    form = PeriodForm({"grant": ready["grant"].pk, "period": code}, grants=grants)
    assert not form.is_valid()
    assert form.errors["period"] == [
        f"Der er allerede anmodet om udbetaling for {quarter}. kvartal {year} ({request.reference}). "
        "Vælg en anden periode, eller kontakt "
        "jobcentret, hvis anmodningen skal rettes."
    ]
    client = _client(ready["employer"])
    response = client.get(reverse("payments:employer_new"), {"grant": ready["grant"].pk, "period": code})
    assert "Vælg en anden periode" in response.content.decode()
    assert "Beregn beløbet" not in response.content.decode()  # never reaches the hours step


def test_a_payslip_is_required_to_sign(ready: dict[str, Any]) -> None:
    start, end = factories.previous_quarter()
    request = services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=start,
        period_end=end,
        hours=[{"assistant": "Anna", "hours": D(10)}],
    )
    with pytest.raises(ValidationError) as exc:
        services.payment_request_submit(
            user=ready["employer"], request=request, declaration=True, idempotency_key="k"
        )
    assert exc.value.message_dict["payslips"] == ["Vedhæft lønsedlen for hver assistent. Mangler for: Anna."]
    request.refresh_from_db()
    assert request.status == "draft"


def test_employer_deletes_a_draft_after_confirming(
    ready: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    request = draft(ready["employer"], ready["case"], D("10"))
    name = request.payslips.get().file.name
    assert default_storage.exists(name)
    client = _client(ready["employer"])
    url = reverse("payments:employer_delete", args=[request.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Slet kladden?" in page.content.decode()
    assert client.post(url, {}).status_code == 400  # no confirmation: nothing deleted
    assert PaymentRequest.objects.filter(pk=request.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("payments:employer_list")
    assert not PaymentRequest.objects.filter(pk=request.pk).exists()
    assert not Payslip.objects.filter(file=name).exists()
    assert not default_storage.exists(name)


def test_a_file_another_request_uses_is_kept(
    ready: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = draft(ready["employer"], ready["case"], D("10"))
    second = draft(ready["employer"], ready["case"], D("10"))  # the same PDF: stored once, under its hash
    name = first.payslips.get().file.name
    assert second.payslips.get().file.name == name
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_request_delete_draft(user=ready["employer"], request=first)
    assert default_storage.exists(name)


def test_a_sent_request_cannot_be_deleted(ready: dict[str, Any]) -> None:
    request = _submitted(ready, "10")
    client = _client(ready["employer"])
    assert (
        client.post(reverse("payments:employer_delete", args=[request.pk]), {"confirm": "yes"}).status_code
        == 403
    )
    with pytest.raises(ValidationError, match="kan ikke slettes"):
        services.payment_request_delete_draft(user=ready["employer"], request=request)
    assert PaymentRequest.objects.filter(pk=request.pk).exists()
