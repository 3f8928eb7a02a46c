"""A recorded Ankestyrelsen date can be corrected, with a reason, until Ankestyrelsen's decision is recorded;
the correction is a new event and processing time follows it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kompensation.cases.models import Case, CaseEvent, EventType
from kompensation.complaints.services import (
    complaint_appeals_assigned,
    complaint_appeals_date_correct,
    complaint_appeals_decided,
    complaint_appeals_received,
)
from kompensation.insights.selectors import case_processing_time
from tests import factories

from .test_appeals import forwarded

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 7, 1)


def weeks(case: Case, code: str) -> Decimal | None:
    return case_processing_time(case=case, today=TODAY).times.by_code()[code].weeks


def test_a_corrected_date_moves_the_processing_time(granted_case: Case, herning_caseworker: Any) -> None:
    cw = herning_caseworker
    complaint = forwarded(granted_case, cw)  # forwarded Thursday 20 March 2025
    complaint = complaint_appeals_received(user=cw, complaint=complaint, on=dt.date(2025, 4, 10))
    complaint = complaint_appeals_assigned(user=cw, complaint=complaint, on=dt.date(2025, 4, 24))
    # As recorded: waiting 10 Apr → 24 Apr = 14 days = 2.0 weeks.
    assert weeks(granted_case, "ast_waiting") == Decimal("2.0")

    # Ankestyrelsen's receipt really was Monday 24 March: 24 Mar → 24 Apr = 7 + 24 = 31 days = 4.43 → 4.4.
    complaint = complaint_appeals_date_correct(
        user=cw,
        complaint=complaint,
        which="received",
        on=dt.date(2025, 3, 24),
        reason="Kvitteringen viser 24.3.",
    )
    assert complaint.appeals_received_on == dt.date(2025, 3, 24)
    assert weeks(granted_case, "ast_waiting") == Decimal("4.4")
    # The assignment really was Thursday 8 May: 24 Mar → 8 May = 7 + 30 + 8 = 45 days = 6.43 → 6.4 weeks;
    # corrected twice, the last correction counts (8 May, not 1 May).
    complaint_appeals_date_correct(
        user=cw, complaint=complaint, which="assigned", on=dt.date(2025, 5, 1), reason="Brev fra AST."
    )
    complaint = complaint_appeals_date_correct(
        user=cw, complaint=complaint, which="assigned", on=dt.date(2025, 5, 8), reason="Nyt brev fra AST."
    )
    assert weeks(granted_case, "ast_waiting") == Decimal("6.4")
    # Decided Thursday 5 June: processing 8 May → 5 June = 28 days = 4.0 weeks.
    complaint = complaint_appeals_decided(
        user=cw, complaint=complaint, on=dt.date(2025, 6, 5), outcome="upheld", upload=factories.pdf("a.pdf")
    )
    assert weeks(granted_case, "ast_processing") == Decimal("4.0")

    # Nothing was changed: the first recordings stand, the corrections are new events with their reasons.
    received = CaseEvent.objects.filter(case=granted_case, type=EventType.APPEALS_RECEIVED).order_by("id")
    assert [e.payload["on"] for e in received] == ["2025-04-10", "2025-03-24"]
    assert received[1].payload | {} == {
        "on": "2025-03-24",
        "complaint_id": complaint.pk,
        "round": 1,
        "corrected": True,
        "reason": "Kvitteringen viser 24.3.",
        "replaces": "2025-04-10",
    }
    assigned = CaseEvent.objects.filter(case=granted_case, type=EventType.APPEALS_ASSIGNED)
    assert sorted(e.payload["on"] for e in assigned) == ["2025-04-24", "2025-05-01", "2025-05-08"]
    # The staff timeline shows the correction and its reason.
    client = Client()
    client.force_login(cw)
    page = client.get(reverse("cases:detail", args=[granted_case.pk])).content.decode()
    assert "rettet dato. Begrundelse: Kvitteringen viser 24.3." in page

    # Once Ankestyrelsen's decision is recorded, its dates are final.
    with pytest.raises(ValidationError, match="ikke hos Ankestyrelsen"):
        complaint_appeals_date_correct(
            user=cw, complaint=complaint, which="received", on=dt.date(2025, 3, 25), reason="For sent."
        )


def test_a_correction_is_checked(granted_case: Case, herning_caseworker: Any) -> None:
    cw = herning_caseworker
    complaint = forwarded(granted_case, cw)

    def error(field: str, **kwargs: Any) -> str:
        with pytest.raises(ValidationError) as raised:
            complaint_appeals_date_correct(user=cw, complaint=complaint, **kwargs)
        return str(raised.value.message_dict[field][0])

    # Not recorded yet: record it instead.
    assert "ikke registreret" in error("which", which="received", on=dt.date(2025, 3, 24), reason="x")
    complaint = complaint_appeals_received(user=cw, complaint=complaint, on=dt.date(2025, 3, 24))
    complaint = complaint_appeals_assigned(user=cw, complaint=complaint, on=dt.date(2025, 4, 1))
    assert "hvorfor datoen rettes" in error("reason", which="received", on=dt.date(2025, 3, 25), reason=" ")
    assert "før den dag, klagen blev sendt" in error(
        "on", which="received", on=dt.date(2025, 3, 19), reason="x"
    )
    # Received after the recorded assignment (1 April) cannot be.
    assert "efter den dag, sagsbehandleren" in error(
        "on", which="received", on=dt.date(2025, 4, 2), reason="x"
    )
    assert "før den dag, Ankestyrelsen modtog" in error(
        "on", which="assigned", on=dt.date(2025, 3, 21), reason="x"
    )
    assert "allerede" in error("on", which="assigned", on=dt.date(2025, 4, 1), reason="x")
    assert "Vælg" in error("which", which="decided", on=dt.date(2025, 4, 1), reason="x")
    assert CaseEvent.objects.filter(case=granted_case, type=EventType.APPEALS_RECEIVED).count() == 1


def test_the_correction_page(granted_case: Case, herning_caseworker: Any) -> None:
    cw = herning_caseworker
    complaint = forwarded(granted_case, cw)
    complaint_appeals_received(user=cw, complaint=complaint, on=dt.date(2025, 4, 10))
    client = Client()
    client.force_login(cw)
    detail = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert reverse("complaints:appeals_correct", args=[complaint.pk]) in detail
    url = reverse("complaints:appeals_correct", args=[complaint.pk])
    bad = client.post(url, {"which": "received", "on": "24.03.2025", "reason": ""})
    assert bad.status_code == 400 and "24.03.2025" in bad.content.decode()
    ok = client.post(url, {"which": "received", "on": "24.03.2025", "reason": "Kvitteringen."})
    assert ok.status_code == 302
    complaint.refresh_from_db()
    assert complaint.appeals_received_on == dt.date(2025, 3, 24)
    manager = Client()
    manager.force_login(factories.user("manager", code="657"))
    assert manager.post(url, {"which": "received", "on": "25.03.2025", "reason": "x"}).status_code == 403
