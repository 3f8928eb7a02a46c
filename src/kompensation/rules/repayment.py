"""Tilbagebetaling af tilskud, der er udbetalt på et urigtigt grundlag (repayment claims).

Kilden er Jobcenter Københavns vejledning om personlig assistance (seed 002, «Tro og Love-erklæring og
tilbagebetaling», punkt 3): der er pligt til at tilbagebetale tilskud, som er udbetalt på et urigtigt
grundlag, når borgeren, virksomheden eller et vikarbureau mod bedre vidende har afgivet urigtige
erklæringer/oplysninger, fortiet omstændigheder af betydning for udbetalingen, eller ikke har opfyldt
betingelserne for at få tilskud. Vejledningen henviser til reglerne om kompensation til handicappede i
erhverv (bekendtgørelse nr. 1174 af 25/11/2019) uden at nævne paragraffen; derfor citerer
:data:`LEGAL_BASIS` regelsættet og vejledningens ordlyd, ikke et paragrafnummer.

Et krav er en afgørelse: virksomheden partshøres først (forvaltningslovens § 19), og afgørelsen giver
klagevejledning (forvaltningslovens § 25).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from . import deadlines

WRONG_INFORMATION: Final = "wrong_information"
CONCEALED: Final = "concealed"
CONDITIONS_NOT_MET: Final = "conditions_not_met"

# code -> (short label for the officer's choice, the wording the letter uses about the employer).
CONDITIONS: Final[dict[str, tuple[str, str]]] = {
    WRONG_INFORMATION: (
        "Urigtige oplysninger givet mod bedre vidende",
        "virksomheden har mod bedre vidende afgivet urigtige erklæringer eller oplysninger",
    ),
    CONCEALED: (
        "Fortiede oplysninger",
        "virksomheden har fortiet omstændigheder af betydning for udbetalingen af tilskuddet",
    ),
    CONDITIONS_NOT_MET: (
        "Betingelserne for tilskuddet var ikke opfyldt",
        "virksomheden har ikke opfyldt betingelserne for at få tilskuddet",
    ),
}

LEGAL_BASIS: Final = (
    "Reglerne om kompensation til handicappede i erhverv (kompensationsloven, LBK nr. 108 af 03/02/2020, "
    "og bekendtgørelse nr. 1174 af 25/11/2019): der er pligt til at tilbagebetale tilskud, som er udbetalt "
    "på et urigtigt grundlag, når virksomheden mod bedre vidende har afgivet urigtige erklæringer eller "
    "oplysninger, fortiet omstændigheder af betydning for udbetaling af tilskud, eller ikke har opfyldt "
    "betingelserne for at få tilskud"
)
HEARING_RULE: Final = "forvaltningslovens § 19"

MSG_NEGATIVE: Final = "Det rigtige beløb kan ikke være negativt."
MSG_NO_LINES: Final = "Angiv for mindst én udbetaling, hvad der skulle have været udbetalt."


@dataclass(frozen=True)
class Line:
    """One paid request in the claim: what was paid, what earlier claims took back, what was due."""

    reference: str
    paid: Decimal
    should_have_been: Decimal
    earlier_claimed: Decimal = Decimal("0.00")

    @property
    def difference(self) -> Decimal:
        """Paid too much on this request and not yet claimed back: paid − earlier claims − due."""
        return self.paid - self.earlier_claimed - self.should_have_been


def line_errors(line: Line) -> str | None:
    """Why a line cannot be claimed, or None: the claim never exceeds what was paid, less earlier claims."""
    if line.should_have_been < 0:
        return MSG_NEGATIVE
    if line.paid <= 0:
        return f"Der er ikke udbetalt noget for {line.reference}; der er intet at kræve tilbage."
    open_ = line.paid - line.earlier_claimed
    if open_ <= 0:
        return (
            f"Der er udbetalt {_kr(line.paid)} for {line.reference}, og hele beløbet er allerede krævet "
            "tilbage."
        )
    if line.difference <= 0:
        already = (
            f", og der er allerede krævet {_kr(line.earlier_claimed)} tilbage" if line.earlier_claimed else ""
        )
        return (
            f"Der er udbetalt {_kr(line.paid)} for {line.reference}{already}. Det rigtige beløb skal være "
            f"mindre end {_kr(open_)}, ellers er der intet at kræve tilbage."
        )
    return None


def total(lines: Sequence[Line]) -> Decimal:
    """The claim's amount: the sum of the lines' differences, in kroner and øre."""
    return sum((line.difference for line in lines), Decimal("0.00")) + Decimal("0.00")


def may_decide(*, response_due: date, answered: bool, today: date) -> bool:
    """FVL § 19: decide only once the employer has answered or the hearing deadline has passed.

    The deadline day itself still belongs to the employer, so deciding waits until the day after.
    """
    return answered or today > response_due


def hearing_deadline(sent: date, days: int = deadlines.HEARING_RESPONSE_DAYS) -> date:
    """Svarfrist i partshøringen om kravet (FVL § 19); 14 dage som praksis, flyttet til en arbejdsdag."""
    return deadlines.hearing_deadline(sent, days=days)


def payment_due(chosen: date) -> date:
    """The last day to pay the claim: a deadline the employer must meet, so it moves to a working day."""
    return deadlines.next_working_day(chosen)


def _kr(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{text} kr."
