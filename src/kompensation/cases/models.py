"""The case and what it is built from: person, employer, application, investigation, decision, grant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from kompensation import formats
from kompensation.accounts.models import Municipality
from kompensation.rules.pa import TIER_CHOICES, TIER_LABELS, Tier, weekly_hours_limit

from .grant_kinds import GrantKind, GrantKindCode, InterpretingType, grant_kind
from .schemes import Scheme, SchemeCode, scheme_of


class Person(models.Model):
    cpr = models.CharField("CPR-nummer", max_length=10, unique=True)
    first_name = models.CharField("fornavn", max_length=100)
    last_name = models.CharField("efternavn", max_length=100)
    address = models.CharField("adresse", max_length=200, blank=True)
    postcode = models.CharField("postnummer", max_length=4, blank=True)
    city = models.CharField("by", max_length=100, blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name="bopælskommune")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_cpr})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)


def mask_cpr(cpr: str) -> str:
    """Birth date only; the serial part is the sensitive half."""
    return f"{cpr[:6]}-xxxx" if len(cpr) == 10 else "xxxxxx-xxxx"


class Employer(models.Model):
    cvr = models.CharField("CVR-nummer", max_length=8, unique=True)
    name = models.CharField("navn", max_length=200)
    address = models.CharField("adresse", max_length=200, blank=True)
    postcode = models.CharField("postnummer", max_length=4, blank=True)
    city = models.CharField("by", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "virksomhed"
        verbose_name_plural = "virksomheder"

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "Modtaget"
    INVESTIGATING = "investigating", "Under oplysning"
    HEARING = "hearing", "Partshøring"
    DECIDED = "decided", "Afgjort"
    # After a decision (cases/lifecycle.py): a complaint is re-assessed, may go on to Ankestyrelsen, and a
    # remand brings the case back for a new decision.
    COMPLAINT = "complaint", "Klage – genvurderes"
    FORWARDED = "forwarded", "Sendt til Ankestyrelsen"
    REMANDED = "remanded", "Hjemvist – ny afgørelse"
    # A follow-up concluded that the support must change: the case is decided again (followup app).
    FOLLOW_UP = "follow_up", "Opfølgning – ny afgørelse"


class Case(models.Model):
    scheme = models.CharField("ordning", max_length=16, choices=SchemeCode.choices, default=SchemeCode.PA)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name="kommune")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", verbose_name="person")
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="virksomhed",
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name="sagsbehandler",
    )
    status = models.CharField(
        "status", max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    received_on = models.DateField("ansøgning modtaget")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "sag"
        verbose_name_plural = "sager"
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"Sag {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.scheme_config.prefix}-{self.received_on.year}-{self.pk:06d}"

    @property
    def scheme_config(self) -> Scheme:
        return scheme_of(self.scheme)

    @property
    def administration(self) -> str:
        """«Jobcenter Aarhus» or «Socialforvaltningen i Aarhus Kommune»: who decides, as letters name it."""
        return self.scheme_config.administration_name(self.municipality.name)


class EmploymentType(models.TextChoices):
    EMPLOYEE = "employee", "Lønmodtager"
    SELF_EMPLOYED = "self_employed", "Selvstændig erhvervsdrivende"


class EmploymentForm(models.TextChoices):
    """Kompensationsloven § 5 stk. 1 and the groups the audit saw (§ 4, § 5 stk. 2)."""

    ORDINARY = "ordinary", "Ordinære løn- og ansættelsesvilkår"
    WAGE_SUBSIDY = "wage_subsidy", "Job med løntilskud"
    FLEX_JOB = "flex_job", "Fleksjob"
    INTERNSHIP = "internship", "Virksomhedspraktik"
    SENIOR_JOB = "senior_job", "Seniorjob"
    PENSIONER = "pensioner", "Pensionist i job"
    SELF_EMPLOYED = "self_employed", "Selvstændig erhvervsdrivende"
    EDUCATION = "education", "Efter- og videreuddannelse (§ 5 stk. 2)"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Kladde"
    AWAITING_EMPLOYER = "awaiting_employer", "Afventer virksomhedens underskrift"
    SUBMITTED = "submitted", "Indsendt"


class Channel(models.TextChoices):
    ONLINE = "online", "Digital ansøgning"
    PAPER = "paper", "Papirblanket"
    EMAIL = "email", "E-mail"


class Application(models.Model):
    """BEK § 21 stk. 2: what an application for personal assistance must contain."""

    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    channel = models.CharField("kanal", max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    scheme = models.CharField("ordning", max_length=16, choices=SchemeCode.choices, default=SchemeCode.PA)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT)
    case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="application"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The person's part
    job_title = models.CharField("stillingsbetegnelse", max_length=120, blank=True)
    phone = models.CharField("telefon", max_length=20, blank=True)
    email = models.EmailField("e-mail", blank=True)
    employment_type = models.CharField(
        "ansættelse", max_length=16, choices=EmploymentType.choices, blank=True
    )
    employment_form = models.CharField(
        "ansættelsesform", max_length=16, choices=EmploymentForm.choices, blank=True
    )
    impairment_description = models.TextField("funktionsnedsættelsens art", blank=True)
    tasks_description = models.TextField("arbejdsfunktioner der søges assistance til", blank=True)
    hours_sought = models.DecimalField("timer pr. uge der søges", max_digits=5, decimal_places=1, null=True)
    hours_without_assistance = models.DecimalField(
        "timer pr. uge uden assistance", max_digits=5, decimal_places=1, null=True
    )
    period_from = models.DateField("periode fra", null=True)
    period_to = models.DateField("periode til", null=True, blank=True)
    until_further_notice = models.BooleanField("indtil videre", default=False)
    travel = models.BooleanField("arbejdsrejser", default=False)
    travel_description = models.TextField("rejser", blank=True)
    assistant_approved = models.BooleanField("godkender valget af assistent", default=False)
    citizen_signed_at = models.DateTimeField(null=True, blank=True)

    # The employer's part
    employer_contact_name = models.CharField("underskrivers navn", max_length=120, blank=True)
    employer_contact_role = models.CharField("underskrivers funktion", max_length=20, blank=True)
    working_hours = models.DecimalField("arbejdstid pr. uge", max_digits=5, decimal_places=1, null=True)
    employment_start = models.DateField("ansat fra", null=True, blank=True)
    employer_signed_at = models.DateTimeField(null=True, blank=True)
    employer_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cosign_requested_at = models.DateTimeField(null=True, blank=True)
    # A renewal of a time-limited grant starts as a copy of the earlier application (followup app).
    renews = models.ForeignKey(
        "cases.Grant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
        verbose_name="fornyer bevilling",
    )
    cosign_reminded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ansøgning"
        verbose_name_plural = "ansøgninger"
        constraints = [
            # A double-click on «Søg om personlig assistance» must not leave two drafts to confuse the person.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="draft"), name="one_draft_per_person"
            )
        ]

    @property
    def reference(self) -> str:
        """The number the person can quote before the case (and its case number) exists."""
        return f"ANS-{self.created_at:%Y}-{self.pk:06d}"


class AssistantKind(models.TextChoices):
    INTERNAL = "internal", "Ansat i virksomheden"
    EXTERNAL = "external", "Ekstern virksomhed (rekvireret)"


class Assistant(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assistants")
    kind = models.CharField("type", max_length=10, choices=AssistantKind.choices)
    name = models.CharField("navn", max_length=200)
    cpr = models.CharField("CPR-nummer", max_length=10, blank=True)

    class Meta:
        verbose_name = "assistent"
        verbose_name_plural = "assistenter"

    def __str__(self) -> str:
        if self.kind == AssistantKind.INTERNAL:
            return f"{self.name} ({mask_cpr(self.cpr)})"
        return f"{self.name} (ekstern)"


class DocumentType(models.TextChoices):
    GP = "gp", "Lægeattest (egen læge)"
    HOSPITAL = "hospital", "Hospitalsudtalelse"
    SPECIALIST = "specialist", "Speciallægeerklæring"
    PSYCHIATRIST = "psychiatrist", "Psykiatrisk udtalelse"
    PSYCHOLOGIST = "psychologist", "Psykologudtalelse"
    CONTRACT = "contract", "Ansættelseskontrakt"
    # Ankestyrelsen's decision on a complaint: it reasons on the person's health, so health class.
    APPEALS_DECISION = "appeals_decision", "Ankestyrelsens afgørelse"
    OTHER = "other", "Andet"


MEDICAL_DOCUMENT_TYPES = frozenset(
    {
        DocumentType.GP,
        DocumentType.HOSPITAL,
        DocumentType.SPECIALIST,
        DocumentType.PSYCHIATRIST,
        DocumentType.PSYCHOLOGIST,
    }
)


class Confidentiality(models.TextChoices):
    """Who may read a document or letter besides the municipality's staff and the person.

    The employer is a party to the subsidy, not to the person's health: it reads only the subsidy class.
    """

    HEALTH = "health", "Helbredsoplysninger"
    CASE = "case", "Sagens oplysninger"
    SUBSIDY = "subsidy", "Tilskud (også virksomheden)"


def confidentiality_of(doc_type: str) -> str:
    if doc_type in MEDICAL_DOCUMENT_TYPES or doc_type == DocumentType.APPEALS_DECISION:
        return Confidentiality.HEALTH
    if doc_type == DocumentType.CONTRACT:
        return Confidentiality.SUBSIDY
    return Confidentiality.CASE


def document_path(instance: Document, filename: str) -> str:
    # Files are named by their hash, never by what the uploader called them.
    return f"documents/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField("dokumenttype", max_length=16, choices=DocumentType.choices)
    confidentiality = models.CharField(
        "fortrolighed", max_length=8, choices=Confidentiality.choices, default=Confidentiality.HEALTH
    )
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField("filnavn", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = "dokument"
        verbose_name_plural = "dokumenter"

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()}: {self.original_name}"


class EventType(models.TextChoices):
    CASE_OPENED = "case_opened", "Sag oprettet"
    CASEWORKER_ASSIGNED = "caseworker_assigned", "Sagsbehandler tildelt"
    ACTIVE_STEP = "active_step", "Første aktive skridt"
    DOCUMENT_ADDED = "document_added", "Dokument tilføjet"
    INVESTIGATION_UPDATED = "investigation_updated", "Sagsoplysning opdateret"
    DIALOG_FORM_SAVED = "dialog_form_saved", "Dialogskema gemt"
    HEARING_SENT = "hearing_sent", "Partshøring sendt"
    HEARING_RESPONSE = "hearing_response", "Svar på partshøring"
    DECISION_DRAFTED = "decision_drafted", "Afgørelse udkast"
    DECISION_SENT = "decision_sent", "Afgørelse sendt"
    JOURNAL_NOTE = "journal_note", "Journalnotat"
    GRANT_STOPPED = "grant_stopped", "Bevilling standset"
    PAYMENT_REQUESTED = "payment_requested", "Anmodning om udbetaling"
    PAYMENT_APPROVED = "payment_approved", "Udbetaling godkendt"
    PAYMENT_REJECTED = "payment_rejected", "Udbetaling afvist"
    REPAYMENT_CLAIMED = "repayment_claimed", "Tilbagebetalingskrav oprettet"
    REPAYMENT_HEARING_SENT = "repayment_hearing_sent", "Partshøring om tilbagebetaling sendt"
    REPAYMENT_ANSWERED = "repayment_answered", "Svar på partshøring om tilbagebetaling"
    REPAYMENT_DECIDED = "repayment_decided", "Afgørelse om tilbagebetaling sendt"
    REPAYMENT_DROPPED = "repayment_dropped", "Tilbagebetalingskrav opgivet"
    TRIP_APPROVED = "trip_approved", "Rejse godkendt"
    LETTER_RENDERED = "letter_rendered", "Brev dannet som PDF"
    LATE_NOTICE_SENT = "late_notice_sent", "Besked om forsinket afgørelse"
    # The complaint's steps. Each carries the date it happened as payload["on"] (ISO), which processing
    # time is measured from (rules.processing_time); `at` is only when it was recorded.
    COMPLAINT_RECEIVED = "complaint_received", "Klage modtaget"
    COMPLAINT_LATE_ASSESSED = "complaint_late_assessed", "Klage modtaget for sent – vurderet"
    COMPLAINT_WITHDRAWN = "complaint_withdrawn", "Klage trukket tilbage"
    COMPLAINT_REASSESSED = "complaint_reassessed", "Klage genvurderet"
    COMPLAINT_FORWARDED = "complaint_forwarded", "Klage sendt til Ankestyrelsen"
    APPEALS_RECEIVED = "appeals_received", "Modtaget i Ankestyrelsen"
    APPEALS_ASSIGNED = "appeals_assigned", "Sagsbehandler tildelt i Ankestyrelsen"
    APPEALS_DECIDED = "appeals_decided", "Ankestyrelsens afgørelse"
    REMAND_RECEIVED = "remand_received", "Hjemvisning modtaget"
    # Interpreting: the declarations of no economic interest (BEK § 25) and the user's attestation.
    DECLARATION_REQUESTED = "declaration_requested", "Erklæring på tro og love anmodet"
    DECLARATION_SIGNED = "declaration_signed", "Erklæring på tro og love underskrevet"
    DECLARATION_REVOKED = "declaration_revoked", "Erklæring på tro og love tilbagekaldt"
    ATTESTATION_REMINDED = "attestation_reminded", "Påmindelse: bekræft tolkning"
    INVOICE_ATTESTED = "invoice_attested", "Tolkeforløb bekræftet af borgeren"
    INVOICE_DISPUTED = "invoice_disputed", "Tolkeforløb afvist af borgeren"
    INVOICE_LINE_REJECTED = "invoice_line_rejected", "Fakturalinje afvist"
    SAMPLE_ANSWERED = "sample_answered", "Svar på stikprøvekontrol"
    TIP_REGISTERED = "tip_registered", "Anonymt tip registreret"
    # Follow-up (BEK § 15 stk. 4), change reports (BEK § 29), renewals and inspection visits.
    FOLLOW_UP_PLANNED = "follow_up_planned", "Opfølgning planlagt"
    QUESTIONNAIRE_SENT = "questionnaire_sent", "Opfølgningsskema sendt"
    QUESTIONNAIRE_ANSWERED = "questionnaire_answered", "Opfølgningsskema besvaret"
    FOLLOW_UP_RECORDED = "follow_up_recorded", "Opfølgning gennemført"
    CHANGE_REPORTED = "change_reported", "Ændring anmeldt"
    CHANGE_REPORT_HANDLED = "change_report_handled", "Ændringsanmeldelse behandlet"
    RENEWAL_REMINDED = "renewal_reminded", "Påmindelse om fornyelse sendt"
    RENEWAL_APPLIED = "renewal_applied", "Ansøgning om fornyelse modtaget"
    GRANT_LAPSED = "grant_lapsed", "Bevilling udløbet"
    INSPECTION_RECORDED = "inspection_recorded", "Tilsynsbesøg registreret"
    # Serviceloven's schemes (social app): the personal circle, the measurement, an aid's trial, the plan.
    CIRCLE_ASSESSED = "circle_assessed", "Personkreds vurderet"
    MEASUREMENT_SAVED = "measurement_saved", "Udmåling gemt"
    TRIAL_STARTED = "trial_started", "Afprøvning startet"
    TRIAL_ENDED = "trial_ended", "Afprøvning afsluttet"
    PLAN_PAYMENT_MADE = "plan_payment_made", "Månedlig udbetaling dannet"


class CaseEvent(models.Model):
    """Append-only timeline: every service writes one, and processing times are computed from them."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=EventType.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "sagshændelse"
        verbose_name_plural = "sagshændelser"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Sagshændelser kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Sagshændelser kan ikke slettes.")


class DeadlineKind(models.TextChoices):
    DECISION = "decision", "Afgørelse (4 uger)"
    HEARING_RESPONSE = "hearing_response", "Svarfrist, partshøring"
    FIRST_FOLLOW_UP = "first_follow_up", "Første opfølgning (1 år)"
    # The date a late-decision letter (RSL § 3 stk. 2) told the person to expect the decision by.
    ANNOUNCED_DECISION = "announced_decision", "Varslet afgørelse"
    # RSL § 66: change the decision, or forward the complaint to Ankestyrelsen, within 4 weeks.
    REASSESSMENT = "reassessment", "Genvurdering af klage (4 uger)"
    # A remanded case is decided again, within the municipality's own decision target from the remand.
    REMAND_DECISION = "remand_decision", "Ny afgørelse efter hjemvisning"
    # Control tasks for the caseworker: sessions the user disputed, a «no» in a sample check, a tip.
    INVOICE_DISPUTE = "invoice_dispute", "Tolkning: borgeren har afvist sessioner"
    CONTROL_TASK = "control_task", "Kontrolopgave (stikprøve eller tip)"
    # Follow-ups after the first (the plan the caseworker chose), and a change report to decide on.
    FOLLOW_UP = "follow_up", "Opfølgning efter plan"
    CHANGE_REPORT = "change_report", "Ændringsanmeldelse (BEK § 29)"


# The deadlines that say by when the decision is due: the target, and any later date the person was told.
DECISION_DEADLINE_KINDS = (
    DeadlineKind.DECISION,
    DeadlineKind.ANNOUNCED_DECISION,
    DeadlineKind.REMAND_DECISION,
)


class Deadline(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    due = models.DateField("frist")
    rule = models.CharField("hjemmel", max_length=120)
    met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due"]
        verbose_name = "frist"
        verbose_name_plural = "frister"
        indexes = [models.Index(fields=["case", "met_at", "due"])]


class JournalNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField("notat")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "journalnotat"
        verbose_name_plural = "journalnotater"


class ImpairmentType(models.TextChoices):
    PHYSICAL = "physical", "Fysisk"
    MENTAL = "mental", "Psykisk"
    BOTH = "both", "Både fysisk og psykisk"


class Investigation(models.Model):
    """The caseworker's findings: documentation, compatibility, aids, flex job, tier (BEK §§ 10, 14, 15)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="investigation")
    working_hours = models.DecimalField("arbejdstid pr. uge", max_digits=5, decimal_places=1, null=True)
    impairment_type = models.CharField(
        "funktionsnedsættelse", max_length=10, choices=ImpairmentType.choices, blank=True
    )
    no_documentation_reason = models.TextField(
        "begrundelse for at dokumentation ikke er nødvendig", blank=True
    )
    compatibility_assessment = models.TextField("vurdering af forenelighed med erhvervet", blank=True)
    aids_considered = models.TextField("hjælpemidler overvejet", blank=True)
    flex_job_compensation = models.TextField("hvad fleksjobbet allerede kompenserer for", blank=True)
    pa_covers = models.TextField("hvad personlig assistance dækker", blank=True)
    tier = models.CharField("timeniveau", max_length=10, choices=TIER_CHOICES, default="standard")
    concrete_assessment = models.TextField("konkret vurdering (over standardgrænsen)", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sagsoplysning"
        verbose_name_plural = "sagsoplysninger"

    @property
    def hours_limit(self) -> Decimal | None:
        """The most hours per week the recorded tier allows for the recorded working hours (BEK § 15)."""
        if self.working_hours is None:
            return None
        return weekly_hours_limit(self.working_hours, cast(Tier, self.tier))

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(cast(Tier, self.tier), self.tier)


class Ability(models.TextChoices):
    ALONE = "alone", "Kan selv"
    SUPPORT = "support", "Kan med støtte"
    CANNOT = "cannot", "Kan ikke"


class DialogTask(models.Model):
    """One row of STAR's dialog form (dialogskema)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="dialog_tasks")
    position = models.PositiveSmallIntegerField(default=0)
    task = models.CharField("arbejdsopgave", max_length=200)
    minutes_per_week = models.PositiveIntegerField("minutter pr. uge")
    ability = models.CharField("kan udføre", max_length=8, choices=Ability.choices)
    assistant_does = models.CharField("hvad assistenten gør", max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "opgave i dialogskema"
        verbose_name_plural = "dialogskema"

    @property
    def needs_assistance(self) -> bool:
        return self.ability != Ability.ALONE


class HearingChannel(models.TextChoices):
    REGISTERED = "registered", "Registreret af sagsbehandleren"
    PORTAL = "portal", "Digitalt på Mine sider"


class Hearing(models.Model):
    """Partshøring (FVL § 19): the facts put to the person, the deadline and the answer."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings")
    facts = models.TextField("oplysninger der høres over")
    sent_on = models.DateField("sendt")
    response_due = models.DateField("svarfrist")
    response_received_on = models.DateField("svar modtaget", null=True, blank=True)
    response = models.TextField("svar", blank=True)
    response_channel = models.CharField(
        "svaret kom", max_length=12, choices=HearingChannel.choices, blank=True
    )
    response_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="bilag til svar",
    )
    letter = models.ForeignKey("letters.Letter", null=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = "partshøring"
        verbose_name_plural = "partshøringer"

    @property
    def answered(self) -> bool:
        return self.response_received_on is not None


class Outcome(models.TextChoices):
    GRANT = "grant", "Bevilling"
    PARTIAL_GRANT = "partial_grant", "Delvis bevilling"
    REFUSAL = "refusal", "Afslag"
    # A running grant ends before its time (a change report, a follow-up): no new grant (cases/services).
    END = "end", "Ophør af bevilling"


class PeriodType(models.TextChoices):
    TIME_LIMITED = "time_limited", "Tidsbestemt"
    UNTIL_FURTHER_NOTICE = "until_further_notice", "Indtil videre"


class RateType(models.TextChoices):
    STANDARD = "standard", "Standardsats"
    RAISED = "raised", "Forhøjet sats"


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField("afgørelse", max_length=16, choices=Outcome.choices)
    hours_per_week = models.DecimalField("timer pr. uge", max_digits=5, decimal_places=1, null=True)
    start_date = models.DateField("startdato", null=True)
    end_date = models.DateField("slutdato", null=True, blank=True)
    period_type = models.CharField("periode", max_length=24, choices=PeriodType.choices, blank=True)
    period_reason = models.TextField("begrundelse for perioden", blank=True)
    rate_type = models.CharField("sats", max_length=10, choices=RateType.choices, blank=True)
    rate_reason = models.TextField("begrundelse for forhøjet sats", blank=True)
    grant_kind = models.CharField(
        "ydelse", max_length=16, choices=GrantKindCode.choices, default=GrantKindCode.ASSISTANCE
    )
    interpreting_type = models.CharField(
        "tolkningens art", max_length=10, choices=InterpretingType.choices, blank=True
    )
    agencies = models.ManyToManyField(
        "payments.Agency", blank=True, related_name="decisions", verbose_name="godkendte tolkebureauer"
    )
    # BEK § 12 stk. 5–6: the person takes part in, and approves, the choice before the interpreting starts.
    agency_choice_approved_on = models.DateField(
        "borgeren godkendte valget af tolkebureau", null=True, blank=True
    )
    reasons = models.TextField("begrundelse")
    partial_reason = models.TextField("hvorfor der bevilges mindre end søgt", blank=True)
    refusal_grounds = models.JSONField("afslagsgrunde", default=list, blank=True)
    other_help = models.TextField("anden hjælp, der er overvejet", blank=True)
    follow_up_due = models.DateField("første opfølgning senest", null=True, blank=True)
    assistants = models.ManyToManyField(Assistant, blank=True, verbose_name="assistenter")
    letter = models.OneToOneField(
        "letters.Letter", null=True, on_delete=models.PROTECT, related_name="decision"
    )
    employer_letter = models.OneToOneField(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="employer_decision"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[assistants, agencies])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "afgørelse"
        verbose_name_plural = "afgørelser"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class GrantStatus(models.TextChoices):
    ACTIVE = "active", "Aktiv"
    STOPPED = "stopped", "Standset"
    # A later decision on the same case (after a complaint or a remand) decided the matter again.
    REPLACED = "replaced", "Erstattet af ny afgørelse"
    # A time-limited grant past its end date without a renewal (BEK § 15 stk. 4; it lapses on its own).
    LAPSED = "lapsed", "Udløbet"


# How long after a grant ended (stopped, lapsed, replaced) its employer or agency can still ask for payment
# for the time it covered: the deadline is the end of the following quarter (BEK § 27), and a late request
# is still received and judged by the payment officer.
CLAIM_WINDOW_DAYS = 366


class GrantQuerySet(models.QuerySet["Grant"]):
    def open_for_claims(self, today: dt.date) -> GrantQuerySet:
        """Running grants, and ended ones whose covered time can still be claimed (the period check then
        refuses any time after the end with its reason)."""
        cutoff = today - dt.timedelta(days=CLAIM_WINDOW_DAYS)
        start = models.F("decision__start_date")
        ended_early = models.Q(ended_on__gte=cutoff) & models.Q(ended_on__gte=start)
        lapsed = models.Q(status=GrantStatus.LAPSED, decision__end_date__gte=cutoff)
        return self.filter(models.Q(status=GrantStatus.ACTIVE) | ended_early | lapsed)


class Grant(models.Model):
    """The running grant a sent (partial) grant decision created; payments and follow-up hang on it."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="grant")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="grants")
    status = models.CharField(max_length=10, choices=GrantStatus.choices, default=GrantStatus.ACTIVE)
    # The last day the grant covers when it ended before its time: stopped, or replaced by a later decision.
    # Periods up to this day are still paid (the assistance took place); periods after it never are.
    ended_on = models.DateField("sidste dag med bevilling", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = "bevilling"
        verbose_name_plural = "bevillinger"

    def __str__(self) -> str:
        end = f"{self.end_date:%d.%m.%Y}" if self.end_date else "indtil videre"
        if self.decision.hours_per_week is None:
            # An aid or a consumer good is a thing, not hours.
            return f"{self.case.person.name}: {self.kind.label}, {self.start_date:%d.%m.%Y}"
        hours = formats.number(self.hours_per_week)
        return f"{self.case.person.name}: {hours} t/uge, {self.start_date:%d.%m.%Y}–{end}"

    # The terms live on the sent decision; the grant adds only what happens to it afterwards.
    @property
    def hours_per_week(self) -> Decimal:
        assert self.decision.hours_per_week is not None
        return self.decision.hours_per_week

    @property
    def start_date(self) -> dt.date:
        assert self.decision.start_date is not None
        return self.decision.start_date

    @property
    def end_date(self) -> dt.date | None:
        return self.decision.end_date

    @property
    def rate_type(self) -> str:
        return self.decision.rate_type

    @property
    def reference(self) -> str:
        """What an agency's invoice names the grant by (OIOUBL: the order reference)."""
        return f"BEV-{self.pk:07d}"

    @property
    def kind(self) -> GrantKind:
        return grant_kind(self.decision.grant_kind)

    @property
    def is_interpreting(self) -> bool:
        return self.decision.grant_kind == GrantKindCode.INTERPRETING

    @property
    def last_day(self) -> dt.date | None:
        """The last day covered: the decided end, or the day the grant ended before it."""
        ends = [d for d in (self.end_date, self.ended_on) if d is not None]
        return min(ends) if ends else None

    def covers(self, day: dt.date) -> bool:
        last = self.last_day
        return self.start_date <= day and (last is None or day <= last)

    def period_refusal(self, start: dt.date, end: dt.date) -> str:
        """Why a payment for ``start``–``end`` cannot be paid on this grant, in words; "" when it can."""
        if self.covers(start) and self.covers(end):
            return ""
        if self.ended_on is not None and end > self.ended_on and start >= self.start_date:
            last_paid = f"{self.ended_on:%d.%m.%Y}"
            if self.status == GrantStatus.STOPPED:
                return (
                    f"Bevillingen er standset fra {self.ended_on + dt.timedelta(days=1):%d.%m.%Y} "
                    f"(sidste dag med tilskud er {last_paid}). Der kan ikke udbetales for tiden derefter."
                )
            return (
                f"Bevillingen er erstattet af en ny afgørelse fra "
                f"{self.ended_on + dt.timedelta(days=1):%d.%m.%Y}. Anmod om udbetaling for tiden derefter "
                "på den nye bevilling."
            )
        if self.end_date is not None and end > self.end_date and start >= self.start_date:
            return (
                f"Bevillingen udløb {self.end_date:%d.%m.%Y}. Der kan ikke udbetales for tiden derefter, "
                "medmindre der er bevilget en fornyelse."
            )
        last = self.last_day
        slut = f"{last:%d.%m.%Y}" if last else "indtil videre"
        return f"Perioden ligger uden for bevillingen ({self.start_date:%d.%m.%Y}–{slut})."


class CaseworkSettings(models.Model):
    """The municipality's own, published decision target (RSL § 3 stk. 2); 4 weeks when none is set."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="casework_settings", verbose_name="kommune"
    )
    decision_target_weeks = models.PositiveSmallIntegerField(
        "sagsbehandlingsfrist for personlig assistance (uger)",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Offentliggøres på siden «Sagsbehandlingsfrister» (retssikkerhedslovens § 3 stk. 2).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sagsbehandlingsfrist"
        verbose_name_plural = "sagsbehandlingsfrister"

    def __str__(self) -> str:
        return f"{self.municipality}: {self.decision_target_weeks} uger"
