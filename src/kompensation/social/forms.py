"""Forms for applying under Serviceloven: the caseworker's registration and the citizen's steps on Mine sider.

They only parse what is typed; what is sought is checked by the services (`social.services._sought_errors`),
so the caseworker and the citizen get the same messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from kompensation.cases.forms import DkfdsForm, HalfHourField, line, text
from kompensation.cases.models import Channel
from kompensation.cases.schemes import SOCIAL_SCHEMES, SchemeCode, scheme_of
from kompensation.cases.validators import validate_cpr
from kompensation.ui.fields import BoundedDateField

# One plain-Danish line per scheme: what it is, as the person would put it.
SCHEME_LINES: dict[str, str] = {
    SchemeCode.BPA: (
        "Borgerstyret personlig assistance (BPA, serviceloven § 96): meget hjælp i hverdagen, også uden for "
        "hjemmet, med hjælpere som borgeren selv leder."
    ),
    SchemeCode.CASH: (
        "Kontant tilskud til hjælpere (serviceloven § 95): penge til selv at ansætte hjælpere til personlig "
        "pleje og praktisk hjælp i mere end 20 timer om ugen."
    ),
    SchemeCode.AID: (
        "Hjælpemiddel (serviceloven § 112): et produkt lavet til mennesker med en funktionsnedsættelse, fx "
        "en kørestol, en badestol eller et skylle-tørretoilet."
    ),
    SchemeCode.CONSUMER_GOOD: (
        "Forbrugsgode (serviceloven § 113): et almindeligt produkt, som alle kan købe, fx en el-scooter, men "
        "som borgeren har brug for på grund af funktionsnedsættelsen. Der gives normalt 50 % af prisen."
    ),
}
SCHEME_CHOICES = [(code, SCHEME_LINES[code]) for code in SOCIAL_SCHEMES]
# The citizen's words for the same schemes («you»).
CITIZEN_SCHEME_CHOICES: list[tuple[str, str]] = [
    (
        SchemeCode.BPA,
        "BPA – borgerstyret personlig assistance: Jeg har brug for meget hjælp i hverdagen, også uden for "
        "hjemmet, og vil selv lede mine hjælpere.",
    ),
    (
        SchemeCode.CASH,
        "Kontant tilskud: Jeg vil have penge til selv at ansætte hjælpere til pleje og praktisk hjælp i "
        "mere end 20 timer om ugen.",
    ),
    (
        SchemeCode.AID,
        "Hjælpemiddel: Jeg har brug for et produkt lavet til mennesker med en funktionsnedsættelse, fx en "
        "kørestol eller en badestol.",
    ),
    (
        SchemeCode.CONSUMER_GOOD,
        "Forbrugsgode: Jeg har brug for et almindeligt produkt, som alle kan købe, fx en el-scooter, på "
        "grund af min funktionsnedsættelse.",
    ),
]


def _hours_field(label: str, help_text: str) -> HalfHourField:
    field = HalfHourField(label=label, min_value=Decimal("0.5"), required=False, help_text=help_text)
    field.error_messages["min_value"] = "Skriv mindst en halv time om ugen, eller lad feltet stå tomt."
    return field


class SocialRegisterForm(DkfdsForm):
    """The caseworker registers an application that came by letter or e-mail (`social:new`)."""

    scheme = forms.ChoiceField(label="Hvad søges der om?", choices=SCHEME_CHOICES, widget=forms.RadioSelect)
    cpr = forms.CharField(
        label="Borgerens CPR-nummer",
        max_length=11,
        validators=[validate_cpr],
        help_text="Personen slås op i CPR-registret; navn og adresse hentes derfra.",
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
    )
    received_on = BoundedDateField(label="Ansøgningen er modtaget", initial=timezone.localdate)
    channel = forms.ChoiceField(
        label="Modtaget som",
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        widget=forms.RadioSelect,
        initial=Channel.PAPER,
    )
    product = line(
        "Produkt", max_length=150, required=False, help_text="Fx kørestol eller skylle-tørretoilet."
    )
    tasks_description = text(
        "Hvad søges der om hjælp til?",
        required=False,
        help_text="Med borgerens egne ord, fx personlig pleje, rengøring, indkøb, ledsagelse.",
    )
    impairment_description = text("Funktionsnedsættelsen", required=False, rows=3)
    hours_sought = _hours_field(
        "Søgte timer pr. uge", "Hvis ansøgningen nævner et antal timer. I hele eller halve timer, fx 37,5."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The service says which of these the chosen scheme needs; the labels say it in advance.
        self.fields["product"].requirement_note = "skal udfyldes ved hjælpemiddel og forbrugsgode"  # type: ignore[attr-defined]
        self.fields["tasks_description"].requirement_note = "skal udfyldes ved BPA og kontant tilskud"  # type: ignore[attr-defined]
        self.fields["hours_sought"].requirement_note = "valgfri, kun BPA og kontant tilskud"  # type: ignore[attr-defined]


# --- the citizen's steps on Mine sider ------------------------------------------------------------------


class ApplySchemeForm(DkfdsForm):
    scheme = forms.ChoiceField(
        label="Hvad vil du søge om?",
        choices=CITIZEN_SCHEME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg hvad du vil søge om."},
    )


class ApplyNeedForm(DkfdsForm):
    """What the person needs help with; the fields follow the scheme chosen in the first step."""

    product = line(
        "Hvilket hjælpemiddel søger du om?",
        max_length=150,
        help_text="Fx en kørestol, en badestol eller et skylle-tørretoilet.",
    )
    tasks_description = text(
        "Hvad har du brug for hjælp til?",
        help_text="Fx bad og påklædning, madlavning, rengøring, indkøb, at komme ud og deltage i fritidsliv.",
    )
    hours_sought = _hours_field(
        "Hvor mange timer om ugen tror du, du har brug for hjælp?",
        "Hvis du ved det. Kommunen udmåler selv behovet sammen med dig. I hele eller halve timer, fx 37,5.",
    )
    impairment_description = text(
        "Beskriv din funktionsnedsættelse",
        required=False,
        rows=3,
        help_text="Hvad gør det svært for dig at klare hverdagen?",
    )

    def __init__(self, *args: Any, scheme: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scheme_of(scheme).measured:
            del self.fields["product"]
        else:
            del self.fields["hours_sought"]
            self.fields["product"].error_messages["required"] = "Skriv hvilket produkt du søger om."
            if scheme == SchemeCode.CONSUMER_GOOD:
                self.fields["product"].label = "Hvilket produkt søger du om?"
                self.fields["product"].help_text = "Fx en el-scooter."
            tasks = self.fields["tasks_description"]
            tasks.label = "Hvad skal det hjælpe dig med?"
            tasks.help_text = "Fx at komme rundt i hjemmet, i bad eller på toilettet uden hjælp."
            tasks.required = False


class ApplyDeclarationForm(DkfdsForm):
    declaration = forms.BooleanField(label="Jeg bekræfter, at oplysningerne er rigtige", required=False)
