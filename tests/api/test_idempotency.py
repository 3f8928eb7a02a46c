"""Idempotency keys belong to one employer; a repeated key gets the first answer again, byte for byte."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from kompensation.api.models import ApiIdempotencyRecord
from kompensation.cases.models import Case, Employer
from kompensation.payments.models import PaymentRequest
from tests import factories
from tests.factories import previous_quarter

from .conftest import Api


@pytest.mark.django_db
def test_same_key_twice_gets_the_first_answer_again(api: Api) -> None:
    first = api.post(key="k-1")
    again = api.post(key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert PaymentRequest.objects.count() == 1


@pytest.mark.django_db
def test_key_order_in_the_body_does_not_matter(api: Api) -> None:
    first = api.post(key="k-order")
    reordered = dict(reversed(list(api.body.items())))
    again = api.client.post(
        "/api/v1/payment-requests/", reordered, format="json", HTTP_IDEMPOTENCY_KEY="k-order"
    )
    assert again.status_code == 201 and again.json() == first.json()


@pytest.mark.django_db
def test_a_refusal_is_replayed_too(api: Api) -> None:
    first = api.post(key="k-bad", period_start="2019-01-01", period_end="2019-03-31")
    assert first.status_code == 400
    again = api.post(key="k-bad", period_start="2019-01-01", period_end="2019-03-31")
    assert again.status_code == 400 and again.json() == first.json()
    record = ApiIdempotencyRecord.objects.get(key="k-bad")
    assert record.status_code == 400 and "uden for bevillingen" in record.body["errors"]["period"][0]


@pytest.mark.django_db
def test_same_key_with_another_body_is_422(api: Api) -> None:
    assert api.post(key="k-2").status_code == 201
    other = api.post(key="k-2", hours=[{"assistant": api.body["hours"][0]["assistant"], "hours": "10"}])
    assert other.status_code == 422
    assert "Nøglen er allerede brugt til en anden anmodning" in other.json()["errors"]["Idempotency-Key"][0]
    assert PaymentRequest.objects.count() == 1


def _month(start: dt.date) -> tuple[str, str]:
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.isoformat(), (following - dt.timedelta(days=1)).isoformat()


@pytest.mark.django_db
def test_another_employer_can_use_the_same_key(
    api: Api, granted_case: Any, bearer: Callable[[Any], APIClient]
) -> None:
    start, _ = previous_quarter()
    hours = [{"assistant": api.body["hours"][0]["assistant"], "hours": "20"}]
    month_1 = _month(start)
    first = api.post(key="shared", period_start=month_1[0], period_end=month_1[1], hours=hours)
    assert first.status_code == 201, first.json()
    # The grant moves to another company (say, the person changes jobs); it picks the same key by chance.
    cvr = factories.register_company(name="Anden ApS")
    Case.objects.filter(pk=granted_case.pk).update(
        employer=Employer.objects.create(cvr=cvr, name="Anden ApS")
    )
    other = bearer(factories.employer_user(cvr))
    month_2 = _month(dt.date.fromisoformat(month_1[1]) + dt.timedelta(days=1))
    second = api.post(key="shared", client=other, period_start=month_2[0], period_end=month_2[1], hours=hours)
    assert second.status_code == 201, second.json()
    assert second.json()["reference"] != first.json()["reference"]
    assert first.json()["reference"] not in str(second.json())
    assert PaymentRequest.objects.filter(idempotency_key="shared").count() == 2
    # The first company's key still answers with its own first response.
    assert api.post(key="shared", period_start=month_1[0], period_end=month_1[1], hours=hours).json() == (
        first.json()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_parallel_calls_with_one_key_create_one_request(api: Api) -> None:
    assert connection.vendor == "postgresql"
    calls = 10
    barrier = threading.Barrier(calls)
    responses: list[Any] = [None] * calls

    def call(index: int) -> None:
        from django.db import connection as thread_connection

        client = api.new_client()
        try:
            barrier.wait(timeout=30)
            responses[index] = api.post(key="parallel-1", client=client)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(r is not None for r in responses)
    assert {r.status_code for r in responses} == {201}
    bodies = [r.json() for r in responses]
    assert all(body == bodies[0] for body in bodies)
    assert PaymentRequest.objects.count() == 1
    assert bodies[0]["reference"] == PaymentRequest.objects.get().reference
