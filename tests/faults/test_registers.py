"""CVR, CPR and eIndkomst time out: forms say so and keep the typed values; controls record unknown."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from kompensation.cases.models import Application
from kompensation.payments import services
from kompensation.payments.models import ControlStatus, RequestStatus
from kompensation.registers.cpr import OfflineCprRegister
from kompensation.registers.cvr import OfflineCvrRegister
from kompensation.registers.errors import RegisterUnavailable
from kompensation.registers.income import OfflineIncomeRegister
from tests import factories
from tests.factories import previous_quarter

from .helpers import client_for, unique_pdf

pytestmark = pytest.mark.django_db

CVR_DOWN = "CVR-registret svarede ikke, så virksomheden kunne ikke slås op. Prøv igen om lidt."


def cvr_times_out() -> Any:
    return mock.patch.object(OfflineCvrRegister, "lookup", side_effect=TimeoutError("timed out"))


def test_citizen_step_with_cvr_timeout_keeps_the_answers() -> None:
    cpr = factories.register_person()
    client = client_for(factories.citizen(cpr))
    client.post(reverse("portal:start"))
    application = Application.objects.get(person__cpr=cpr)
    cvr = factories.register_company()
    with cvr_times_out():
        response = client.post(
            reverse("portal:step", args=[application.pk, "ansaettelse"]),
            {"employer_cvr": cvr, "employment_type": "employee", "employment_form": "flex_job"},
        )
    page = response.content.decode()
    assert response.status_code == 400 and CVR_DOWN in page
    assert f'value="{cvr}"' in page and 'value="flex_job" selected' in page
    application.refresh_from_db()
    assert application.employer is None and application.employment_form == ""


def test_paper_registration_with_cvr_timeout_keeps_everything(herning_caseworker: Any) -> None:
    cvr = factories.register_company()
    data = factories.paper_data(cpr=factories.register_person(), cvr=cvr)
    form = {k: ("on" if v is True else str(v)) for k, v in data.items() if v not in (None, False)}
    form |= {
        "employer_cvr": cvr,
        "assistant-TOTAL_FORMS": "3",
        "assistant-INITIAL_FORMS": "0",
        "assistant-MIN_NUM_FORMS": "3",
        "assistant-MAX_NUM_FORMS": "3",
        "assistant-0-kind": "external",
        "assistant-0-name": "Løft ApS",
        "document": unique_pdf(),
        "document_type": "gp",
    }
    with cvr_times_out():
        response = client_for(herning_caseworker).post(reverse("cases:new"), form)
    page = response.content.decode()
    assert response.status_code == 400 and CVR_DOWN in page
    assert f'value="{data["job_title"]}"' in page and 'value="Løft ApS"' in page
    assert not Application.objects.exists()


def test_citizen_start_with_cpr_timeout_says_try_again() -> None:
    client = client_for(factories.citizen(factories.register_person()))
    with mock.patch.object(OfflineCprRegister, "lookup", side_effect=RegisterUnavailable("503")):
        response = client.post(reverse("portal:start"), follow=True)
    assert "CPR-registret svarede ikke" in response.content.decode()
    assert not Application.objects.exists()


def submit(ready: dict[str, Any]) -> Any:
    start, end = previous_quarter()
    assistant = ready["case"].application.assistants.first().name
    draft = services.payment_request_save_draft(
        user=ready["employer"],
        grant=ready["grant"],
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal("10")}],
        payslips=[services.Attachment(upload=unique_pdf(), field="payslip_0", assistant=assistant)],
    )
    return services.payment_request_submit(
        user=ready["employer"], request=draft, declaration=True, idempotency_key=uuid.uuid4().hex
    )


def test_payment_submitted_when_cvr_times_out_with_the_control_unknown(ready: dict[str, Any]) -> None:
    with cvr_times_out():
        request = submit(ready)
    assert request.status == RequestStatus.SUBMITTED
    controls = {c.code: c for c in request.controls.all()}
    assert controls["cvr"].status == ControlStatus.UNKNOWN
    assert controls["cvr"].evidence == "Kunne ikke kontrolleres: CVR-registret svarede ikke."
    assert controls["eindkomst"].status == ControlStatus.PASS  # the other controls still ran


def test_payment_submitted_when_eindkomst_times_out_with_the_control_unknown(ready: dict[str, Any]) -> None:
    with mock.patch.object(OfflineIncomeRegister, "wages_paid", side_effect=ConnectionError("reset")):
        request = submit(ready)
    assert request.status == RequestStatus.SUBMITTED
    control = request.controls.get(code="eindkomst")
    assert control.status == ControlStatus.UNKNOWN
    assert "kunne ikke kontrolleres, eIndkomst svarede ikke" in control.evidence
    assert request.controls.get(code="cvr").status == ControlStatus.PASS


def test_officer_sees_the_unknown_control(ready: dict[str, Any], officer: Any) -> None:
    with cvr_times_out():
        request = submit(ready)
    page = client_for(officer).get(reverse("payments:officer_request", args=[request.pk])).content.decode()
    assert "Kunne ikke kontrolleres: CVR-registret svarede ikke." in page
