"""An interpreting agency's invoice as an OIOUBL 2 file (the Danish UBL profile public authorities
receive electronic invoices in), read into `SessionLine`s and handed to `invoice_submit`.

The mapping is documented in docs/interpreting-oioubl.md. In short: `cbc:ID` is the invoice number,
`cac:InvoicePeriod` the period, `cac:OrderReference/cbc:ID` the grant reference (`BEV-…`: that is how the
agency names the interpreting user to the municipality; `cbc:AccountingCost` is read when there is no order
reference), the supplier's CVR must be the uploading agency's, and each `cac:InvoiceLine` is one session.

The file is parsed with defusedxml and no DTD at all: an OIOUBL invoice never has one, and refusing it
rules out entity expansion ("billion laughs") and external entities (network or file reads) alike.
Everything the file gets wrong is reported at once, each message naming the element and the line, and
nothing is stored until the whole invoice is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError

from kompensation.accounts.models import User

from ..models import Agency, PaymentRequest, RequestSource
from .invoices import SessionLine, _require_agency, grant_by_reference, invoice_submit

MAX_BYTES = 2 * 1024 * 1024
INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}
UBL_VERSIONS = ("2.0", "2.1")
CUSTOMIZATION_PREFIX = "OIOUBL-2"
CURRENCY = "DKK"
MAX_AMOUNT = Decimal("10000000")
TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")

# AdditionalItemProperty names, compared without case; the ASCII spelling is accepted for `Krævende`.
P_INTERPRETER = "tolkenummer"
P_REMOTE = "fjerntolkning"
P_ZONE = "zone"
P_DEMANDING = ("krævende", "kraevende")
P_START = ("starttid", "starttidspunkt")
P_END = ("sluttid", "sluttidspunkt")
TRUE = {"true", "1", "ja"}
FALSE = {"false", "0", "nej", ""}


@dataclass(frozen=True)
class OioublInvoice:
    """What the file says, before the grant, the agency and the prices are checked."""

    invoice_number: str
    issue_date: dt.date
    period_start: dt.date
    period_end: dt.date
    grant_reference: str
    supplier_cvr: str
    lines: list[SessionLine]


def _text(node: Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _time(value: str) -> dt.time | None:
    """`TT:MM[:SS]`, optionally with a zone offset; the wall-clock time is used (sessions are Danish time).
    `24:00` is midnight at the end of the day, which `rules.interpreting` writes as 00:00."""
    if value in ("24:00", "24:00:00"):
        return dt.time(0, 0)
    if not TIME.fullmatch(value):
        return None  # fromisoformat also takes "13.40" (13:00:00.4) and "1340"
    try:
        parsed = dt.time.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=None, second=0, microsecond=0)


def _amount(value: str) -> Decimal | None:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) > MAX_AMOUNT:  # type: ignore[operator]
        return None
    return amount


def _cvr(value: str) -> str:
    """`DK12345678`, `12 34 56 78` and `12345678` are the same CVR number."""
    return value.upper().removeprefix("DK").replace(" ", "")


def _supplier_cvr(root: Element) -> str:
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    if party is None:
        return ""
    for endpoint in party.findall("cbc:EndpointID", NS):
        if endpoint.get("schemeID", "").upper() == "DK:CVR" and endpoint.text:
            return _cvr(endpoint.text.strip())
    for path in ("cac:PartyLegalEntity/cbc:CompanyID", "cac:PartyTaxScheme/cbc:CompanyID"):
        company = _text(party, path)
        if company:
            return _cvr(company)
    return ""


def _properties(line: Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in line.findall("cac:Item/cac:AdditionalItemProperty", NS):
        name = _text(prop, "cbc:Name").lower()
        if name:
            out[name] = _text(prop, "cbc:Value")
    return out


def _first(props: dict[str, str], names: Sequence[str]) -> str | None:
    for name in names:
        if name in props:
            return props[name]
    return None


def _flag(props: dict[str, str], names: Sequence[str], where: str, errors: list[str]) -> bool:
    value = _first(props, names)
    if value is None or value.lower() in FALSE:
        return False
    if value.lower() in TRUE:
        return True
    errors.append(
        f"{where}: AdditionalItemProperty «{names[0].capitalize()}» skal være true eller false, "
        f"ikke «{value}»."
    )
    return False


def _line(node: Element, index: int, errors: list[str]) -> SessionLine | None:
    """One `cac:InvoiceLine` → one session, or messages in `errors`."""
    line_id = _text(node, "cbc:ID")
    where = f"Linje {index}" + (f" (cbc:ID {line_id})" if line_id and line_id != str(index) else "")
    before = len(errors)
    props = _properties(node)

    raw_amount = _text(node, "cbc:LineExtensionAmount")
    amount = _amount(raw_amount)
    if not raw_amount:
        errors.append(f"{where}: cbc:LineExtensionAmount (linjens beløb) mangler.")
    elif amount is None:
        errors.append(f"{where}: cbc:LineExtensionAmount «{raw_amount}» er ikke et beløb i kroner og øre.")
    currency = node.find("cbc:LineExtensionAmount", NS)
    if currency is not None and currency.get("currencyID", CURRENCY) != CURRENCY:
        errors.append(f"{where}: beløbet skal være i {CURRENCY}, ikke {currency.get('currencyID')}.")

    period = node.find("cac:InvoicePeriod", NS)
    if period is not None and _text(period, "cbc:StartDate"):
        raw_date, raw_start, raw_end = (
            _text(period, "cbc:StartDate"),
            _text(period, "cbc:StartTime"),
            _text(period, "cbc:EndTime"),
        )
        date_path, time_path = "cac:InvoicePeriod/cbc:StartDate", "cac:InvoicePeriod/cbc:StartTime"
        end_path = "cac:InvoicePeriod/cbc:EndTime"
        end_date = _text(period, "cbc:EndDate")
    else:
        raw_date = _text(node, "cac:Delivery/cbc:ActualDeliveryDate")
        raw_start, raw_end = _first(props, P_START) or "", _first(props, P_END) or ""
        date_path = "cac:Delivery/cbc:ActualDeliveryDate"
        time_path, end_path = "AdditionalItemProperty «Starttid»", "AdditionalItemProperty «Sluttid»"
        end_date = ""
    day, start, end = _date(raw_date), _time(raw_start), _time(raw_end)
    if not raw_date:
        errors.append(
            f"{where}: datoen mangler. Skriv den i cac:InvoicePeriod/cbc:StartDate "
            "(eller cac:Delivery/cbc:ActualDeliveryDate)."
        )
    elif day is None:
        errors.append(f"{where}: {date_path} «{raw_date}» er ikke en dato (ÅÅÅÅ-MM-DD).")
    for raw, parsed, path in ((raw_start, start, time_path), (raw_end, end, end_path)):
        if not raw:
            errors.append(f"{where}: {path} (klokkeslæt) mangler.")
        elif parsed is None:
            errors.append(f"{where}: {path} «{raw}» er ikke et klokkeslæt (TT:MM:SS).")
    if end_date and day is not None and end_date != raw_date:
        # Only "ends at midnight" may carry the next day's date; anything else spans two dates.
        next_day = _date(end_date) == day + dt.timedelta(days=1) and end == dt.time(0, 0)
        if not next_day:
            errors.append(
                f"{where}: cac:InvoicePeriod/cbc:EndDate {end_date} er en anden dag end cbc:StartDate. "
                "En session hen over midnat skrives som to linjer, én pr. dato."
            )

    interpreter = (_first(props, (P_INTERPRETER,)) or "").strip()
    if not interpreter:
        errors.append(f"{where}: AdditionalItemProperty «Tolkenummer» mangler.")
    remote = _flag(props, (P_REMOTE,), where, errors)
    demanding = _flag(props, P_DEMANDING, where, errors)
    zone: int | None = None
    raw_zone = (_first(props, (P_ZONE,)) or "").strip()
    if raw_zone:
        if raw_zone in ("1", "2", "3"):
            zone = int(raw_zone)
        else:
            errors.append(
                f"{where}: AdditionalItemProperty «Zone» skal være 1, 2 eller 3, ikke «{raw_zone}»."
            )
    postcode = _text(node, "cac:Delivery/cac:DeliveryLocation/cac:Address/cbc:PostalZone")
    if postcode and not (len(postcode) == 4 and postcode.isdigit()):
        errors.append(
            f"{where}: cac:DeliveryLocation/cac:Address/cbc:PostalZone «{postcode}» "
            "er ikke et dansk postnummer."
        )

    if len(errors) > before:
        return None
    assert day is not None and start is not None and end is not None and amount is not None
    return SessionLine(
        date=day,
        start=start,
        end=end,
        interpreter=interpreter,
        claimed=amount,
        remote=remote,
        postcode="" if remote else postcode,
        zone=None if remote else zone,
        demanding=demanding,
    )


def _root(content: bytes) -> Element:
    if len(content) > MAX_BYTES:
        raise ValidationError(
            f"Filen er for stor (over {MAX_BYTES // (1024 * 1024)} MB). Del fakturaen op pr. måned."
        )
    if not content.strip():
        raise ValidationError("Filen er tom.")
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationError(
            "Filen indeholder en DTD eller entiteter (<!DOCTYPE …>/<!ENTITY …>). Det har en OIOUBL-faktura "
            "aldrig, og af sikkerhedshensyn læses sådan en fil ikke."
        ) from exc
    except ParseError as exc:
        line, column = exc.position
        raise ValidationError(
            f"Filen er ikke gyldig XML (linje {line}, kolonne {column + 1}). "
            "Send fakturaen som den OIOUBL-fil, jeres økonomisystem danner."
        ) from exc
    if root.tag != f"{{{INVOICE_NS}}}Invoice":
        local = root.tag.rsplit("}", 1)[-1]
        hint = " Kreditnotaer modtages ikke her; kontakt kommunen." if local == "CreditNote" else ""
        raise ValidationError(
            f"Filen er ikke en OIOUBL-faktura: rodelementet er «{local}», ikke «Invoice» i navnerummet "
            f"{INVOICE_NS}.{hint}"
        )
    return root


def oioubl_parse(content: bytes) -> OioublInvoice:
    """Read an OIOUBL 2.0/2.1 invoice; refuse it with every message at once (ValidationError)."""
    root = _root(content)
    errors: list[str] = []
    version = _text(root, "cbc:UBLVersionID")
    if version not in UBL_VERSIONS:
        errors.append(
            f"cbc:UBLVersionID er «{version or 'tom'}»; OIOUBL-fakturaer har UBL-version 2.0 eller 2.1."
        )
    customization = _text(root, "cbc:CustomizationID")
    if not customization.startswith(CUSTOMIZATION_PREFIX):
        errors.append(
            f"cbc:CustomizationID er «{customization or 'tom'}»; "
            f"den skal begynde med «{CUSTOMIZATION_PREFIX}» (fx OIOUBL-2.02)."
        )
    if not _text(root, "cbc:ProfileID"):
        errors.append("cbc:ProfileID (OIOUBL-profilen) mangler.")
    number = _text(root, "cbc:ID")
    if not number:
        errors.append("cbc:ID (fakturanummeret) mangler.")
    elif len(number) > 40:
        errors.append("cbc:ID (fakturanummeret) må højst være 40 tegn.")
    raw_issue = _text(root, "cbc:IssueDate")
    issue = _date(raw_issue)
    if issue is None:
        errors.append(
            f"cbc:IssueDate (fakturadato) «{raw_issue}» mangler eller er ikke en dato (ÅÅÅÅ-MM-DD)."
        )
    currency = _text(root, "cbc:DocumentCurrencyCode")
    if currency and currency != CURRENCY:
        errors.append(f"cbc:DocumentCurrencyCode er {currency}; tolkning afregnes i {CURRENCY}.")
    raw_start = _text(root, "cac:InvoicePeriod/cbc:StartDate")
    raw_end = _text(root, "cac:InvoicePeriod/cbc:EndDate")
    start, end = _date(raw_start), _date(raw_end)
    if start is None or end is None:
        errors.append(
            "cac:InvoicePeriod (fakturaens periode) mangler cbc:StartDate og cbc:EndDate "
            "som datoer (ÅÅÅÅ-MM-DD)."
        )
    reference = _text(root, "cac:OrderReference/cbc:ID") or _text(root, "cbc:AccountingCost")
    if not reference:
        errors.append(
            "cac:OrderReference/cbc:ID mangler: skriv kommunens bevillingsnummer (BEV-…), så fakturaen kan "
            "knyttes til tolkebrugeren."
        )
    cvr = _supplier_cvr(root)
    if not (len(cvr) == 8 and cvr.isdigit()):
        errors.append(
            "Leverandørens CVR-nummer mangler: skriv det i cac:AccountingSupplierParty/cac:Party/"
            'cbc:EndpointID schemeID="DK:CVR" eller cac:PartyLegalEntity/cbc:CompanyID.'
        )
    nodes = root.findall("cac:InvoiceLine", NS)
    if not nodes:
        errors.append("Fakturaen har ingen cac:InvoiceLine.")
    lines = [x for x in (_line(node, i, errors) for i, node in enumerate(nodes, start=1)) if x is not None]
    raw_total = _text(root, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount")
    if raw_total and len(lines) == len(nodes):
        total = _amount(raw_total)
        claimed = sum((x.claimed for x in lines), Decimal(0))
        if total is None:
            errors.append(f"cac:LegalMonetaryTotal/cbc:LineExtensionAmount «{raw_total}» er ikke et beløb.")
        elif total != claimed:
            errors.append(
                f"cac:LegalMonetaryTotal/cbc:LineExtensionAmount er {total}, men linjerne giver tilsammen "
                f"{claimed}. Ret fakturaen, så summen stemmer."
            )
    if errors:
        raise ValidationError(errors)
    assert issue is not None and start is not None and end is not None
    return OioublInvoice(
        invoice_number=number,
        issue_date=issue,
        period_start=start,
        period_end=end,
        grant_reference=reference,
        supplier_cvr=cvr,
        lines=lines,
    )


def invoice_receive(
    *,
    user: User,
    agency: Agency,
    grant_reference: str,
    period_start: dt.date,
    period_end: dt.date,
    invoice_number: str,
    lines: Sequence[SessionLine],
    source: str,
    idempotency_key: str | None = None,
) -> PaymentRequest:
    """An invoice that names its user by the grant reference (API and OIOUBL). A repeat of an idempotency
    key returns the invoice the key already made, unchanged and not paid twice."""
    _require_agency(user, agency)
    if idempotency_key:
        earlier = PaymentRequest.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    grant = grant_by_reference(grant_reference)
    if grant is None or not grant.decision.agencies.filter(pk=agency.pk).exists():
        # The same answer whether the grant does not exist or belongs to another agency's users: an agency
        # learns nothing about grants it is not approved on.
        raise ValidationError(
            f"Ukendt tolkebruger/bevilling: «{grant_reference}» er ikke en bevilling, hvor {agency.name} er "
            "godkendt som tolkebureau. Brug bevillingsnummeret (BEV-…) fra kommunens brev."
        )
    return invoice_submit(
        user=user,
        agency=agency,
        grant=grant,
        period_start=period_start,
        period_end=period_end,
        invoice_number=invoice_number,
        lines=lines,
        source=source,
        idempotency_key=idempotency_key,
    )


def invoice_receive_oioubl(
    *, user: User, agency: Agency, content: bytes, idempotency_key: str | None = None
) -> PaymentRequest:
    """Read, check and submit an OIOUBL invoice; refused whole (ValidationError) with nothing stored."""
    _require_agency(user, agency)
    invoice = oioubl_parse(content)
    if invoice.supplier_cvr != agency.cvr:
        raise ValidationError(
            f"Fakturaen er udstedt af CVR {invoice.supplier_cvr} (cac:AccountingSupplierParty), "
            f"men I er logget ind som {agency.name}, CVR {agency.cvr}. "
            "Et bureau kan kun sende sine egne fakturaer."
        )
    return invoice_receive(
        user=user,
        agency=agency,
        grant_reference=invoice.grant_reference,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        invoice_number=invoice.invoice_number,
        lines=invoice.lines,
        source=RequestSource.OIOUBL,
        idempotency_key=idempotency_key,
    )
