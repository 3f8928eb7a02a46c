"""The controls and anomaly flags on an interpreting invoice, stored with their evidence.

Run on receipt and again whenever something they look at changes (an attestation, a declaration, a line
rejected). A flag about one session points at its line.
"""

from __future__ import annotations

from kompensation.rules import interpreting

from ..models import AttestationParty, ControlStatus, LineStatus, PaymentRequest
from .controls import _control
from .declarations import RULE as DECLARATION_RULE
from .declarations import declarations_missing_for_invoice

ATTESTATION_RULE = "Københavns Kommunes praksis: kvittering pr. tolk underskrevet af tolk, bureau og bruger"


def invoice_run_controls(*, request: PaymentRequest) -> None:
    request.controls.all().delete()
    missing = declarations_missing_for_invoice(request)
    _control(
        request,
        "declarations",
        "Erklæringer på tro og love fra alle parter",
        ControlStatus.FAIL if missing else ControlStatus.PASS,
        "Mangler fra: " + "; ".join(m.label for m in missing) if missing else "Alle parter har erklæret.",
        DECLARATION_RULE,
        officer_decides="Fakturaen kan ikke betales, før alle parter har underskrevet. De er bedt om det."
        if missing
        else None,
    )
    interpreters = set(request.invoice_lines.values_list("interpreter_id", flat=True))
    attested = set(
        request.attestations.filter(party=AttestationParty.USER).values_list("interpreter_id", flat=True)
    )
    awaiting = request.invoice_lines.filter(status=LineStatus.AWAITING).count()
    _control(
        request,
        "attestation",
        "Borgeren har bekræftet sessionerne",
        ControlStatus.PASS if interpreters <= attested and not awaiting else ControlStatus.UNKNOWN,
        f"{awaiting} linje(r) afventer borgerens bekræftelse." if awaiting else "Alle linjer er bekræftet.",
        ATTESTATION_RULE,
    )
    _ = interpreting.RULE
