"""A refused upload stores nothing: no half-saved draft, no file without a row, and the typed values stay."""

from __future__ import annotations

import base64
import datetime as dt
import os
import time
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from kompensation.api.services import api_token_issue
from kompensation.cases import services as case_services
from kompensation.cases.models import Application, ApplicationStatus, Document
from kompensation.files import file_writes, files_sweep
from kompensation.payments import services
from kompensation.payments.models import HoursEntry, PaymentRequest, Payslip
from kompensation.rules import payments as rules
from tests import factories
from tests.factories import previous_quarter

from .helpers import client_for, stored_files, text_file, unique_pdf

pytestmark = pytest.mark.django_db


def new_request_url(ready: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    year, quarter = rules.quarter_of(previous_quarter()[0])
    url = reverse("payments:employer_new") + f"?grant={ready['grant'].pk}&period=Q{year}-{quarter}"
    return url, {"grant": ready["grant"].pk, "period": f"Q{year}-{quarter}"}


def test_bad_receipt_after_a_good_payslip_leaves_no_draft(ready: dict[str, Any]) -> None:
    """Before: the draft and the payslip were saved, then the receipt was refused with a 400."""
    trip_day = previous_quarter()[0] + dt.timedelta(days=10)
    services.trip_approve(
        user=ready["case"].caseworker,
        grant=ready["grant"],
        purpose="Konference",
        start=trip_day,
        end=trip_day,
        estimated_cost=Decimal("2500"),
    )
    url, base = new_request_url(ready)
    files = stored_files()
    response = client_for(ready["employer"]).post(
        url,
        base
        | {
            "hours_0_0": "12,5",
            "payslip_0": unique_pdf("loen.pdf"),
            "travel_trip": ready["grant"].trips.get().pk,
            "travel_amount": "1.234,50",
            "travel_receipt": text_file("kvittering.txt"),
            "other_description": "Timetillæg efter overenskomst",
            "other_amount": "300",
        },
    )
    assert response.status_code == 400
    assert not PaymentRequest.objects.exists() and not Payslip.objects.exists()
    assert not HoursEntry.objects.exists()
    assert stored_files() == files
    form = response.context["hours_form"]
    assert "ikke et dokument" in form.errors["travel_receipt"][0]  # beside the field it belongs to
    assert "payslip_0" not in form.errors
    page = response.content.decode()
    assert "vedhæft lønsedler og kvitteringer igen" in page
    for typed in ('value="12,5"', 'value="1.234,50"', 'value="Timetillæg efter overenskomst"', 'value="300"'):
        assert typed in page, typed


def test_every_upload_is_checked_before_anything_is_stored(ready: dict[str, Any]) -> None:
    start, end = previous_quarter()
    assistant = ready["case"].application.assistants.first().name
    files = stored_files()
    with pytest.raises(ValidationError) as exc:
        services.payment_request_save_draft(
            user=ready["employer"],
            grant=ready["grant"],
            period_start=start,
            period_end=end,
            hours=[{"assistant": assistant, "hours": Decimal("10")}],
            payslips=[services.Attachment(upload=unique_pdf(), field="payslip_0", assistant=assistant)],
            receipts=[
                services.Attachment(upload=text_file("a.txt"), field="travel_receipt"),
                services.Attachment(upload=text_file("b.txt"), field="other_receipt"),
            ],
        )
    assert set(exc.value.message_dict) == {"travel_receipt", "other_receipt"}  # both named at once
    assert not PaymentRequest.objects.exists() and stored_files() == files


def test_api_request_refused_at_submit_leaves_no_payslip_file(ready: dict[str, Any]) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=ready['employer'], name='test')[1]}")
    start, end = previous_quarter()
    assistant = ready["case"].application.assistants.first().name
    slip = unique_pdf()
    files = stored_files()
    response = api.post(
        "/api/v1/payment-requests/",
        {
            "grant": ready["grant"].pk,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "hours": [{"assistant": assistant, "hours": "10"}],
            "payslips": [
                {
                    "assistant": assistant,
                    "filename": "loen.pdf",
                    "content_base64": base64.b64encode(slip.read()).decode(),
                }
            ],
            "declaration": False,
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="afvist-1",
    )
    assert response.status_code == 400 and "tro og love" in str(response.json())
    assert not PaymentRequest.objects.exists()
    assert stored_files() == files  # the payslip was written, then removed when the submit was refused


def test_paper_registration_with_one_bad_upload_stores_none(herning_caseworker: Any) -> None:
    data = factories.paper_data(cpr=factories.register_person(), cvr=factories.register_company())
    files = stored_files()
    with pytest.raises(ValidationError) as exc:
        case_services.application_register_paper(
            user=herning_caseworker,
            data=data,
            assistants=factories.ASSISTANT,
            uploads=[(unique_pdf(), "gp"), (text_file(), "other")],
        )
    assert "ikke et dokument" in exc.value.message_dict["document"][0]
    assert not Application.objects.exists() and not Document.objects.exists()
    assert stored_files() == files


def test_document_whose_event_fails_leaves_no_file(opened_case: Any) -> None:
    files = stored_files()
    documents = Document.objects.count()
    with (
        mock.patch("kompensation.cases.services.documents._event", side_effect=RuntimeError("brud")),
        pytest.raises(RuntimeError),
    ):
        case_services.document_store(
            user=opened_case.caseworker, upload=unique_pdf(), doc_type="gp", case=opened_case
        )
    assert Document.objects.count() == documents and stored_files() == files


def test_cosign_refused_stores_neither_the_contract_nor_the_signature() -> None:
    from tests.portal.test_forms import _awaiting

    cvr = factories.register_company()
    application = _awaiting(cvr)
    files = stored_files()
    response = client_for(factories.employer_user(cvr)).post(
        reverse("portal:cosign", args=[application.pk]),
        {
            "employer_contact_name": "Ib Ejer",
            "employer_contact_role": "hr",
            "working_hours": "37",
            "employment_start": "2020-01-01",
            "contract": unique_pdf("kontrakt.pdf"),
        },  # no declaration
    )
    page = response.content.decode()
    assert response.status_code == 400 and "tro og love" in page
    assert "Vedhæft kontrakten igen" in page and 'value="Ib Ejer"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_EMPLOYER
    assert not application.documents.exists() and stored_files() == files


def test_citizen_step_with_a_bad_document_saves_neither(citizen_client: Any) -> None:
    client, application = citizen_client
    response = client.post(
        reverse("portal:step", args=[application.pk, "funktionsnedsaettelse"]),
        {
            "impairment_description": "Nedsat syn",
            "doc-doc_type": "gp",
            "doc-file": text_file(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "ikke et dokument" in page and "Nedsat syn" in page
    application.refresh_from_db()
    assert application.impairment_description == "" and not application.documents.exists()


@pytest.fixture
def citizen_client() -> tuple[Any, Application]:
    cpr = factories.register_person()
    client = client_for(factories.citizen(cpr))
    client.post(reverse("portal:start"))
    return client, Application.objects.get(person__cpr=cpr)


def _age(name: str, hours: float) -> None:
    moment = time.time() - hours * 3600
    os.utime(default_storage.path(name), (moment, moment))


def test_sweep_removes_only_old_files_no_row_references(opened_case: Any) -> None:
    kept = opened_case.documents.get().file.name
    orphan = default_storage.save("documents/zz/efterladt", ContentFile(b"%PDF-1.4 efterladt"))
    fresh = default_storage.save("payslips/zz/igang", ContentFile(b"%PDF-1.4 i gang"))
    _age(kept, 5)
    _age(orphan, 2)
    _age(fresh, 0.5)  # a request still busy committing its row
    removed = files_sweep()
    assert orphan in removed and fresh not in removed and kept not in removed
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh) and default_storage.exists(kept)
    _age(fresh, 2)
    call_command("files_sweep", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not default_storage.exists(fresh) and default_storage.exists(kept)


def test_a_torn_file_under_the_same_hash_is_written_again() -> None:
    content = b"%PDF-1.4 hele indholdet"
    name = "documents/zz/samme-hash"
    default_storage.save(name, ContentFile(content[:6]))  # what a killed process left
    with file_writes() as files:
        assert files.write(name, content) == name
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == content
    with file_writes() as files:
        assert files.write(name, content) == name  # the same content again: reused, not copied
        assert files.created == []
    default_storage.delete(name)
