"""The database connection drops in the middle of a write: nothing is half-written, and the page says so."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from kompensation.cases import services as case_services
from kompensation.cases.models import Case, CaseEvent, CaseStatus, Deadline, Decision, Grant
from kompensation.letters.models import Letter
from kompensation.payments import services
from kompensation.payments.models import (
    ControlResult,
    HoursEntry,
    PaymentRequest,
    Payslip,
    RequestStatus,
)
from kompensation.rules import payments as rules
from tests import factories
from tests.factories import previous_quarter

from .helpers import client_for, stored_files, unique_pdf

pytestmark = pytest.mark.django_db

DROPPED = OperationalError("server closed the connection unexpectedly")
SAVE_FAILED = "Systemet kunne ikke gemme lige nu. Intet er gemt. Prøv igen om lidt."


def drop_on_event(event_type: str) -> Any:
    """Patch CaseEvent.save so the connection 'drops' when the service writes its event (its last write)."""
    original = CaseEvent.save

    def save(self: CaseEvent, *args: Any, **kwargs: Any) -> None:
        if self.type == event_type:
            raise DROPPED
        original(self, *args, **kwargs)

    return mock.patch.object(CaseEvent, "save", save)


def decision_ready(case: Case) -> Decision:
    return factories.grant_draft(case)


def snapshot(case: Case) -> dict[str, object]:
    return {
        "status": Case.objects.get(pk=case.pk).status,
        "events": CaseEvent.objects.filter(case=case).count(),
        "deadlines": list(Deadline.objects.filter(case=case).values_list("kind", "met_at")),
        "grants": Grant.objects.count(),
        "sent_decisions": Decision.objects.filter(sent_at__isnull=False).count(),
        "sent_letters": Letter.objects.filter(sent_at__isnull=False).count(),
        "files": stored_files(),
    }


def test_decision_send_dropped_at_its_last_write_leaves_nothing(
    investigated_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    decision = decision_ready(investigated_case)
    before = snapshot(investigated_case)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        drop_on_event("decision_sent"),
        pytest.raises(OperationalError),
    ):
        case_services.decision_send(decision=decision, user=investigated_case.caseworker)
    assert snapshot(investigated_case) == before
    assert before["status"] == CaseStatus.INVESTIGATING and before["grants"] == 0
    assert callbacks == []  # no PDF rendering queued for a decision that was never sent


def test_decision_send_page_says_nothing_was_saved(
    investigated_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    decision = decision_ready(investigated_case)
    assert decision.letter is not None
    before = snapshot(investigated_case)
    client = client_for(investigated_case.caseworker)
    url = reverse("cases:decision_send", args=[investigated_case.pk])
    with django_capture_on_commit_callbacks(execute=True), drop_on_event("decision_sent"):
        response = client.post(url, {})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert SAVE_FAILED in response.content.decode()
    assert snapshot(investigated_case) == before


def draft(ready: dict[str, Any]) -> PaymentRequest:
    start, end = previous_quarter()
    assistant = ready["case"].application.assistants.first().name
    return services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal("10")}],
        payslips=[services.Attachment(upload=unique_pdf("loen.pdf"), field="payslip_0", assistant=assistant)],
    )


def drop_on_third_control() -> Any:
    from kompensation.payments.services import controls

    original = controls._control
    calls = {"n": 0}

    def control(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise DROPPED
        original(*args, **kwargs)

    return mock.patch.object(controls, "_control", control)


def test_submit_dropped_among_the_controls_leaves_the_draft_as_it_was(ready: dict[str, Any]) -> None:
    request = draft(ready)
    events = CaseEvent.objects.filter(case=ready["case"]).count()
    with drop_on_third_control(), pytest.raises(OperationalError):
        services.payment_request_submit(
            user=ready["employer"], request=request, declaration=True, idempotency_key=uuid.uuid4().hex
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    assert request.idempotency_key is None or request.idempotency_key == ""
    assert request.submitted_at is None
    assert not ControlResult.objects.filter(request=request).exists()  # not two of five controls
    assert CaseEvent.objects.filter(case=ready["case"]).count() == events


def test_submit_page_says_nothing_was_saved_and_the_retry_works(ready: dict[str, Any]) -> None:
    request = draft(ready)
    client = client_for(ready["employer"])
    url = reverse("payments:employer_request", args=[request.pk])
    form = {"need_unchanged": "ja", "declaration": "on", "idempotency_key": uuid.uuid4().hex}
    with drop_on_third_control():
        response = client.post(url, form)
    assert response.status_code == 503 and SAVE_FAILED in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    # The same form sent again, with the same one-time key, goes through: the key was never stored.
    assert client.post(url, form).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.controls.count() > 3


def test_draft_save_dropped_at_the_payslip_leaves_no_draft_and_no_file(ready: dict[str, Any]) -> None:
    year, quarter = rules.quarter_of(previous_quarter()[0])
    client = client_for(ready["employer"])
    url = reverse("payments:employer_new") + f"?grant={ready['grant'].pk}&period=Q{year}-{quarter}"
    files = stored_files()
    with mock.patch.object(Payslip, "save", side_effect=DROPPED):
        response = client.post(
            url,
            {
                "grant": ready["grant"].pk,
                "period": f"Q{year}-{quarter}",
                "hours_0_0": "10",
                "payslip_0": unique_pdf("loen.pdf"),
            },
        )
    assert response.status_code == 503 and SAVE_FAILED in response.content.decode()
    assert not PaymentRequest.objects.exists() and not HoursEntry.objects.exists()
    assert stored_files() == files  # the payslip's file was written, then removed with the rollback


def test_a_read_that_fails_says_so_without_claiming_a_save(granted_case: Case) -> None:
    client = client_for(granted_case.caseworker)
    with mock.patch("kompensation.cases.views.selectors.case_get_visible", side_effect=DROPPED):
        response = client.get(reverse("cases:detail", args=[granted_case.pk]))
    page = response.content.decode()
    assert response.status_code == 503
    assert "Systemet kan ikke hente oplysningerne lige nu. Prøv igen om lidt." in page
    assert "Intet er gemt" not in page


def test_the_api_answers_503_in_json(ready: dict[str, Any]) -> None:
    from rest_framework.test import APIClient

    from kompensation.api.services import api_token_issue

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=ready['employer'], name='test')[1]}")
    with mock.patch("kompensation.api.views.selectors.grants_of_employer", side_effect=DROPPED):
        response = api.get("/api/v1/grants/")
    assert response.status_code == 503
    assert response.json() == {
        "errors": {"request": ["Systemet kan ikke hente oplysningerne lige nu. Prøv igen om lidt."]}
    }
