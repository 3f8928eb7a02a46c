"""A complaint about a decision, from intake to re-assessment, Ankestyrelsen and a remand (RSL §§ 66–67).

One row per complaint. A remanded case is decided again, and a complaint about that decision is a new row
with the next `round`: processing time's "2" steps (Ankestyrelsen's Tabel 4.1) are the second round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kompensation.cases.models import Case, Decision, Document, JournalNote


class Complainant(models.TextChoices):
    PERSON = "person", "Personen"
    # The employer is a party to the subsidy only (kompensationsloven; Jobcenter København's guidance).
    EMPLOYER = "employer", "Virksomheden (om tilskuddet)"


class ComplaintChannel(models.TextChoices):
    PORTAL = "portal", "Digitalt på Mine sider"
    LETTER = "letter", "Brev"
    EMAIL = "email", "E-mail"
    ORAL = "oral", "Mundtligt (telefon eller møde)"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Genvurderes"
    CHANGED = "changed", "Afgørelsen er ændret"
    FORWARDED = "forwarded", "Sendt til Ankestyrelsen"
    APPEALS_DECIDED = "appeals_decided", "Afgjort af Ankestyrelsen"
    REJECTED_LATE = "rejected_late", "Afvist – modtaget for sent"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


# A complaint still being handled: the case can have one at a time.
LIVE_COMPLAINT_STATUSES = (ComplaintStatus.OPEN, ComplaintStatus.FORWARDED)


class ReassessmentOutcome(models.TextChoices):
    CHANGED = "changed", "Afgørelsen ændres fuldt ud"
    PARTLY_CHANGED = "partly_changed", "Afgørelsen ændres delvist – resten sendes til Ankestyrelsen"
    UPHELD = "upheld", "Afgørelsen fastholdes – klagen sendes til Ankestyrelsen"


class AppealsOutcome(models.TextChoices):
    UPHELD = "upheld", "Stadfæstet"
    CHANGED = "changed", "Ændret"
    REMANDED = "remanded", "Hjemvist"
    DISMISSED = "dismissed", "Afvist"


def package_path(instance: Complaint, filename: str) -> str:
    return f"complaints/{instance.case_id}/{filename}"


class Complaint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="complaints", verbose_name="sag")
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="afgørelse der klages over",
    )
    round = models.PositiveSmallIntegerField("klagerunde", default=1)
    status = models.CharField(
        "status", max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )

    # Intake
    complainant = models.CharField("klager", max_length=8, choices=Complainant.choices)
    channel = models.CharField("kanal", max_length=8, choices=ComplaintChannel.choices)
    received_on = models.DateField("klage modtaget")
    text = models.TextField("klagen")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="klagebrev"
    )
    journal_note = models.ForeignKey(
        JournalNote, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="notat"
    )
    # RSL § 67: 4 weeks from the day the decision was received (Digital Post: the delivery date).
    decision_received_on = models.DateField("afgørelsen modtaget")
    complaint_deadline = models.DateField("klagefrist")
    in_time = models.BooleanField("rettidig")
    late_accepted = models.BooleanField("for sen klage behandles alligevel", null=True, blank=True)
    late_reason = models.TextField("begrundelse (for sen klage)", blank=True)
    reassessment_due = models.DateField("frist for genvurdering")

    # Re-assessment (RSL § 66)
    reassessment_outcome = models.CharField(
        "genvurdering", max_length=16, choices=ReassessmentOutcome.choices, blank=True
    )
    reassessment_reasons = models.TextField("begrundelse for genvurderingen", blank=True)
    new_information = models.TextField("nye oplysninger", blank=True)
    reassessed_on = models.DateField("genvurderet", null=True, blank=True)
    reassessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reassessment_letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ny afgørelse efter genvurdering",
    )

    # Forwarding to Ankestyrelsen
    forwarded_on = models.DateField("sendt til Ankestyrelsen", null=True, blank=True)
    forwarding_letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    package = models.FileField("oversendelsespakke", upload_to=package_path, blank=True)
    package_sha256 = models.CharField(max_length=64, blank=True)
    # What the package holds, in order ([{"title", "kind", "pages"}]): its table of contents.
    package_manifest = models.JSONField(default=list, blank=True)

    # Ankestyrelsen
    appeals_reference = models.CharField("Ankestyrelsens journalnummer", max_length=40, blank=True)
    appeals_received_on = models.DateField("modtaget i Ankestyrelsen", null=True, blank=True)
    appeals_assigned_on = models.DateField("sagsbehandler tildelt i Ankestyrelsen", null=True, blank=True)
    appeals_decided_on = models.DateField("Ankestyrelsens afgørelse", null=True, blank=True)
    appeals_outcome = models.CharField(
        "Ankestyrelsens resultat", max_length=10, choices=AppealsOutcome.choices, blank=True
    )
    appeals_document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Ankestyrelsens afgørelse (dokument)",
    )
    remand_received_on = models.DateField("hjemvisning modtaget", null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "klage"
        verbose_name_plural = "klager"
        constraints = [
            # One complaint at a time per case: its stage is the case's stage (cases/lifecycle.py).
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["open", "forwarded"]),
                name="one_live_complaint_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(forwarded_on__isnull=True)
                | models.Q(forwarded_on__gte=models.F("received_on")),
                name="complaint_forwarded_after_received",
            ),
        ]
        indexes = [models.Index(fields=["status", "reassessment_due"])]

    def __str__(self) -> str:
        return f"Klage over afgørelse i {self.case.reference} (runde {self.round})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_COMPLAINT_STATUSES
