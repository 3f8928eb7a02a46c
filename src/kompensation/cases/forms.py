"""Forms shared by the portal, the caseworker and the paper registration: one definition per field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.letters.parts import LetterParts, Part, has_part_heading, join
from kompensation.rules import eligibility, pa
from kompensation.ui.fields import (
    BoundedDateField,
    DanishDecimalField,
    WholeNumberField,
    replace_django_messages,
)

from .grant_kinds import GrantKindCode, InterpretingType
from .models import (
    Ability,
    AssistantKind,
    CaseStatus,
    Channel,
    DeadlineKind,
    DocumentType,
    EmploymentForm,
    EmploymentType,
    ImpairmentType,
    Outcome,
    PeriodType,
    RateType,
)
from .schemes import SchemeCode, scheme_of
from .selectors import FOLLOW_UPS
from .services import ACTIVE_STEP_KINDS
from .services.decisions import _interpreting_errors as interpreting_errors
from .validators import validate_cpr, validate_cvr, validate_half_hours, validate_period_hours

REQUIRED = {"required": "Feltet skal udfyldes."}
NULL_CHARACTER = "Teksten indeholder et ugyldigt tegn (et nul-tegn). Fjern det, og prøv igen."
CHOOSE_FROM_LIST = "Vælg en af mulighederne på listen."
_DEFAULT_INVALID_CHOICE = (
    forms.ChoiceField.default_error_messages["invalid_choice"],
    forms.MultipleChoiceField.default_error_messages["invalid_choice"],
    forms.ModelChoiceField.default_error_messages["invalid_choice"],
)


class DkfdsForm(forms.Form):
    """Sets DKFDS classes on widgets, so templates render every field the same way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.RadioSelect):
                css = "form-radio"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = "form-checkbox"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-input"
            if css:
                widget.attrs.setdefault("class", css)
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = REQUIRED["required"]
            if field.error_messages.get("invalid_choice") in _DEFAULT_INVALID_CHOICE:
                field.error_messages["invalid_choice"] = CHOOSE_FROM_LIST
            if isinstance(field, forms.CharField):
                field.error_messages["null_characters_not_allowed"] = NULL_CHARACTER
                if field.max_length and "max_length" not in field.error_messages:
                    field.error_messages["max_length"] = f"Teksten må højst være {field.max_length} tegn."
        self.replace_django_messages()

    def replace_django_messages(self) -> None:
        """Django's own wording out of every field, also those a subclass adds after this __init__."""
        for field in self.fields.values():
            replace_django_messages(field)

    def full_clean(self) -> None:
        self.replace_django_messages()
        super().full_clean()

    def run_service(self, action: Callable[[], object]) -> bool:
        """Call the service; its errors land on the form, so nothing the user typed is lost."""
        try:
            action()
        except ValidationError as error:
            self.add_service_errors(error)
            return False
        return True

    def add_service_errors(self, error: ValidationError) -> None:
        """Service errors name fields; those this form has go beside the field, the rest on top."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class HalfHourField(DanishDecimalField):
    """Hours in half-hour steps, written the Danish way ("7,5"); the half-hour rule is a validator."""

    def __init__(self, *, per_week: bool = True, **kwargs: Any) -> None:
        # Hours per week stop at 168; hours for a month or a quarter (a payment request) do not.
        kwargs.setdefault("max_digits", 4 if per_week else 6)
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault("error_messages", {}).setdefault(
            "invalid", "Skriv et antal timer som fx 7,5 — kun tal og komma før decimalerne."
        )
        kwargs["error_messages"].setdefault(
            "max_decimal_places", "Timer skal angives i hele eller halve timer."
        )
        kwargs["error_messages"].setdefault("negative", "Antallet af timer kan ikke være negativt.")
        too_many = "Der er højst 168 timer i en uge." if per_week else "Skriv højst 99.999,5 timer."
        kwargs["error_messages"].setdefault("max_digits", too_many)
        kwargs["error_messages"].setdefault("max_whole_digits", too_many)
        validator = validate_half_hours if per_week else validate_period_hours
        super().__init__(validators=[validator], **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "form-input input-width-xs"})

    def run_validators(self, value: Any) -> None:
        # The half-hour rule and the digit limits often object to the same value; one message is clearer.
        try:
            super().run_validators(value)
        except ValidationError as error:
            raise ValidationError(error.messages[0], code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal) and value.is_finite():
            return f"{value.normalize():f}".replace(".", ",")
        return value


def text(
    label: str,
    *,
    max_length: int = 5000,
    required: bool = True,
    rows: int = 4,
    help_text: str = "",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"Teksten må højst være {max_length} tegn."},
    )


def line(label: str, *, max_length: int = 120, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={"max_length": f"Teksten må højst være {max_length} tegn."},
    )


# --- the application, in parts ---------------------------------------------------------------------


class AboutYouForm(DkfdsForm):
    job_title = line("Stillingsbetegnelse", help_text="Fx bogholder, tømrer eller konsulent.")
    phone = line("Telefonnummer", max_length=20, required=False)
    email = forms.EmailField(
        label="E-mail", required=False, error_messages={"invalid": "Indtast en gyldig e-mailadresse."}
    )


class EmploymentStepForm(DkfdsForm):
    employer_cvr = forms.CharField(
        label="Virksomhedens CVR-nummer",
        max_length=10,
        validators=[validate_cvr],
        help_text="8 cifre. Virksomheden skal skrive under på ansøgningen bagefter.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-input input-width-s"}),
    )
    employment_type = forms.ChoiceField(
        label="Er du lønmodtager eller selvstændig?", choices=EmploymentType.choices, widget=forms.RadioSelect
    )
    employment_form = forms.ChoiceField(
        label="Ansættelsesform (kompensationsloven § 5)", choices=[("", "Vælg"), *EmploymentForm.choices]
    )


class ImpairmentStepForm(DkfdsForm):
    impairment_description = text(
        "Beskriv din funktionsnedsættelse",
        help_text="Hvad gør det svært for dig at udføre dine arbejdsopgaver?",
    )


class TasksStepForm(DkfdsForm):
    tasks_description = text("Hvilke arbejdsfunktioner søger du assistance til?")
    hours_sought = HalfHourField(
        label="Timer pr. uge med assistance",
        min_value=Decimal("0.5"),
        help_text="I hele eller halve timer, fx 7,5.",
    )
    hours_without_assistance = HalfHourField(
        label="Timer pr. uge du arbejder uden assistance", help_text="I hele eller halve timer."
    )
    period_from = BoundedDateField(label="Periode fra")
    until_further_notice = forms.BooleanField(label="Indtil videre (ingen slutdato)", required=False)
    period_to = BoundedDateField(label="Periode til", required=False)
    travel = forms.BooleanField(
        label="Jeg har arbejdsrejser, hvor jeg har brug for assistance", required=False
    )
    travel_description = text(
        "Beskriv rejserne",
        required=False,
        rows=3,
        help_text="Hver rejse kræver en særskilt ansøgning med formål og udgifter.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours_sought"].error_messages["min_value"] = "Du skal søge mindst en halv time om ugen."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if not data.get("until_further_notice") and not end and "period_to" not in self.errors:
            self.add_error("period_to", "Angiv en slutdato, eller vælg «indtil videre».")
        if start and end and end < start:
            self.add_error("period_to", "Slutdatoen skal ligge efter startdatoen.")
        if data.get("travel") and not (data.get("travel_description") or "").strip():
            self.add_error("travel_description", "Beskriv rejserne i arbejdet.")
        return data


class AssistantForm(DkfdsForm):
    kind = forms.ChoiceField(
        label="Hvem er assistenten?", choices=AssistantKind.choices, widget=forms.RadioSelect, required=False
    )
    name = line("Navn (person eller firma)", max_length=200, required=False)
    cpr = forms.CharField(
        label="Assistentens CPR-nummer (kun ansat i virksomheden)",
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("cpr") and not data.get("kind"):
            return data
        if not data.get("kind"):
            self.add_error("kind", "Vælg om assistenten er ansat i virksomheden eller ekstern.")
        if not data.get("name"):
            self.add_error("name", "Skriv assistentens navn eller firmaets navn.")
        if data.get("kind") == AssistantKind.INTERNAL:
            try:
                validate_cpr(data.get("cpr") or "")
            except ValidationError as exc:
                self.add_error("cpr", exc)
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("name"))


AssistantFormSet = forms.formset_factory(AssistantForm, extra=0, min_num=3, max_num=3)


class AssistantApprovalForm(DkfdsForm):
    assistant_approved = forms.BooleanField(
        label="Jeg godkender valget af assistent",
        required=False,
    )


class DeclarationForm(DkfdsForm):
    declaration = forms.BooleanField(
        label="Jeg erklærer på tro og love, at oplysningerne er rigtige",
        required=False,
    )


class DocumentUploadForm(DkfdsForm):
    doc_type = forms.ChoiceField(
        label="Hvad er det for et dokument?", choices=[("", "Vælg"), *DocumentType.choices]
    )
    file = forms.FileField(
        label="Fil",
        help_text="PDF, Word (DOCX), JPG eller PNG, højst 10 MB.",
        error_messages={"required": "Vælg en fil.", "empty": "Filen er tom."},
    )


class OptionalDocumentForm(DkfdsForm):
    """A document sent along with a step's other answers, so nothing typed is lost by uploading."""

    doc_type = forms.ChoiceField(
        label="Hvad er det for et dokument?", required=False, choices=[("", "Vælg"), *DocumentType.choices]
    )
    file = forms.FileField(
        label="Vedhæft dokumentation",
        required=False,
        help_text="PDF, Word (DOCX), JPG eller PNG, højst 10 MB.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file") and not data.get("doc_type"):
            self.add_error("doc_type", "Vælg hvilken slags dokument det er.")
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        for message in error.messages:
            self.add_error("file", message)


class EmployerPartForm(DkfdsForm):
    employer_contact_name = line("Underskrivers navn")
    employer_contact_role = forms.ChoiceField(
        label="Underskrivers funktion",
        choices=[("", "Vælg"), ("owner", "Ejer"), ("hr", "HR"), ("management", "Ledelse")],
    )
    working_hours = HalfHourField(label="Personens arbejdstid pr. uge", min_value=Decimal("0.5"))
    employment_start = BoundedDateField(label="Ansat fra")


class CosignForm(EmployerPartForm):
    contract = forms.FileField(
        label="Ansættelseskontrakt", required=False, help_text="PDF, Word (DOCX), JPG eller PNG, højst 10 MB."
    )
    declaration = forms.BooleanField(
        label="Virksomheden erklærer på tro og love, at oplysningerne er rigtige", required=False
    )


class PaperApplicationForm(
    AboutYouForm, EmploymentStepForm, ImpairmentStepForm, TasksStepForm, EmployerPartForm
):
    cpr = forms.CharField(
        label="Personens CPR-nummer",
        max_length=11,
        validators=[validate_cpr],
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
    )
    received_on = BoundedDateField(label="Ansøgningen er modtaget", initial=timezone.localdate)
    channel = forms.ChoiceField(
        label="Modtaget som",
        choices=[c for c in Channel.choices if c[0] != "online"],
        widget=forms.RadioSelect,
        initial=Channel.PAPER,
    )
    assistant_approved = forms.BooleanField(label="Personen har godkendt valget af assistent", required=False)
    document = forms.FileField(
        label="Dokumentation",
        required=False,
        help_text="PDF, Word (DOCX), JPG eller PNG, højst 10 MB.",
    )
    document_type = forms.ChoiceField(label="Dokumenttype", choices=DocumentType.choices, required=False)

    field_order = ["cpr", "received_on", "channel", "employer_cvr", "job_title"]


# --- the caseworker's forms ------------------------------------------------------------------------


class ActiveStepForm(DkfdsForm):
    kind = forms.ChoiceField(
        label="Skridt", choices=list(ACTIVE_STEP_KINDS.items()), widget=forms.RadioSelect
    )
    on = BoundedDateField(label="Dato", initial=timezone.localdate)
    note = text("Notat", required=False, rows=3)


class InvestigationForm(DkfdsForm):
    working_hours = HalfHourField(label="Arbejdstid pr. uge", min_value=Decimal("0.5"), required=False)
    impairment_type = forms.ChoiceField(
        label="Funktionsnedsættelse", choices=ImpairmentType.choices, widget=forms.RadioSelect, required=False
    )
    no_documentation_reason = text(
        "Begrundelse, hvis dokumentation ikke er nødvendig",
        required=False,
        rows=2,
        help_text="Fx åbenlys funktionsnedsættelse eller lang sagshistorik.",
    )
    compatibility_assessment = text(
        "Vurdering af forenelighed med erhvervet (§ 6 stk. 3)",
        required=False,
        help_text="Udfører personen kerneopgaverne selv?",
    )
    aids_considered = text("Hjælpemidler overvejet", required=False, rows=2)
    flex_job_compensation = text(
        "Fleksjob: hvad kompenserer fleksjobbet allerede for?", required=False, rows=2
    )
    pa_covers = text("Fleksjob: hvad dækker personlig assistance?", required=False, rows=2)
    tier = forms.ChoiceField(
        label="Timeniveau (BEK § 15)",
        choices=list(pa.TIER_LABELS.items()),
        widget=forms.RadioSelect,
        initial="standard",
    )
    concrete_assessment = text("Konkret vurdering (kræves over standardgrænsen)", required=False)


class DialogTaskForm(DkfdsForm):
    task = line("Arbejdsopgave", max_length=200, required=False)
    minutes_per_week = WholeNumberField(
        label="Minutter pr. uge",
        min_value=0,
        max_value=10080,
        required=False,
        error_messages={"invalid": "Angiv minutter som et helt tal."},
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )
    ability = forms.ChoiceField(label="Kan udføre", choices=[("", "Vælg"), *Ability.choices], required=False)
    assistant_does = line("Hvad assistenten gør", max_length=300, required=False)

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(k) not in (None, "") for k in ("task", "minutes_per_week", "ability"))


DialogFormSet = forms.formset_factory(DialogTaskForm, extra=3, max_num=40)


class HearingForm(DkfdsForm):
    facts = text(
        "Oplysninger personen høres over", help_text="Skriv de faktiske oplysninger, I lægger vægt på."
    )
    response_days = WholeNumberField(
        label="Svarfrist i dage",
        error_messages={"invalid": "Angiv svarfristen som et helt antal dage, fx 14."},
        initial=14,
        min_value=7,
        max_value=56,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
    )


class HearingResponseForm(DkfdsForm):
    received_on = BoundedDateField(label="Svar modtaget", initial=timezone.localdate)
    response = text("Personens svar")


class HearingAnswerForm(DkfdsForm):
    """The person's own answer to a hearing, on «Min sag»."""

    response = text(
        "Dit svar",
        help_text="Skriv, hvad du mener om oplysningerne. Har du ingen bemærkninger, så skriv det.",
        rows=6,
    )
    document = forms.FileField(
        label="Vedhæft et dokument (valgfrit)",
        required=False,
        help_text="Fx en lægeerklæring. PDF, Word (DOCX), JPG eller PNG, højst 10 MB.",
    )


ON_GRANT = "skal udfyldes ved bevilling"
ON_ASSISTANCE = "kun ved personlig assistance"
ON_INTERPRETING = "kun ved tolkning"


class DecisionForm(DkfdsForm):
    """The caseworker's decision. Fields a grant needs are optional for a refusal, and their labels say so.

    `clean` reports every missing piece at once; the service then judges the law (documentation, hearing,
    the hours limit) and its errors land beside the same fields.
    """

    outcome = forms.ChoiceField(
        label="Afgørelse",
        choices=[(value, label) for value, label in Outcome.choices if value != Outcome.END],
        widget=forms.RadioSelect,
    )
    grant_kind = forms.ChoiceField(
        label="Ydelse",
        # Personal assistance's own kinds (cases.schemes); the social schemes decide on their own page.
        choices=[(c, GrantKindCode(c).label) for c in scheme_of(SchemeCode.PA).grant_kinds],
        widget=forms.RadioSelect,
        initial=GrantKindCode.ASSISTANCE,
    )
    hours_per_week = HalfHourField(label="Timer pr. uge", required=False, min_value=Decimal("0.5"))
    start_date = BoundedDateField(label="Startdato", required=False)
    period_type = forms.ChoiceField(
        label="Periode", choices=PeriodType.choices, widget=forms.RadioSelect, required=False
    )
    end_date = BoundedDateField(label="Slutdato", required=False)
    period_reason = text("Begrundelse for perioden", required=False, rows=2)
    partial_reason = text(
        "Delvis bevilling: hvorfor bevilges der mindre end søgt?",
        required=False,
        rows=3,
        help_text="Står i brevet efter «Du får bevilget … timer om ugen fra … til …, fordi». "
        "Skriv fx «dialogskemaet viser et behov på 7 timer om ugen».",
    )
    rate_type = forms.ChoiceField(
        label="Sats",
        choices=RateType.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=RateType.STANDARD,
    )
    rate_reason = text("Begrundelse for forhøjet sats", required=False, rows=2)
    assistants = forms.MultipleChoiceField(
        label="Assistenter", widget=forms.CheckboxSelectMultiple, required=False
    )
    # Interpreting instead of an employed assistant (BEK § 12 stk. 4). Shown always, so the page works without
    # JavaScript; the labels say the fields are for an interpreting grant only.
    interpreting_type = forms.ChoiceField(
        label="Tolkningens art",
        choices=InterpretingType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    agencies = forms.MultipleChoiceField(
        label="Godkendte tolkebureauer", widget=forms.CheckboxSelectMultiple, required=False
    )
    agency_choice_approved_on = BoundedDateField(
        label="Dato, hvor borgeren godkendte valget af tolkebureau",
        required=False,
        help_text="Borgeren skal inddrages i og godkende valget, før tolkningen begynder "
        "(BEK § 12 stk. 5–6).",
    )
    refusal_grounds = forms.MultipleChoiceField(
        label="Afslag: hvilke betingelser er ikke opfyldt?",
        choices=eligibility.REFUSAL_GROUND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Brevet nævner den konkrete regel for hver grund.",
    )
    other_help = text(
        "Afslag: anden hjælp, vi har overvejet",
        required=False,
        rows=2,
        help_text="Fx hjælpemidler, fleksjob eller mentor. Teksten står i brevet.",
    )
    reasons = text(
        "Begrundelse (konklusion)",
        rows=6,
        help_text="Hvilke oplysninger lægger I vægt på, og hvorfor? (forvaltningsloven § 24)",
    )
    facts_commented = forms.BooleanField(
        label="Afgørelsen bygger kun på oplysninger, som personen selv har givet eller har udtalt sig om",
        required=False,
    )

    # Field -> (when it must be filled in, as the label says it; the message when it is not).
    CONDITIONAL = {
        "hours_per_week": (ON_GRANT, "Skriv antal timer pr. uge, fx 7 eller 7,5."),
        "start_date": (ON_GRANT, "Skriv startdatoen, fx 01.02.2026."),
        "period_type": (ON_GRANT, "Vælg tidsbestemt eller indtil videre."),
        "end_date": (
            "skal udfyldes ved tidsbestemt bevilling",
            "Skriv slutdatoen for den tidsbestemte bevilling.",
        ),
        "period_reason": (ON_GRANT, "Skriv, hvorfor du vælger perioden (BEK § 15 stk. 4)."),
        "rate_type": (ON_ASSISTANCE, "Vælg standardsats eller forhøjet sats."),
        "rate_reason": ("skal udfyldes ved forhøjet sats", "Skriv, hvorfor satsen er forhøjet."),
        "assistants": (ON_ASSISTANCE, "Vælg mindst én assistent."),
    }
    # Asked only for an interpreting grant; the messages are the decision service's own.
    INTERPRETING = ("interpreting_type", "agencies", "agency_choice_approved_on")
    ASSISTANCE_ONLY = ("rate_type", "rate_reason", "assistants")

    def __init__(
        self,
        *args: Any,
        assistant_choices: list[tuple[int, str]] | None = None,
        agency_choices: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("grant_kind"):
            # A post without a kind (a form from before interpreting, a script) decides personal assistance,
            # as the decision service does.
            data: Any = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
            data["grant_kind"] = GrantKindCode.ASSISTANCE
            self.data = data
        cast(forms.MultipleChoiceField, self.fields["assistants"]).choices = [
            (str(k), v) for k, v in (assistant_choices or [])
        ]
        cast(forms.MultipleChoiceField, self.fields["agencies"]).choices = [
            (str(k), v) for k, v in (agency_choices or [])
        ]
        for name in self.INTERPRETING:
            self.fields[name].requirement_note = ON_INTERPRETING  # type: ignore[attr-defined]
        self.fields["reasons"].error_messages["required"] = "Skriv begrundelsen for afgørelsen."
        self.fields["outcome"].error_messages["required"] = "Vælg bevilling, delvis bevilling eller afslag."
        self.fields["grant_kind"].error_messages["required"] = "Vælg personlig assistance eller tolkning."
        for name, (when, _) in self.CONDITIONAL.items():
            self.fields[name].requirement_note = when  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") not in (Outcome.GRANT, Outcome.PARTIAL_GRANT):
            return data
        interpreting = data.get("grant_kind") == GrantKindCode.INTERPRETING
        needed = {name for name in self.CONDITIONAL if name not in ("end_date", "rate_reason")}
        if data.get("period_type") == PeriodType.TIME_LIMITED:
            needed.add("end_date")
        if data.get("rate_type") == RateType.RAISED:
            needed.add("rate_reason")
        if interpreting:
            # The agency is paid per session at the national interpreting rates (BEK § 24): no wage rate and
            # no assistant. The service still records a rate, so it gets the standard one.
            needed -= set(self.ASSISTANCE_ONLY)
            data |= {"rate_type": RateType.STANDARD, "rate_reason": "", "assistants": []}
            agencies = data.get("agencies") or []
            for name, message in interpreting_errors(data, len(agencies)).items():
                if name not in self.errors:
                    self.add_error(name, message)
        for name in sorted(needed, key=list(self.fields).index):
            value = data.get(name)
            empty = value is None or (isinstance(value, str | list) and not "".join(value).strip())
            if empty and name not in self.errors:
                self.add_error(name, self.CONDITIONAL[name][1])
        return data


class LateNoticeForm(DkfdsForm):
    expected_on = BoundedDateField(label="Personen kan forvente afgørelsen senest")
    reason = text(
        "Hvorfor bliver afgørelsen forsinket?",
        max_length=2000,
        rows=3,
        help_text="Står i brevet efter «fordi». Skriv fx «vi venter på en udtalelse fra din læge».",
    )


class LetterEditForm(DkfdsForm):
    """The whole letter in one text: for a letter whose body no longer has the five numbered parts."""

    body = text(
        "Brevtekst",
        max_length=50000,
        rows=30,
        help_text="«## » i starten af en linje giver en overskrift, «- » et punkt. Klagevejledningen "
        "tilføjes automatisk.",
    )

    def body_text(self) -> str:
        return str(self.cleaned_data["body"])


class DecisionLetterForm(DkfdsForm):
    """The decision letter part by part (Herning's five parts); the numbered headings stay fixed."""

    HINT = "«## » i starten af en linje giver en underoverskrift, «- » et punkt."

    def __init__(self, *args: Any, letter_parts: LetterParts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.letter_parts = letter_parts
        self.fields["opening"] = text("Indledning", max_length=5000, rows=3)
        self.initial.setdefault("opening", letter_parts.opening)
        for part in letter_parts.parts:
            name = f"part_{part.number}"
            self.fields[name] = text(part.heading, max_length=20000, rows=8, help_text=self.HINT)
            self.initial.setdefault(name, part.text)
        # The parent set the design system's classes before these fields existed.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-input")
            field.error_messages["required"] = "Skriv teksten til denne del af brevet."
            field.error_messages["null_characters_not_allowed"] = NULL_CHARACTER

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for part in self.letter_parts.parts:
            name = f"part_{part.number}"
            if has_part_heading(data.get(name) or ""):
                self.add_error(
                    name, "Overskrifterne «## 1.» til «## 5.» ligger fast. Fjern dem fra teksten i feltet."
                )
        return data

    def body_text(self, *, data: dict[str, Any] | None = None) -> str:
        """The letter body the parts make; `data` may be the raw, unvalidated form data (the preview)."""
        values = self.cleaned_data if data is None else data
        parts = [
            Part(number=p.number, heading=p.heading, text=str(values.get(f"part_{p.number}") or ""))
            for p in self.letter_parts.parts
        ]
        return join(str(values.get("opening") or ""), parts)


class CaseworkerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AssignForm(DkfdsForm):
    caseworker: CaseworkerChoiceField = CaseworkerChoiceField(
        label="Sagsbehandler",
        queryset=None,
        empty_label="Vælg",
        error_messages={"invalid_choice": "Vælg en sagsbehandler fra listen."},
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kompensation.accounts.models import Role, User

        field = cast(CaseworkerChoiceField, self.fields["caseworker"])
        field.queryset = User.objects.filter(
            role=Role.CASEWORKER, municipality_id=municipality_id, is_active=True
        )


class GrantStopForm(DkfdsForm):
    """The decision that ends a running grant at once (BEK § 29): from when, why, and how the person was
    heard. It is sent with a letter to the person and one to the employer (`services.grant_end`)."""

    last_day = BoundedDateField(
        label="Sidste dag med bevilling",
        initial=timezone.localdate,
        help_text="Der udbetales tilskud til og med denne dag; en anmodning for tiden derefter afvises.",
    )
    reasons = text(
        "Begrundelse",
        max_length=5000,
        rows=3,
        help_text="Hvilken ændring, hvornår den skete, og hvorfor bevillingen derfor ophører (BEK § 29).",
    )
    hearing_note = text(
        "Partshøring",
        max_length=2000,
        rows=2,
        help_text="Hvordan personen er hørt, eller hvorfor det ikke er nødvendigt (forvaltningslovens § 19).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most stops rest on the party's own change report: facts the party knows need no hearing.
        self.fields["hearing_note"].initial = (
            "Oplysningerne om ændringen kommer fra jer selv, så der er ikke foretaget partshøring "
            "(forvaltningslovens § 19 stk. 1)."
        )


class JournalNoteForm(DkfdsForm):
    text = text("Journalnotat", max_length=10000, rows=3)


# Ten digits, optionally split after the birth date: a full CPR number anywhere in the search text.
FULL_CPR = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")
FULL_CPR_SEARCH_MESSAGE = "Søg ikke på fuldt CPR-nummer. Brug fødselsdatoen (ddmmåå) eller navnet."


class InboxFilterForm(DkfdsForm):
    """Posted, never sent as GET: the search text must not end up in a URL or a server log."""

    marks_optional = False  # every filter is optional; "(valgfri)" on each would only be noise

    q = line(
        "Søg",
        max_length=100,
        required=False,
        help_text="Sagsnummer (fx PA-2026-000031 eller 31), navn, fødselsdato (ddmmåå) eller CVR-nummer.",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Alle åbne"),
            *CaseStatus.choices,
            ("klager", "Klager (genvurdering, Ankestyrelsen, hjemvist)"),
            ("alle", "Alle, også afgjorte"),
        ],
    )
    deadline = forms.ChoiceField(
        label="Frist",
        required=False,
        choices=[("", "Alle"), ("overdue", "Overskredet"), ("week", "Inden for 7 dage")],
    )
    kind = forms.ChoiceField(
        label="Fristtype",
        required=False,
        choices=[
            ("", "Alle frister"),
            (FOLLOW_UPS, "Opfølgning (første og efter plan)"),
            *DeadlineKind.choices,
        ],
        help_text="Kun sager, hvor en frist af denne type er åben.",
    )
    scheme = forms.ChoiceField(
        label="Ordning", required=False, choices=[("", "Alle ordninger"), *SchemeCode.choices]
    )
    mine = forms.BooleanField(label="Kun mine og ufordelte sager", required=False)

    def clean_q(self) -> str:
        q: str = self.cleaned_data.get("q", "")
        if FULL_CPR.search(q):
            raise ValidationError(FULL_CPR_SEARCH_MESSAGE)
        return q.strip()


def today() -> dt.date:
    return timezone.localdate()
