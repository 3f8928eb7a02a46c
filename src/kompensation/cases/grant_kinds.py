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

# "plan": the person, a relative, an association or a company, as the decision's terms name it (SEL §§ 95–96);
# "supplier": the company that delivers an aid or a consumer good (SEL §§ 112–113).
Payee = Literal["employer", "agency", "plan", "supplier"]
PricedBy = Literal["payroll", "sessions", "monthly_plan", "price"]


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
    BPA = "bpa", "Borgerstyret personlig assistance (SEL § 96)"
    CASH_ALLOWANCE = "cash_allowance", "Kontant tilskud til hjælpere (SEL § 95)"
    AID = "aid", "Hjælpemiddel eller forbrugsgode (SEL §§ 112–113)"


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
    # The social schemes book on the social chapter of the chart of accounts; a municipality may choose
    # its own account per kind (payments.PaymentSettings.accounts).
    GrantKindCode.BPA: GrantKind(
        code=GrantKindCode.BPA,
        label=GrantKindCode.BPA.label,
        payee="plan",
        priced_by="monthly_plan",
        legal_basis="Serviceloven § 96",
        account="05.38.45",
    ),
    GrantKindCode.CASH_ALLOWANCE: GrantKind(
        code=GrantKindCode.CASH_ALLOWANCE,
        label=GrantKindCode.CASH_ALLOWANCE.label,
        payee="plan",
        priced_by="monthly_plan",
        legal_basis="Serviceloven § 95 stk. 2–4",
        account="05.38.45",
    ),
    GrantKindCode.AID: GrantKind(
        code=GrantKindCode.AID,
        label=GrantKindCode.AID.label,
        payee="supplier",
        priced_by="price",
        legal_basis="Serviceloven §§ 112–113",
        account="05.35.40",
    ),
}


def grant_kind(code: str) -> GrantKind:
    return GRANT_KINDS[code or GrantKindCode.ASSISTANCE]


class InterpretingType(models.TextChoices):
    """Sign-language, tactile and written interpreting are all paid at the interpreting rate."""

    SIGN = "sign", "Tegnsprogstolkning"
    TACTILE = "tactile", "Taktil tolkning (mund-hånd)"
    WRITTEN = "written", "Skrivetolkning"
