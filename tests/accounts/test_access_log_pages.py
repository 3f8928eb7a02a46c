"""Every page that shows a person's data writes exactly one access-log row: who, which person, which case."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog
from kompensation.cases import services
from kompensation.payments import services as payment_services
from tests import factories
from tests.payments.test_services import draft
from tests.portal.test_forms import _awaiting

pytestmark = pytest.mark.django_db

VIEW, HEALTH = AccessLog.Action.VIEW, AccessLog.Action.HEALTH


def _one_row(user: Any, url: str) -> AccessLog:
    client = Client()
    client.force_login(user)
    before = AccessLog.objects.count()
    response = client.get(url)
    assert response.status_code == 200, url
    assert AccessLog.objects.count() == before + 1, url
    return AccessLog.objects.order_by("-pk").first()  # type: ignore[return-value]


@pytest.fixture
def decided(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    """A case with an answered hearing and a decision waiting to be sent."""
    case = investigated_case
    hearing = services.hearing_send(case=case, user=herning_caseworker, facts="Behovet er 7 timer.")
    services.hearing_record_response(
        hearing=hearing, user=herning_caseworker, received_on=timezone.localdate(), response="Ingen"
    )
    factories.grant_draft(case, user=herning_caseworker)
    return {"case": case, "hearing": hearing}


def test_each_caseworker_page_logs_one_row(decided: dict[str, Any], herning_caseworker: Any) -> None:
    case = decided["case"]
    medical = case.documents.get(doc_type="gp")
    pages = [
        ("cases:detail", [case.pk], HEALTH),  # the application's impairment is on the page
        ("cases:active_step", [case.pk], VIEW),
        ("cases:investigation", [case.pk], HEALTH),
        ("cases:dialog_form", [case.pk], VIEW),
        ("cases:hearing", [case.pk], VIEW),
        ("cases:hearing_response", [case.pk, decided["hearing"].pk], VIEW),
        ("cases:decision", [case.pk], HEALTH),
        ("cases:decision_letter", [case.pk], HEALTH),
    ]
    for name, args, action in pages:
        row = _one_row(herning_caseworker, reverse(name, args=args))
        assert (row.user, row.action, row.person_id, row.case_id) == (
            herning_caseworker,
            action,
            case.person_id,
            case.pk,
        ), name

    client = Client()
    client.force_login(herning_caseworker)
    before = AccessLog.objects.count()
    response = client.get(reverse("cases:document", args=[medical.pk]))
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert AccessLog.objects.count() == before + 1
    row = AccessLog.objects.order_by("-pk").first()
    assert row is not None
    assert (row.action, row.person_id, row.case_id) == (HEALTH, case.person_id, case.pk)


def test_a_page_that_refuses_writes_no_row(decided: dict[str, Any]) -> None:
    outsider = factories.caseworker("751")
    client = Client()
    client.force_login(outsider)
    before = AccessLog.objects.count()
    assert client.get(reverse("cases:investigation", args=[decided["case"].pk])).status_code == 404
    assert AccessLog.objects.count() == before


def test_payment_pages_log_one_row(
    granted_case: Any, employer: Any, rates: None, wages: None, simplified: None, officer: Any
) -> None:
    request = draft(employer, granted_case, Decimal("10"))
    payment_services.payment_request_submit(
        user=employer, request=request, declaration=True, idempotency_key=uuid.uuid4().hex
    )
    for user, name in ((officer, "payments:officer_request"), (employer, "payments:employer_request")):
        row = _one_row(user, reverse(name, args=[request.pk]))
        assert (row.user, row.action, row.person_id, row.case_id) == (
            user,
            VIEW,
            granted_case.person_id,
            granted_case.pk,
        ), name
        assert request.reference in row.object_repr


def test_portal_case_list_logs_one_row_per_case(investigated_case: Any) -> None:
    citizen = factories.citizen(investigated_case.person.cpr)
    employer = factories.employer_user(investigated_case.employer.cvr)
    for user in (citizen, employer):
        row = _one_row(user, reverse("portal:home"))
        assert (row.user, row.action, row.person_id, row.case_id) == (
            user,
            VIEW,
            investigated_case.person_id,
            investigated_case.pk,
        )


def test_cosign_page_logs_a_health_read_of_the_applicant(db: None) -> None:
    cvr = factories.register_company()
    application = _awaiting(cvr)
    employer = factories.employer_user(cvr)
    row = _one_row(employer, reverse("portal:cosign", args=[application.pk]))
    assert (row.user, row.action, row.person_id, row.case_id) == (
        employer,
        HEALTH,
        application.person_id,
        None,
    )
