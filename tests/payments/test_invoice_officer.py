"""The payment officer's handling of an interpreting invoice: a line rejected with a reason (a correction
to 0, the total lowered by exactly the line), and a clean attested invoice approved in one step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kompensation.cases.models import CaseEvent, EventType
from kompensation.payments import services
from kompensation.payments.models import (
    Attestation,
    AttestationParty,
    ControlStatus,
    CorrectionStatus,
    LineStatus,
    RequestStatus,
)
from tests import interpreting as i

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(investigated_case: Any, herning_caseworker: Any, officer: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    i.sign_all(grant, agency, [anne])
    day = i.a_weekday()
    # Line 1: remote 09–10 = 650,00. Line 2: remote 13–14 claimed 925 (650 + a zone 1 of 275), paid at
    # most the computed 650,00. Total 1.300,00.
    invoice = i.submit(
        agency_user,
        agency,
        grant,
        [
            i.line(day, "09:00", "10:00", anne, "650", remote=True),
            i.line(day, "13:00", "14:00", anne, "925", remote=True),
        ],
    )
    return {"invoice": invoice, "anne": anne, "grant": grant, "officer": officer, "cw": herning_caseworker}


def attest(invoice: Any, anne: Any, grant: Any) -> None:
    """The user's signature on the statement, set up directly (the attestation service is another slice)."""
    Attestation.objects.create(
        request=invoice,
        interpreter=anne,
        party=AttestationParty.USER,
        signed_by=i.party_user(grant, "user", invoice.agency),
        signed_at=timezone.now(),
        text="Sessionerne har fundet sted.",
        confirmed=invoice.invoice_lines.count(),
    )
    invoice.invoice_lines.update(status=LineStatus.CONFIRMED)
    services.invoice_controls_run(request=invoice)


def test_rejecting_a_line_corrects_it_to_zero_with_the_reason(setup: dict[str, Any]) -> None:
    invoice = setup["invoice"]
    assert services.payment_request_total(invoice) == Decimal("1300.00")
    line = invoice.invoice_lines.get(position=2)
    assert invoice.controls.filter(line=line, code="remote_zone", status=ControlStatus.FAIL).exists()
    services.invoice_line_reject(
        user=setup["officer"], request=invoice, line=line, reason="Zonetillæg ved fjerntolkning."
    )
    line.refresh_from_db()
    assert line.status == LineStatus.REJECTED and line.rejection_reason == "Zonetillæg ved fjerntolkning."
    correction = invoice.corrections.get()
    assert (correction.line_code, correction.new_amount, correction.old_amount) == (
        "1",
        Decimal("0"),
        Decimal("650.00"),
    )
    assert correction.status == CorrectionStatus.CONFIRMED
    # 1.300,00 − the line's 650,00 = 650,00.
    assert services.payment_request_total(invoice) == Decimal("650.00")
    event = CaseEvent.objects.get(type=EventType.INVOICE_LINE_REJECTED)
    assert event.payload["reason"] == "Zonetillæg ved fjerntolkning." and event.payload["line"] == 2
    [flag] = invoice.controls.filter(line=line, code="remote_zone")
    assert flag.status == ControlStatus.PASS and flag.evidence.startswith("Linjen er afvist")


def test_a_line_is_rejected_only_with_a_reason_and_by_the_payment_officer(setup: dict[str, Any]) -> None:
    invoice = setup["invoice"]
    line = invoice.invoice_lines.get(position=2)
    with pytest.raises(ValidationError):
        services.invoice_line_reject(user=setup["officer"], request=invoice, line=line, reason="  ")
    with pytest.raises(PermissionDenied):
        services.invoice_line_reject(user=setup["cw"], request=invoice, line=line, reason="Nej.")
    line.refresh_from_db()
    assert line.status == LineStatus.AWAITING and not invoice.corrections.exists()


def test_a_clean_attested_invoice_is_approved_in_one_step(setup: dict[str, Any], client: Any) -> None:
    invoice, anne = setup["invoice"], setup["anne"]
    # Line 2 is not clean (a zone on a remote session): the officer rejects it; then nothing is left.
    client.force_login(setup["officer"])
    line = invoice.invoice_lines.get(position=2)
    response = client.post(
        reverse("payments:invoice_line_reject", args=[invoice.pk, line.pk]),
        {f"linje{line.pk}-reason": "Zonetillæg ved fjerntolkning."},
    )
    assert response.status_code == 302
    attest(invoice, anne, setup["grant"])
    invoice.invoice_lines.filter(position=2).update(status=LineStatus.REJECTED)
    services.invoice_controls_run(request=invoice)
    assert not invoice.controls.exclude(status=ControlStatus.PASS).exists()
    page = client.get(reverse("payments:invoice", args=[invoice.pk]))
    assert b"override_reason" not in page.content
    response = client.post(reverse("payments:invoice_approve", args=[invoice.pk]), {})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == RequestStatus.APPROVED and invoice.payout.gross == Decimal("650.00")
    batch = services.payout_batch_create(user=setup["officer"])
    assert batch is not None and ";650.00;" in batch.content


def test_the_invoice_page_and_queue_show_the_flags(setup: dict[str, Any], client: Any) -> None:
    client.force_login(setup["officer"])
    invoice = setup["invoice"]
    page = client.get(reverse("payments:invoice", args=[invoice.pk])).content.decode()
    assert "Intet kørselszonetillæg ved fjerntolkning" in page and "Afvis linje 2" in page
    queue = client.get(reverse("payments:queue")).content.decode()
    assert reverse("payments:invoice", args=[invoice.pk]) in queue and "flag" in queue
