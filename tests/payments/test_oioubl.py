"""An interpreting agency's OIOUBL invoice: the example file in docs/ is read, priced by hand from BEK 1317
§ 24, and every way a file can be wrong is refused with a message naming what is wrong — with nothing
stored and nothing paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kompensation.payments import services
from kompensation.payments.models import InvoiceLine, PaymentRequest, Payout, RequestSource
from tests import interpreting as i

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "oioubl-tolkefaktura.xml"
GRANT_START = dt.date(2026, 9, 1)  # the example invoices October 2026


def example(grant: Any, agency: Any, *changes: tuple[str, str]) -> bytes:
    """The example file with the test's grant reference and agency CVR, plus textual changes (each on
    its first occurrence)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("BEV-0000123", grant.reference).replace("12345678", agency.cvr)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


def interpreting_world(case: Any, caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm", number="TK-4711")
    bo = i.interpreter(agency, "Bo Berg", number="TK-4712")
    grant = i.interpreting_case(case, caseworker, [agency], start=GRANT_START)
    i.zones(grant.case)  # 7400 → zone 1, 7430 → zone 2, 8000 → zone 3
    return {"agency": agency, "user": agency_user, "anne": anne, "bo": bo, "grant": grant}


@pytest.fixture
def world(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    return interpreting_world(investigated_case, herning_caseworker)


def receive(world: dict[str, Any], content: bytes, key: str | None = None) -> PaymentRequest:
    return services.invoice_receive_oioubl(
        user=world["user"], agency=world["agency"], content=content, idempotency_key=key
    )


# The example by hand (BEK 1317 § 24: 650/h; zone 1/3 = 275/1050 once per interpreter per day on-site;
# 161/h Saturday; 86/h 17–07; 135/h demanding; at least 1 h, then per started half hour):
#  1. Tue 06.10 09:00–11:00, TK-4711 on-site 7400 (zone 1): 2 h × 650 = 1300 + zone 1 275        = 1575.00
#  2. Tue 06.10 13:00–13:40, TK-4711 on-site 7400: 40 min → 1 h × 650; zone already paid today    =  650.00
#     (the agency claims 975.00 for 1.5 h; paid is min(claimed, computed) = 650.00)
#  3. Tue 06.10 16:00–18:15, TK-4712 on-site 8000 (zone 3), demanding: 2 h 15 → 2.5 h × 650 = 1625;
#     17:00–18:15 is 75 min → 1.5 h × 86 = 129; 2.5 h × 135 = 337.50; zone 3 1050                = 3141.50
#  4. Sat 10.10 10:00–11:30, TK-4711 remote: 1.5 h × 650 = 975 + 1.5 h × 161 = 241.50; no zone    = 1216.50
EXPECTED_COMPUTED = [Decimal("1575.00"), Decimal("650.00"), Decimal("3141.50"), Decimal("1216.50")]
CLAIMED_TOTAL = Decimal("6908.00")  # 1575 + 975 + 3141.50 + 1216.50
COMPUTED_TOTAL = Decimal("6583.00")  # 1575 + 650 + 3141.50 + 1216.50


def test_the_example_invoice_is_accepted_and_priced(world: dict[str, Any]) -> None:
    request = receive(world, example(world["grant"], world["agency"]))
    lines = list(request.invoice_lines.order_by("position"))
    assert [x.computed for x in lines] == EXPECTED_COMPUTED
    assert [x.interpreter for x in lines] == [world["anne"], world["anne"], world["bo"], world["anne"]]
    assert [(x.remote, x.postcode, x.demanding) for x in lines] == [
        (False, "7400", False),
        (False, "7400", False),
        (False, "8000", True),
        (True, "", False),
    ]
    assert lines[2].start == dt.time(16, 0) and lines[2].end == dt.time(18, 15)
    assert request.calculation["claimed_total"] == str(CLAIMED_TOTAL)
    assert request.calculation["computed_total"] == str(COMPUTED_TOTAL)
    assert request.requested_total == COMPUTED_TOTAL  # every line paid at most what was claimed
    assert request.source == RequestSource.OIOUBL
    assert request.invoice_number == "TT-2026-1042"
    assert (request.period_start, request.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert request.agency == world["agency"] and request.grant == world["grant"]


def test_the_municipalitys_reference_in_accounting_cost_is_enough(world: dict[str, Any]) -> None:
    grant = world["grant"]
    content = example(
        grant,
        world["agency"],
        (
            f"  <cac:OrderReference>\n    <cbc:ID>{grant.reference}</cbc:ID>\n"
            "    <cbc:IssueDate>2026-09-01</cbc:IssueDate>\n  </cac:OrderReference>\n",
            "",
        ),
    )
    assert b"OrderReference" not in content
    request = receive(world, content)
    assert request.grant == grant


def test_a_ubl_21_line_with_its_own_invoice_period_is_read(world: dict[str, Any]) -> None:
    # UBL 2.1 puts the session in cac:InvoiceLine/cac:InvoicePeriod; line 1 written that way is the same
    # session (09:00–11:00 on 06.10 in zone 1 → 1575.00).
    content = example(
        world["grant"],
        world["agency"],
        ("<cbc:UBLVersionID>2.0</cbc:UBLVersionID>", "<cbc:UBLVersionID>2.1</cbc:UBLVersionID>"),
        (
            '<cbc:LineExtensionAmount currencyID="DKK">1575.00</cbc:LineExtensionAmount>',
            '<cbc:LineExtensionAmount currencyID="DKK">1575.00</cbc:LineExtensionAmount>\n'
            "    <cac:InvoicePeriod><cbc:StartDate>2026-10-06</cbc:StartDate>"
            "<cbc:StartTime>09:00:00</cbc:StartTime><cbc:EndTime>11:00:00</cbc:EndTime></cac:InvoicePeriod>",
        ),
        ("<cbc:ActualDeliveryDate>2026-10-06</cbc:ActualDeliveryDate>", ""),
    )
    request = receive(world, content)
    first = request.invoice_lines.get(position=1)
    assert (first.date, first.start, first.end, first.computed) == (
        dt.date(2026, 10, 6),
        dt.time(9, 0),
        dt.time(11, 0),
        Decimal("1575.00"),
    )


def assert_nothing_stored() -> None:
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 0
    assert InvoiceLine.objects.count() == 0
    assert Payout.objects.count() == 0


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lollollollollollollollollollol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&lol9;</ID></Invoice>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&secret;</ID></Invoice>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Invoice><cbc:ID>1</Invoice>", "Filen er ikke gyldig XML (linje 1"),
        (b"Faktura 1042: 6.908,00 kr.", "Filen er ikke gyldig XML"),
        (b"", "Filen er tom."),
        (BOMB, "Filen indeholder en DTD eller entiteter"),
        (EXTERNAL, "Filen indeholder en DTD eller entiteter"),
        (
            b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>',
            "rodelementet er «Order», ikke «Invoice»",
        ),
        (
            b'<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>',
            "Kreditnotaer modtages ikke her",
        ),
        (b"<Invoice/>", "rodelementet er «Invoice», ikke «Invoice» i navnerummet"),
    ],
    ids=[
        "bad-xml",
        "not-xml",
        "empty",
        "xml-bomb",
        "external-entity",
        "order",
        "credit-note",
        "no-namespace",
    ],
)
def test_a_file_that_is_not_an_oioubl_invoice_is_refused_safely(
    world: dict[str, Any], content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        receive(world, content)
    assert any(message in m for m in error.value.messages), error.value.messages
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            [("<cbc:CustomizationID>OIOUBL-2.02<", "<cbc:CustomizationID>urn:cen.eu:en16931:2017<")],
            "cbc:CustomizationID er «urn:cen.eu:en16931:2017»; den skal begynde med «OIOUBL-2»",
        ),
        (
            [("<cbc:UBLVersionID>2.0<", "<cbc:UBLVersionID>1.0<")],
            "cbc:UBLVersionID er «1.0»; OIOUBL-fakturaer har UBL-version 2.0 eller 2.1.",
        ),
        ([("<cbc:ID>TT-2026-1042</cbc:ID>", "")], "cbc:ID (fakturanummeret) mangler."),
        (
            [("<cbc:StartDate>2026-10-01</cbc:StartDate>", "")],
            "cac:InvoicePeriod (fakturaens periode) mangler cbc:StartDate",
        ),
        (
            [
                (
                    '<cbc:LineExtensionAmount currencyID="DKK">975.00<',
                    '<cbc:LineExtensionAmount currencyID="DKK">975,00<',
                )
            ],
            "Linje 2: cbc:LineExtensionAmount «975,00» er ikke et beløb i kroner og øre.",
        ),
        (
            [("<cbc:Value>13:40:00</cbc:Value>", "<cbc:Value>13.40</cbc:Value>")],
            "Linje 2: AdditionalItemProperty «Sluttid» «13.40» er ikke et klokkeslæt (TT:MM:SS).",
        ),
        (
            [("<cbc:Value>TK-4712</cbc:Value>", "<cbc:Value>TK-9999</cbc:Value>")],
            "Linje 3: tolkenummer «TK-9999» er ikke registreret hos bureauet.",
        ),
        (
            [(">6908.00</cbc:LineExtensionAmount>", ">7000.00</cbc:LineExtensionAmount>")],
            "cac:LegalMonetaryTotal/cbc:LineExtensionAmount er 7000.00, men linjerne giver tilsammen 6908.00",
        ),
    ],
    ids=[
        "wrong-customization",
        "wrong-ubl-version",
        "no-invoice-number",
        "no-period",
        "bad-amount",
        "bad-time",
        "unknown-interpreter",
        "totals-disagree",
    ],
)
def test_a_wrong_invoice_is_refused_with_the_element_named(
    world: dict[str, Any], changes: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        receive(world, example(world["grant"], world["agency"], *changes))
    assert any(m.startswith(message) for m in error.value.messages), error.value.messages
    assert_nothing_stored()


def test_an_unknown_grant_reference_is_refused(world: dict[str, Any]) -> None:
    content = example(world["grant"], world["agency"]).replace(
        world["grant"].reference.encode(), b"BEV-9999999"
    )
    with pytest.raises(ValidationError) as error:
        receive(world, content)
    assert "Ukendt tolkebruger/bevilling: «BEV-9999999»" in error.value.messages[0]
    assert_nothing_stored()


def test_a_grant_of_another_agency_looks_unknown(world: dict[str, Any]) -> None:
    other, other_user = i.agency("Andet Bureau ApS")
    content = example(world["grant"], other)
    with pytest.raises(ValidationError) as error:
        services.invoice_receive_oioubl(user=other_user, agency=other, content=content)
    assert "Ukendt tolkebruger/bevilling" in error.value.messages[0]
    assert_nothing_stored()


def test_an_invoice_issued_by_another_agencys_cvr_is_refused(world: dict[str, Any]) -> None:
    other, _ = i.agency("Andet Bureau ApS")
    content = example(world["grant"], other)  # the file names the other agency as supplier
    with pytest.raises(ValidationError) as error:
        receive(world, content)
    assert error.value.messages == [
        f"Fakturaen er udstedt af CVR {other.cvr} (cac:AccountingSupplierParty), men I er logget ind som "
        f"{world['agency'].name}, CVR {world['agency'].cvr}. Et bureau kan kun sende sine egne fakturaer."
    ]
    assert_nothing_stored()


def test_a_line_outside_the_grant_refuses_the_whole_invoice(world: dict[str, Any]) -> None:
    # The grant starts 01.09.2026; the agency moves line 4 to 15.08.2026 and the period with it.
    content = example(
        world["grant"],
        world["agency"],
        ("<cbc:StartDate>2026-10-01</cbc:StartDate>", "<cbc:StartDate>2026-08-01</cbc:StartDate>"),
        (
            "<cbc:ActualDeliveryDate>2026-10-10</cbc:ActualDeliveryDate>",
            "<cbc:ActualDeliveryDate>2026-08-15</cbc:ActualDeliveryDate>",
        ),
    )
    with pytest.raises(ValidationError) as error:
        receive(world, content)
    assert error.value.messages == ["Linje 4: 15.08.2026 ligger uden for bevillingens periode."]
    assert_nothing_stored()


def test_every_error_in_a_file_is_reported_at_once(world: dict[str, Any]) -> None:
    content = example(
        world["grant"],
        world["agency"],
        ("<cbc:Value>09:00:00</cbc:Value>", "<cbc:Value>ni</cbc:Value>"),
        ("<cbc:PostalZone>8000</cbc:PostalZone>", "<cbc:PostalZone>Aarhus</cbc:PostalZone>"),
    )
    with pytest.raises(ValidationError) as error:
        receive(world, content)
    assert error.value.messages == [
        "Linje 1: AdditionalItemProperty «Starttid» «ni» er ikke et klokkeslæt (TT:MM:SS).",
        "Linje 3: cac:DeliveryLocation/cac:Address/cbc:PostalZone «Aarhus» er ikke et dansk postnummer.",
    ]
    assert_nothing_stored()


def test_an_idempotent_repeat_returns_the_same_invoice(world: dict[str, Any]) -> None:
    content = example(world["grant"], world["agency"])
    first = receive(world, content, key="upload-1")
    again = receive(world, content, key="upload-1")
    assert again.pk == first.pk
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 1
    assert InvoiceLine.objects.count() == 4


def test_the_same_invoice_number_sent_again_is_not_paid_twice(world: dict[str, Any]) -> None:
    content = example(world["grant"], world["agency"])
    receive(world, content)
    with pytest.raises(ValidationError) as error:
        receive(world, content)
    assert "Faktura TT-2026-1042 fra Tegnsprogstolkene ApS er allerede modtaget" in error.value.messages[0]
    assert PaymentRequest.objects.filter(kind="interpreting").count() == 1
