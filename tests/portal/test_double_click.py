"""A double-click is two requests at the same moment. On PostgreSQL, each thread with its own connection,
released together: «Søg om personlig assistance» makes one draft, «Send» signs once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from kompensation.cases import services
from kompensation.cases.models import Application, ApplicationStatus
from tests import factories
from tests.concurrency import at_once
from tests.portal.test_citizen import _filled_draft

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgres]


@pytest.fixture
def citizen() -> Any:
    return factories.citizen(factories.register_person())


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_starts_at_once_make_one_draft(citizen: Any) -> None:
    """The person row does not exist yet: every request creates it and looks for a draft at once (four, so
    the race is met on every run; two sometimes pass unlocked by luck)."""
    results = at_once([lambda: services.application_start(user=citizen)] * 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.pk for r in results}) == 1
    assert Application.objects.filter(person__cpr=citizen.cpr).count() == 1


def test_a_double_click_on_the_start_button_makes_one_draft(citizen: Any) -> None:
    clients = [_logged_in(citizen) for _ in range(4)]
    responses = at_once([lambda c=c: c.post(reverse("portal:start")) for c in clients])
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert {r.status_code for r in responses} == {302}
    assert len({r["Location"] for r in responses}) == 1
    assert Application.objects.filter(person__cpr=citizen.cpr).count() == 1


def test_the_database_refuses_a_second_draft_for_the_same_person(citizen: Any) -> None:
    draft = services.application_start(user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(person=draft.person)
    # A sent application does not block a new draft.
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.AWAITING_EMPLOYER)
    assert services.application_start(user=citizen).pk != draft.pk


def test_a_double_click_on_send_signs_once(citizen: Any) -> None:
    cvr = factories.register_company(name="Dobbeltklik ApS")
    application = _filled_draft(citizen, cvr)
    clients = [_logged_in(citizen), _logged_in(citizen)]
    url = reverse("portal:submit", args=[application.pk])
    responses = at_once([lambda c=c: c.post(url, {"declaration": "on"}) for c in clients])
    receipt = reverse("portal:receipt", args=[application.pk])
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, receipt), (302, receipt)]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_EMPLOYER
    # One signing: one history row moved it to «awaiting employer», whichever request came second.
    assert application.history.filter(status=ApplicationStatus.AWAITING_EMPLOYER).count() == 1


def test_two_submits_at_once_in_the_service_sign_once(citizen: Any) -> None:
    cvr = factories.register_company(name="Dobbeltklik ApS")
    application = _filled_draft(citizen, cvr)
    copies = [Application.objects.get(pk=application.pk) for _ in range(2)]
    results = at_once(
        [
            lambda a=a: services.application_submit(application=a, user=citizen, declaration=True)
            for a in copies
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0].citizen_signed_at == results[1].citizen_signed_at
    assert application.history.filter(status=ApplicationStatus.AWAITING_EMPLOYER).count() == 1
