"""Ankestyrelsen: receipt, assignment and decision dates; a remand reopens the case; round 2 repeats."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.cases import services
from kompensation.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Confidentiality,
    DeadlineKind,
    DocumentType,
    EventType,
    GrantStatus,
)
from kompensation.complaints.models import Complaint, ComplaintStatus
from kompensation.complaints.services import (
    complaint_appeals_assigned,
    complaint_appeals_decided,
    complaint_appeals_received,
    complaint_forward,
    complaint_reassess,
)
from tests import factories

from .casework import open_complaint

pytestmark = pytest.mark.django_db

# Dates at Ankestyrelsen, in the past so none is "in the future": forwarded Thursday 20 March 2025.
FORWARDED = dt.date(2025, 3, 20)


def forwarded(case: Case, user: Any, **fields: Any) -> Complaint:
    complaint = open_complaint(case, user, **fields)
    complaint_reassess(user=user, complaint=complaint, outcome="upheld", reasons="Behovet er uændret.")
    complaint = complaint_forward(user=user, complaint=complaint)
    # Moved back in time, so the dates Ankestyrelsen sets can be chosen by hand.
    Complaint.objects.filter(pk=complaint.pk).update(received_on=dt.date(2025, 3, 3), forwarded_on=FORWARDED)
    complaint.refresh_from_db()
    return complaint


def _error(call: Any, field: str) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return str(error.value.message_dict[field][0])


def test_receipt_dates_are_checked(granted_case: Case, herning_caseworker: Any) -> None:
    cw = herning_caseworker
    complaint = forwarded(granted_case, cw)
    day_before = dt.date(2025, 3, 19)
    assert "før den dag, klagen blev sendt" in _error(
        lambda: complaint_appeals_received(user=cw, complaint=complaint, on=day_before), "on"
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert "efter i dag" in _error(
        lambda: complaint_appeals_received(user=cw, complaint=complaint, on=tomorrow), "on"
    )
    assert "mellem" in _error(
        lambda: complaint_appeals_received(user=cw, complaint=complaint, on=dt.date(1999, 12, 31)), "on"
    )
    # The same day as forwarding is fine (a digital forwarding arrives the same day).
    complaint = complaint_appeals_received(user=cw, complaint=complaint, on=FORWARDED, reference="25-12345")
    assert complaint.appeals_received_on == FORWARDED and complaint.appeals_reference == "25-12345"
    event = CaseEvent.objects.get(case=granted_case, type=EventType.APPEALS_RECEIVED)
    assert event.payload == {"on": "2025-03-20", "complaint_id": complaint.pk, "round": 1}
    with pytest.raises(ValidationError, match="allerede registreret"):
        complaint_appeals_received(user=cw, complaint=complaint, on=FORWARDED)


def test_assignment_and_decision_cannot_precede_the_earlier_steps(
    granted_case: Case, herning_caseworker: Any
) -> None:
    cw = herning_caseworker
    complaint = forwarded(granted_case, cw)
    complaint_appeals_received(user=cw, complaint=complaint, on=dt.date(2025, 3, 24))
    assert "før den dag, Ankestyrelsen modtog klagen" in _error(
        lambda: complaint_appeals_assigned(user=cw, complaint=complaint, on=dt.date(2025, 3, 21)), "on"
    )
    complaint_appeals_assigned(user=cw, complaint=complaint, on=dt.date(2025, 4, 7))
    assert "før den dag, sagsbehandleren" in _error(
        lambda: complaint_appeals_decided(
            user=cw,
            complaint=complaint,
            on=dt.date(2025, 4, 4),
            outcome="upheld",
            upload=factories.pdf("ast.pdf"),
        ),
        "on",
    )
    assert "Vedhæft" in _error(
        lambda: complaint_appeals_decided(
            user=cw, complaint=complaint, on=dt.date(2025, 5, 5), outcome="upheld", upload=None
        ),
        "upload",
    )
    assert "hjemvisning" in _error(
        lambda: complaint_appeals_decided(
            user=cw,
            complaint=complaint,
            on=dt.date(2025, 5, 5),
            outcome="upheld",
            upload=factories.pdf("ast.pdf"),
            remand_received_on=dt.date(2025, 5, 6),
        ),
        "remand_received_on",
    )
    assert "før Ankestyrelsens afgørelse" in _error(
        lambda: complaint_appeals_decided(
            user=cw,
            complaint=complaint,
            on=dt.date(2025, 5, 5),
            outcome="remanded",
            upload=factories.pdf("ast.pdf"),
            remand_received_on=dt.date(2025, 5, 2),
        ),
        "remand_received_on",
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED
    assert not granted_case.documents.filter(doc_type=DocumentType.APPEALS_DECISION).exists()


def test_upheld_by_ankestyrelsen_ends_the_complaint(granted_case: Case, herning_caseworker: Any) -> None:
    cw = herning_caseworker
    complaint = forwarded(granted_case, cw)
    complaint = complaint_appeals_decided(
        user=cw,
        complaint=complaint,
        on=dt.date(2025, 6, 16),
        outcome="upheld",
        upload=factories.pdf("ast.pdf"),
    )
    granted_case.refresh_from_db()
    assert complaint.status == ComplaintStatus.APPEALS_DECIDED
    assert complaint.remand_received_on is None
    assert granted_case.status == CaseStatus.DECIDED
    document = complaint.appeals_document
    assert document.doc_type == DocumentType.APPEALS_DECISION
    assert document.confidentiality == Confidentiality.HEALTH and document.case == granted_case
    event = CaseEvent.objects.get(case=granted_case, type=EventType.APPEALS_DECIDED)
    assert event.payload["on"] == "2025-06-16" and event.payload["outcome"] == "upheld"
    assert not CaseEvent.objects.filter(case=granted_case, type=EventType.REMAND_RECEIVED).exists()


def test_a_remand_reopens_the_case_for_a_new_decision_and_round_two_repeats(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cw = herning_caseworker
    case = granted_case
    first_grant = case.grants.get()
    complaint = forwarded(case, cw)
    # Decided Monday 5 May 2025, remand received Thursday 8 May. Herning's target is 4 weeks (none set):
    # 8 May + 28 days = Thursday 5 June 2025, grundlovsdag (offices closed); the municipality's own
    # deadline moves back to the working day before: Wednesday 4 June 2025.
    complaint = complaint_appeals_decided(
        user=cw,
        complaint=complaint,
        on=dt.date(2025, 5, 5),
        outcome="remanded",
        upload=factories.pdf("hjemvisning.pdf"),
        remand_received_on=dt.date(2025, 5, 8),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REMANDED
    assert complaint.status == ComplaintStatus.APPEALS_DECIDED
    assert complaint.remand_received_on == dt.date(2025, 5, 8)
    deadline = case.deadlines.get(kind=DeadlineKind.REMAND_DECISION)
    assert deadline.due == dt.date(2025, 6, 4)
    remand = CaseEvent.objects.get(case=case, type=EventType.REMAND_RECEIVED)
    assert remand.payload == {"on": "2025-05-08", "complaint_id": complaint.pk, "round": 1}

    # The new decision through the normal decision flow.
    draft = factories.grant_draft(case, user=cw, reasons="Behovet er vurderet igen efter hjemvisningen.")
    assert (
        f"Ankestyrelsen har den {factories.long_date(dt.date(2025, 5, 5))} hjemvist din sag"
        in draft.letter.body
    )
    new = services.decision_send(decision=draft, user=cw)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    deadline.refresh_from_db()
    assert deadline.met_at is not None
    first_grant.refresh_from_db()
    assert first_grant.status == GrantStatus.REPLACED and new.grant.status == GrantStatus.ACTIVE

    # Round 2: a complaint about the new decision, upheld, forwarded, upheld by Ankestyrelsen.
    second = open_complaint(case, cw, decision=new, round=2)
    assert case.status == CaseStatus.COMPLAINT
    complaint_reassess(user=cw, complaint=second, outcome="upheld", reasons="Fastholdes.")
    with django_capture_on_commit_callbacks(execute=True):
        second = complaint_forward(user=cw, complaint=second)
    second.refresh_from_db()
    assert second.package
    # The round-1 decision from Ankestyrelsen is a document on the case, so it goes in the package.
    assert any("hjemvisning.pdf" in m["title"] for m in second.package_manifest)
    today = timezone.localdate()
    complaint_appeals_received(user=cw, complaint=second, on=today)
    second = complaint_appeals_decided(
        user=cw, complaint=second, on=today, outcome="upheld", upload=factories.pdf("ast2.pdf")
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    rounds = [
        e.payload["round"]
        for e in CaseEvent.objects.filter(case=case, type=EventType.COMPLAINT_FORWARDED).order_by("at", "id")
    ]
    assert rounds == [1, 2]
