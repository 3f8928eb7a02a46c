"""What a grant pays for, and to whom: the grant kinds as data.

A grant kind decides who receives the payout (the employer, who pays the assistant's wage, or the
interpreting agency, which invoices the municipality), how the amount is found (the employer's payroll
against the weekly hours, or the agency's sessions priced by `rules.interpreting`), and the account in the
municipal chart of accounts the payout is booked on unless the municipality has chosen its own. A new kind
(a temp-agency assistant, BEK § 12 stk. 3; BPA's monthly plan) is a new row here, not new payment code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from django.db import models

Payee = Literal["employer", "agency"]
PricedBy = Literal["payroll", "sessions"]


@dataclass(frozen=True)
class GrantKind:
    code: str
    label: str
    payee: Payee
    priced_by: PricedBy
    legal_basis: str
    account: str


class GrantKindCode(models.TextChoices):
    ASSISTANCE = "assistance", "Personlig assistance (ansat assistent)"
    INTERPRETING = "interpreting", "Tolkning (tegnsprog, taktil eller skrivetolkning)"


GRANT_KINDS: Final[dict[str, GrantKind]] = {
    GrantKindCode.ASSISTANCE: GrantKind(
        code=GrantKindCode.ASSISTANCE,
        label=GrantKindCode.ASSISTANCE.label,
        payee="employer",
        priced_by="payroll",
        legal_basis="BEK § 12 stk. 1 og §§ 22–23",
        account="05.18.10",
    ),
    GrantKindCode.INTERPRETING: GrantKind(
        code=GrantKindCode.INTERPRETING,
        label=GrantKindCode.INTERPRETING.label,
        payee="agency",
        priced_by="sessions",
        legal_basis="BEK § 12 stk. 4 og § 24 (BEK nr. 1317 af 08/09/2020)",
        account="05.18.10",
    ),
}


def grant_kind(code: str) -> GrantKind:
    return GRANT_KINDS[code or GrantKindCode.ASSISTANCE]


class InterpretingType(models.TextChoices):
    """Sign-language, tactile and written interpreting are all paid at the interpreting rate."""

    SIGN = "sign", "Tegnsprogstolkning"
    TACTILE = "tactile", "Taktil tolkning (mund-hånd)"
    WRITTEN = "written", "Skrivetolkning"
