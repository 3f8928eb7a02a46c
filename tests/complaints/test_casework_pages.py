"""The complaint page's re-assessment, forwarding and Ankestyrelsen parts, through the Django test client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog
from kompensation.cases.models import Case, CaseStatus
from kompensation.complaints.models import ComplaintStatus
from tests import factories

from .casework import open_complaint

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_caseworker_reassesses_forwards_and_records_ankestyrelsen(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cw = herning_caseworker
    complaint = open_complaint(granted_case, cw)
    client = _client(cw)
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "Genvurdering" in page and 'data-testid="new-decision-link"' in page
    assert reverse("cases:decision", args=[granted_case.pk]) in page
    assert complaint.reassessment_due.strftime("%d.%m.%Y") in page

    # A change without the new decision: refused, and what she wrote is still there.
    url = reverse("complaints:reassess", args=[complaint.pk])
    response = client.post(url, {"outcome": "changed", "reasons": "Min begrundelse", "new_information": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Træf først den nye afgørelse" in body and "Min begrundelse" in body
    assert "Træf ny afgørelse" in body

    response = client.post(
        url, {"outcome": "upheld", "reasons": "Behovet er uændret.", "new_information": ""}
    )
    assert response.status_code == 302
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert 'data-testid="forward-link"' in page

    confirm = client.get(reverse("complaints:forward", args=[complaint.pk])).content.decode()
    assert "Send klagen til Ankestyrelsen" in confirm and "attest.pdf" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("complaints:forward", args=[complaint.pk]))
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert reverse("complaints:package", args=[complaint.pk]) in page
    assert reverse("complaints:package_zip", args=[complaint.pk]) in page
    before = AccessLog.objects.filter(user=cw, case_id=granted_case.pk).count()
    assert client.get(reverse("complaints:package", args=[complaint.pk])).status_code == 200
    assert AccessLog.objects.filter(user=cw, case_id=granted_case.pk).count() == before + 1

    today = timezone.localdate()
    response = client.post(
        reverse("complaints:appeals_received", args=[complaint.pk]),
        {"on": (today + dt.timedelta(days=1)).isoformat(), "reference": "26-1"},
    )
    assert response.status_code == 400 and "efter i dag" in response.content.decode()
    assert "26-1" in response.content.decode()
    response = client.post(
        reverse("complaints:appeals_received", args=[complaint.pk]),
        {"on": today.isoformat(), "reference": "26-1"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("complaints:appeals_decided", args=[complaint.pk]),
        {"on": today.isoformat(), "outcome": "remanded", "upload": factories.pdf("ast.pdf")},
    )
    assert response.status_code == 302
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.REMANDED
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert 'data-testid="remand-due"' in page and "Hjemvist" in page


def test_the_manager_reads_but_has_no_forms(granted_case: Case, herning_caseworker: Any) -> None:
    complaint = open_complaint(granted_case, herning_caseworker)
    client = _client(factories.user("manager", code="657"))
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "Genvurdering" in page
    assert reverse("complaints:reassess", args=[complaint.pk]) not in page
    assert client.post(reverse("complaints:reassess", args=[complaint.pk]), {}).status_code in (403, 404)


def test_the_forwarded_complaint_page_gives_every_field_its_own_id(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """At Ankestyrelsen the page holds the withdrawal form and Ankestyrelsen's three forms, each with a date
    field named "on": every id once, and every label points at a field of its own form."""
    import re

    cw = herning_caseworker
    complaint = open_complaint(granted_case, cw)
    client = _client(cw)
    client.post(
        reverse("complaints:reassess", args=[complaint.pk]),
        {"outcome": "upheld", "reasons": "Behovet er uændret.", "new_information": ""},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("complaints:forward", args=[complaint.pk]))
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)
    targets = re.findall(r'<label[^>]*\sfor="([^"]+)"', page)
    assert targets and all(t in ids for t in targets)
    # The label «Modtaget i Ankestyrelsen» goes with the receipt form's own date field, which posts "on".
    assert re.search(r'<label[^>]*for="id_received-on"[^>]*>\s*Modtaget i Ankestyrelsen', page)
    assert re.search(r'<input[^>]*name="on"[^>]*id="id_received-on"', page) or re.search(
        r'<input[^>]*id="id_received-on"[^>]*name="on"', page
    )
    for field in ("id_assigned-on", "id_decided-on", "id_decided-upload", "id_decided-remand_received_on"):
        assert f'id="{field}"' in page, field
