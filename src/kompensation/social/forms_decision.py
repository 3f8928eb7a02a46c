"""The decision form under Serviceloven: it asks what the scheme's decision needs and nothing of PA's.

The form parses and states when a field is needed; the law (the circle, the measurement, the hours below the
need, the hearing, other help and training) is judged by `social.decisions.decision_errors`, whose messages
land beside the same fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms

from kompensation.cases.forms import DkfdsForm, HalfHourField, line, text
from kompensation.cases.models import Outcome, PeriodType
from kompensation.cases.schemes import Scheme
from kompensation.rules import social as rules
from kompensation.ui.fields import BoundedDateField, DanishDecimalField

from .decisions import PAYEES
from .models import TrainingOffer

ON_GRANT = "skal udfyldes ved bevilling"
AGAINST = "skal udfyldes ved afslag og delvis bevilling"
ON_REFUSAL = "skal udfyldes ved afslag"

MEASURED_FIELDS = (
    "hours_per_week",
    "standby_hours_per_week",
    "period_type",
    "end_date",
    "period_reason",
    "coverage",
    "below_need_reason",
    "training_offered",
    "employer_role",
    "payee_cpr",
    "payee_cvr",
)
AID_FIELDS = ("product", "supplier_cvr", "price")


class SocialDecisionForm(DkfdsForm):
    outcome = forms.ChoiceField(label="Afgørelse", widget=forms.RadioSelect)
    hours_per_week = HalfHourField(
        label="Bevilgede timer pr. uge i alt",
        required=False,
        help_text="Forslaget er det udmålte behov, som ordningen skal dække. Færre timer kræver en "
        "forklaring.",
    )
    standby_hours_per_week = HalfHourField(
        label="Heraf rådighedstimer pr. uge",
        required=False,
        help_text="0, hvis alle timer er egentlige timer.",
    )
    start_date = BoundedDateField(label="Bevillingen gælder fra", required=False)
    period_type = forms.ChoiceField(
        label="Periode", choices=PeriodType.choices, widget=forms.RadioSelect, required=False
    )
    end_date = BoundedDateField(label="Slutdato", required=False)
    period_reason = text("Hvorfor er bevillingen tidsbegrænset?", required=False, rows=2)
    coverage = text(
        "Sådan dækkes hele behovet",
        required=False,
        rows=4,
        help_text="Skriv, hvordan hele det udmålte behov dækkes – også den del, der dækkes efter andre "
        "bestemmelser (fx aflastning efter § 84 eller et hjælpemiddel efter § 112). Teksten står i brevet.",
    )
    below_need_reason = text(
        "Hvis der bevilges færre timer end behovet: hvordan dækkes resten?",
        required=False,
        rows=3,
        help_text="Står i brevet efter «… færre end de timer, behovet er udmålt til, fordi».",
    )
    employer_role = forms.ChoiceField(label="Arbejdsgiverrollen varetages af", widget=forms.RadioSelect)
    payee_cpr = line(
        "Den nærtståendes CPR-nummer",
        max_length=11,
        required=False,
        help_text="Slås op i CPR-registret.",
    )
    payee_cvr = line(
        "Foreningens eller virksomhedens CVR-nummer",
        max_length=8,
        required=False,
        help_text="Slås op i CVR-registret.",
    )
    product = line("Produkt (fabrikat og model)", max_length=200, required=False)
    supplier_cvr = line(
        "Leverandørens CVR-nummer", max_length=8, required=False, help_text="Slås op i CVR-registret."
    )
    price = DanishDecimalField(
        label="Pris i kr.", required=False, max_digits=10, decimal_places=2, min_value=Decimal(0)
    )
    partial_reason = text(
        "Delvis bevilling: hvad bevilges ikke, og hvorfor?",
        required=False,
        rows=3,
        help_text="Står i brevet efter «Du får ikke alt det, du har søgt om, fordi».",
    )
    other_help = text(
        "Anden hjælp, der er overvejet (retssikkerhedslovens § 5)",
        required=False,
        rows=3,
        help_text="Hvilken anden hjælp efter serviceloven, sundhedsloven eller anden lovgivning kan dække "
        "behovet, og kan en anden myndighed hjælpe? Teksten står i brevet.",
    )
    training_offered = forms.ChoiceField(
        label="Oplæring i at være arbejdsleder og arbejdsgiver (SEL § 85)",
        choices=TrainingOffer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = text(
        "Begrundelse (vurdering)",
        rows=6,
        help_text="Hvilke oplysninger lægger I vægt på, og hvorfor? (forvaltningslovens § 24)",
    )
    facts_commented = forms.BooleanField(
        label="Afgørelsen bygger kun på oplysninger, som borgeren selv har givet eller har udtalt sig om",
        required=False,
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        outcome = cast(forms.ChoiceField, self.fields["outcome"])
        outcome.choices = [(o, Outcome(o).label) for o in scheme.outcomes]
        outcome.error_messages["required"] = "Vælg bevilling, delvis bevilling eller afslag."
        self.fields["reasons"].error_messages["required"] = "Skriv begrundelsen for afgørelsen."
        drop = AID_FIELDS if scheme.measured else MEASURED_FIELDS
        for name in drop:
            del self.fields[name]
        if scheme.measured:
            role = cast(forms.ChoiceField, self.fields["employer_role"])
            role.choices = [(r, rules.EMPLOYER_ROLE_LABELS[r]) for r in PAYEES[scheme.code]]  # type: ignore[index]
            role.required = False
            if scheme.code == "cash":
                role.label = "Tilskuddet udbetales til"
                role.choices = [
                    ("person", "Borgeren selv"),
                    ("relative", "En nærtstående, der passer borgeren"),
                ]
                self.fields["payee_cpr"].help_text = (
                    "Den nærtstående, der passer borgeren helt eller delvis (SEL § 95 stk. 3). Slås op i "
                    "CPR-registret."
                )
                del self.fields["payee_cvr"]
            notes = {
                "hours_per_week": ON_GRANT,
                "period_type": ON_GRANT,
                "end_date": "skal udfyldes ved tidsbestemt bevilling",
                "period_reason": "skal udfyldes ved tidsbestemt bevilling",
                "coverage": ON_GRANT,
                "below_need_reason": "skal udfyldes, når der bevilges færre timer end behovet",
                "employer_role": ON_GRANT,
                "payee_cpr": "skal udfyldes, når en nærtstående modtager",
                "payee_cvr": "skal udfyldes ved forening eller virksomhed",
                "training_offered": AGAINST,
                "other_help": AGAINST,
            }
        else:
            notes = {
                "product": ON_GRANT,
                "supplier_cvr": ON_GRANT,
                "price": ON_GRANT,
                "other_help": ON_REFUSAL,
            }
            self.fields["start_date"].label = "Støtten gælder fra"
        notes |= {"start_date": ON_GRANT, "partial_reason": "skal udfyldes ved delvis bevilling"}
        for name, note in notes.items():
            if name in self.fields:
                self.fields[name].requirement_note = note  # type: ignore[attr-defined]

    def decision_data(self) -> dict[str, Any]:
        """The cleaned values as `social_decision_draft` takes them."""
        return dict(self.cleaned_data)
