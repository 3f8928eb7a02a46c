"""Letters: an editable text until sent, then a frozen PDF with its hash."""

from django.conf import settings
from django.db import models

from kompensation.cases.models import Confidentiality


class LetterKind(models.TextChoices):
    DECISION = "decision", "Afgørelse"
    HEARING = "hearing", "Partshøring"
    REPAYMENT = "repayment", "Afgørelse om tilbagebetaling"
    REPAYMENT_HEARING = "repayment_hearing", "Partshøring om tilbagebetaling"
    LATE_NOTICE = "late_notice", "Besked om forsinket afgørelse"
    COMPLAINT_RECEIPT = "complaint_receipt", "Kvittering for klage"
    REASSESSMENT = "reassessment", "Genvurdering af klage"
    COMPLAINT_FORWARDED = "complaint_forwarded", "Klagen er sendt til Ankestyrelsen"
    COMPLAINT_REJECTED = "complaint_rejected", "Afvisning af klage (for sent)"
    SAMPLE_CHECK = "sample_check", "Stikprøvekontrol"
    DECLARATION_REQUEST = "declaration_request", "Anmodning om erklæring på tro og love"
    ATTESTATION_REMINDER = "attestation_reminder", "Påmindelse: bekræft tolkning"
    FOLLOW_UP_QUESTIONNAIRE = "follow_up_questionnaire", "Opfølgningsskema"
    RENEWAL_REMINDER = "renewal_reminder", "Påmindelse om fornyelse"


class Recipient(models.TextChoices):
    PERSON = "person", "Personen"
    EMPLOYER = "employer", "Virksomheden"


def letter_path(instance: "Letter", filename: str) -> str:
    return f"letters/{instance.case_id}/{filename}"


class Letter(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("brevtype", max_length=24, choices=LetterKind.choices)
    recipient = models.CharField(
        "modtager", max_length=8, choices=Recipient.choices, default=Recipient.PERSON
    )
    confidentiality = models.CharField(
        "fortrolighed", max_length=8, choices=Confidentiality.choices, default=Confidentiality.HEALTH
    )
    subject = models.CharField("overskrift", max_length=200)
    body = models.TextField("brevtekst")
    fixed_footer = models.TextField("fast tekst", blank=True)
    pdf = models.FileField(upload_to=letter_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "brev"
        verbose_name_plural = "breve"

    def __str__(self) -> str:
        return self.subject

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
