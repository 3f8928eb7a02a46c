"""The interpreting agency's API: an invoice as JSON or as the OIOUBL file, priced like the portal's,
idempotent, refused with the same messages, and readable only by the agency that sent it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kompensation.payments.models import InvoiceLine, PaymentRequest, Payout
from tests import factories
from tests import interpreting as i
from tests.api.conftest import bearer_client
from tests.payments.test_oioubl import COMPUTED_TOTAL, EXPECTED_COMPUTED, example, interpreting_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/tolkning/fakturaer/"


@pytest.fixture
def world(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    world = interpreting_world(investigated_case, herning_caseworker)
    world["client"] = bearer_client(world["user"])
    return world


def json_body(world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    # Two sessions on Tuesday 06.10.2026 (by hand, BEK 1317 § 24):
    #  09:00–10:20 on-site 7430 (zone 2): 80 min → 1.5 h × 650 = 975 + zone 2 650 = 1625.00
    #  13:00–14:00 remote: 1 h × 650                                               =  650.00
    body = {
        "grant_reference": world["grant"].reference,
        "invoice_number": "API-1",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "lines": [
            {
                "date": "2026-10-06",
                "start": "09:00",
                "end": "10:20",
                "interpreter": "TK-4711",
                "claimed": "1625.00",
                "postcode": "7430",
            },
            {
                "date": "2026-10-06",
                "start": "13:00",
                "end": "14:00",
                "interpreter": "TK-4711",
                "claimed": "650.00",
                "remote": True,
            },
        ],
    }
    return body | changes


def post_xml(client: Any, content: bytes, key: str = "xml-1") -> Any:
    return client.post(URL, content, content_type="application/xml", HTTP_IDEMPOTENCY_KEY=key)


def test_an_invoice_as_json_is_priced(world: dict[str, Any]) -> None:
    response = world["client"].post(URL, json_body(world), format="json", HTTP_IDEMPOTENCY_KEY="json-1")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["grant_reference"] == world["grant"].reference
    assert [Decimal(x["computed"]) for x in data["lines"]] == [Decimal("1625.00"), Decimal("650.00")]
    assert Decimal(data["claimed_total"]) == Decimal("2275.00")
    assert Decimal(data["computed_total"]) == Decimal("2275.00")
    assert data["source"] == "api"
    assert data["reference"].startswith("UDB-")


def test_an_oioubl_file_as_the_body_is_priced(world: dict[str, Any]) -> None:
    response = post_xml(world["client"], example(world["grant"], world["agency"]))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [Decimal(x["computed"]) for x in data["lines"]] == EXPECTED_COMPUTED
    assert Decimal(data["computed_total"]) == COMPUTED_TOTAL
    assert Decimal(data["claimed_total"]) == Decimal("6908.00")
    assert data["source"] == "oioubl" and data["invoice_number"] == "TT-2026-1042"


def test_a_repeat_with_the_same_key_returns_the_same_invoice(world: dict[str, Any]) -> None:
    content = example(world["grant"], world["agency"])
    first = post_xml(world["client"], content, key="k-1")
    again = post_xml(world["client"], content, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 1
    other = world["client"].post(URL, json_body(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Invoice", "Filen er ikke gyldig XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><Invoice>&b;</Invoice>',
            "Filen indeholder en DTD eller entiteter",
        ),
    ],
    ids=["bad-xml", "entity"],
)
def test_a_bad_file_is_refused_with_400_and_nothing_stored(
    world: dict[str, Any], content: bytes, message: str
) -> None:
    response = post_xml(world["client"], content)
    assert response.status_code == 400
    assert message in response.json()["errors"]["request"][0]
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 0
    assert InvoiceLine.objects.count() == 0 and Payout.objects.count() == 0


def test_a_json_line_outside_the_grant_is_refused(world: dict[str, Any]) -> None:
    body = json_body(world, period_start="2026-08-01")
    body["lines"][1]["date"] = "2026-08-18"  # the grant starts 01.09.2026
    response = world["client"].post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="json-2")
    assert response.status_code == 400
    assert response.json()["errors"]["request"] == [
        "Linje 2: 18.08.2026 ligger uden for bevillingens periode."
    ]
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 0


def test_an_unknown_grant_reference_is_refused(world: dict[str, Any]) -> None:
    body = json_body(world, grant_reference="BEV-9999999")
    response = world["client"].post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="json-3")
    assert response.status_code == 400
    assert response.json()["errors"]["request"][0].startswith("Ukendt tolkebruger/bevilling")


def test_the_key_is_required(world: dict[str, Any]) -> None:
    response = world["client"].post(URL, json_body(world), format="json")
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


def test_the_agency_lists_and_reads_its_own_invoice_and_no_one_elses(world: dict[str, Any]) -> None:
    created = post_xml(world["client"], example(world["grant"], world["agency"])).json()
    listed = world["client"].get(URL).json()
    assert [x["id"] for x in listed] == [created["id"]]
    detail = world["client"].get(f"{URL}{created['id']}/")
    assert detail.status_code == 200 and detail.json()["invoice_number"] == "TT-2026-1042"
    assert world["grant"].case.person.name not in detail.content.decode()
    _, other_user = i.agency("Andet Bureau ApS")
    other = bearer_client(other_user)
    assert other.get(f"{URL}{created['id']}/").status_code == 404
    assert other.get(URL).json() == []


def test_an_employer_token_is_refused(world: dict[str, Any]) -> None:
    employer = factories.employer_user(factories.register_company(name="Lønkunde ApS"))
    response = bearer_client(employer).get(URL)
    assert response.status_code == 403
