"""The agency sends its invoice as an OIOUBL file in the portal: the example file in docs/ is received and
the receipt shows claimed next to computed; a bad file is refused with every message in the error summary
and nothing stored; one invoice per one-time key; only agencies may upload.

Amounts by hand from BEK nr. 1317 § 24 with the rates in tests/interpreting.py (650/h; zone 1 275, zone 3
1050 once per interpreter per day on site; Saturday 161/h; 17–07 86/h; demanding 135/h; at least 1 h, then
per started half hour). The example invoices October 2026 (06.10 is a Tuesday, 10.10 a Saturday):
 1. 06.10 09:00–11:00 TK-4711 on site 7400 (zone 1): 2 × 650 + 275          = 1.575,00 (claims 1.575,00)
 2. 06.10 13:00–13:40 TK-4711 on site 7400: 1 h × 650, zone paid today       =   650,00 (claims   975,00)
 3. 06.10 16:00–18:15 TK-4712 8000 (zone 3), demanding:
    2,5 × 650 + 1,5 × 86 + 2,5 × 135 + 1050 = 1625 + 129 + 337,50 + 1050     = 3.141,50 (claims 3.141,50)
 4. 10.10 10:00–11:30 TK-4711 remote: 1,5 × 650 + 1,5 × 161 = 975 + 241,50  = 1.216,50 (claims 1.216,50)
Claimed 1575 + 975 + 3141,50 + 1216,50 = 6.908,00; computed 1575 + 650 + 3141,50 + 1216,50 = 6.583,00.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kompensation.payments.models import InvoiceLine, PaymentRequest, RequestSource
from tests import interpreting

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "oioubl-tolkefaktura.xml"
URL = "portal:agency_oioubl_upload"
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lollollollollollollollollollol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&lol4;</ID></Invoice>"""


def example(world: dict[str, Any], *changes: tuple[str, str]) -> bytes:
    """The example file with the test's grant reference and agency CVR, plus textual changes."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("BEV-0000123", world["grant"].reference).replace("12345678", world["agency"].cvr)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


@pytest.fixture
def world(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency()
    anne = interpreting.interpreter(agency, "Anne Holm", number="TK-4711")
    interpreting.interpreter(agency, "Bo Berg", number="TK-4712")
    grant = interpreting.interpreting_case(
        investigated_case, herning_caseworker, [agency], start=dt.date(2026, 9, 1)
    )
    interpreting.zones(grant.case)  # 7400 → zone 1, 8000 → zone 3
    client = Client()
    client.force_login(agency_user)
    return {"agency": agency, "grant": grant, "client": client, "anne": anne, "cw": herning_caseworker}


def upload(
    client: Client,
    content: bytes,
    key: str = "key-1",
    name: str = "faktura.xml",
    content_type: str = "application/xml",
) -> Any:
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse(URL), {"file": file, "idempotency_key": key})


def summary(response: Any) -> str:
    page = html.unescape(response.content.decode())
    assert "Der er et problem" in page
    return page


def assert_nothing_stored() -> None:
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 0
    assert InvoiceLine.objects.count() == 0


def test_the_page_has_a_file_field_and_a_one_time_key(world: dict[str, Any]) -> None:
    response = world["client"].get(reverse(URL))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="idempotency_key"' in page and 'type="hidden"' in page
    # Each page load a new key, so two uploads of two files are two invoices.
    again = world["client"].get(reverse(URL)).content.decode()
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    assert len(key) >= 16 and key not in again


def test_the_agency_finds_the_upload_from_home_and_the_invoice_list(world: dict[str, Any]) -> None:
    for name in ("portal:agency_home", "portal:agency_invoices"):
        page = world["client"].get(reverse(name)).content.decode()
        assert f'href="{reverse(URL)}"' in page and "Send OIOUBL-fil" in page


def test_the_example_file_is_received_and_the_receipt_shows_claimed_and_computed(
    world: dict[str, Any],
) -> None:
    response = upload(world["client"], example(world))
    invoice = PaymentRequest.objects.get(kind="interpreting")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:agency_invoice_receipt", args=[invoice.pk])
    assert invoice.source == RequestSource.OIOUBL and invoice.invoice_number == "TT-2026-1042"
    assert invoice.invoice_lines.count() == 4
    receipt = world["client"].get(response["Location"]).content.decode()
    assert "Fakturaen er modtaget" in receipt and "TT-2026-1042" in receipt
    assert '<dd data-testid="claimed-total">6.908,00 kr.</dd>' in receipt
    assert '<dd data-testid="computed-total">6.583,00 kr.</dd>' in receipt


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Faktura 1042: 6.908,00 kr.", "Filen er ikke gyldig XML (linje 1"),
        (BOMB, "Filen indeholder en DTD eller entiteter"),
    ],
    ids=["not-xml", "doctype-bomb"],
)
def test_a_file_that_is_not_an_invoice_is_refused_with_the_message(
    world: dict[str, Any], content: bytes, message: str
) -> None:
    response = upload(world["client"], content)
    assert response.status_code == 400
    assert message in summary(response)
    assert "lollollol" not in response.content.decode()  # the entities are never expanded
    assert_nothing_stored()


def test_a_line_outside_the_grant_is_named_and_nothing_is_stored(world: dict[str, Any]) -> None:
    # The grant starts 01.09.2026; line 4 is moved to 15.08.2026 and the period with it.
    content = example(
        world,
        ("<cbc:StartDate>2026-10-01</cbc:StartDate>", "<cbc:StartDate>2026-08-01</cbc:StartDate>"),
        (
            "<cbc:ActualDeliveryDate>2026-10-10</cbc:ActualDeliveryDate>",
            "<cbc:ActualDeliveryDate>2026-08-15</cbc:ActualDeliveryDate>",
        ),
    )
    response = upload(world["client"], content)
    assert response.status_code == 400
    assert "Linje 4: 15.08.2026 ligger uden for bevillingens periode." in summary(response)
    assert_nothing_stored()


def test_every_message_of_the_service_is_listed(world: dict[str, Any]) -> None:
    content = example(
        world,
        ("<cbc:Value>09:00:00</cbc:Value>", "<cbc:Value>ni</cbc:Value>"),
        ("<cbc:PostalZone>8000</cbc:PostalZone>", "<cbc:PostalZone>Aarhus</cbc:PostalZone>"),
    )
    page = summary(upload(world["client"], content))
    assert "Linje 1: AdditionalItemProperty «Starttid» «ni» er ikke et klokkeslæt (TT:MM:SS)." in page
    assert (
        "Linje 3: cac:DeliveryLocation/cac:Address/cbc:PostalZone «Aarhus» er ikke et dansk postnummer."
        in page
    )
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("faktura.pdf", "application/pdf"), ("faktura.xml", "application/pdf"), ("faktura.txt", "text/xml")],
)
def test_only_xml_files_are_accepted(world: dict[str, Any], name: str, content_type: str) -> None:
    response = upload(world["client"], example(world), name=name, content_type=content_type)
    assert response.status_code == 400
    assert "Filen skal være en OIOUBL-faktura i XML-format" in summary(response)
    assert_nothing_stored()


def test_a_file_over_2_mb_and_no_file_are_refused(world: dict[str, Any]) -> None:
    big = b"<x>" + b" " * (2 * 1024 * 1024) + b"</x>"
    assert "Filen er for stor (over 2 MB)" in summary(upload(world["client"], big))
    response = world["client"].post(reverse(URL), {"idempotency_key": "key-1"})
    assert response.status_code == 400
    assert "Vælg den OIOUBL-fil, I vil sende." in summary(response)
    assert_nothing_stored()


def test_a_double_post_with_the_same_key_makes_one_invoice(world: dict[str, Any]) -> None:
    first = upload(world["client"], example(world), key="dobbeltklik")
    second = upload(world["client"], example(world), key="dobbeltklik")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 1
    assert InvoiceLine.objects.count() == 4


def test_another_role_is_refused(world: dict[str, Any]) -> None:
    for user in (world["cw"], world["anne"].user):
        client = Client()
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403
        assert upload(client, example(world)).status_code == 403
    assert_nothing_stored()
    anonymous = Client().get(reverse(URL))
    assert anonymous.status_code == 302 and "/log-ind/" in anonymous["Location"]
