"""What Serviceloven's schemes add to a case: the personal circle, the measurement, a decision's social
terms, and an aid's trial. The case, its events, decision, letters, grant and complaints are the shared ones
(`kompensation.cases`); the law is in `kompensation.rules.social`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kompensation.rules import social as rules

CATEGORY_CHOICES = list(rules.CATEGORY_LABELS.items())
HOUR_KIND_CHOICES = list(rules.HOUR_KIND_LABELS.items())
PER_CHOICES = [("day", "Om dagen"), ("week", "Om ugen")]
EMPLOYER_ROLE_CHOICES = list(rules.EMPLOYER_ROLE_LABELS.items())


class CircleAnswer(models.Model):
    """One criterion of the personal circle (`rules.social.CIRCLE`), answered with its reasoning."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="circle_answers")
    criterion = models.CharField("kriterium", max_length=32)
    met = models.BooleanField("opfyldt", null=True)
    reasoning = models.TextField("begrundelse")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "personkredsvurdering"
        verbose_name_plural = "personkredsvurderinger"
        constraints = [models.UniqueConstraint(fields=["case", "criterion"], name="one_answer_per_criterion")]


class MeasurementFacts(models.Model):
    """The circumstances the measurement rules depend on (`rules.social.Circumstances`), per case."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="measurement_facts")
    round_the_clock = models.BooleanField("behov for hjælp eller overvågning hele døgnet", default=False)
    can_call_for_help = models.BooleanField("kan selv tilkalde hjælp (nødkald)", default=True)
    carer_declines_relief = models.BooleanField(
        "tilskudsmodtageren ønsker ikke afløsning/aflastning", default=False
    )
    relief_declined_note = models.TextField("hvad tilskudsmodtageren har sagt om afløsning", blank=True)
    # VUM 2.0: the person's own account and wishes are part of the measurement (BPA starts from them).
    person_participation = models.TextField("borgerens egne oplysninger og ønsker", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "udmålingens forudsætninger"
        verbose_name_plural = "udmålingens forudsætninger"


class Activity(models.Model):
    """One row of the measurement: an activity, its time and frequency, the kind of hours, and why."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField("kategori", max_length=16, choices=CATEGORY_CHOICES)
    name = models.CharField("aktivitet", max_length=200)
    minutes = models.PositiveIntegerField("minutter pr. gang")
    occurrences = models.DecimalField("antal gange", max_digits=6, decimal_places=2)
    per = models.CharField("pr.", max_length=4, choices=PER_CHOICES, default="day")
    hour_kind = models.CharField("timetype", max_length=8, choices=HOUR_KIND_CHOICES, default="actual")
    night = models.BooleanField("om natten", default=False)
    reason = models.TextField("begrundelse")
    covered_by = models.CharField("dækkes i stedet af (anden bestemmelse)", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "aktivitet i udmåling"
        verbose_name_plural = "udmåling"
        constraints = [
            models.CheckConstraint(name="activity_occurs", condition=models.Q(occurrences__gt=0)),
            models.CheckConstraint(name="activity_takes_time", condition=models.Q(minutes__gt=0)),
        ]

    def as_rule(self) -> rules.Activity:
        return rules.Activity(
            category=self.category,  # type: ignore[arg-type]
            name=self.name,
            minutes=self.minutes,
            occurrences=self.occurrences,
            per=self.per,  # type: ignore[arg-type]
            hour_kind=self.hour_kind,  # type: ignore[arg-type]
            night=self.night,
            reason=self.reason,
            covered_by=self.covered_by,
        )


class TrainingOffer(models.TextChoices):
    """SEL § 85: training as employer and work supervisor, offered before refusing or ending a scheme."""

    OFFERED = "offered", "Tilbudt"
    ACCEPTED = "accepted", "Tilbudt og modtaget"
    DECLINED = "declined", "Tilbudt, men afslået af borgeren"
    NOT_RELEVANT = "not_relevant", "Ikke relevant (afgørelsen bygger ikke på evnen til at være arbejdsleder)"


class SocialTerms(models.Model):
    """What a decision under Serviceloven says beyond the shared decision: the measurement as it stood, how
    the whole need is covered, the payee and the rate rows a plan pays by, or an aid's product and price."""

    decision = models.OneToOneField("cases.Decision", on_delete=models.CASCADE, related_name="social_terms")
    # The measurement frozen at drafting: rows, totals, findings (`rules.social.Measurement`).
    measurement = models.JSONField("udmåling", default=dict, blank=True)
    need_hours = models.DecimalField(
        "udmålt behov (timer pr. uge)", max_digits=5, decimal_places=1, null=True
    )
    payable_need_hours = models.DecimalField(
        "behov der dækkes af ordningen (timer pr. uge)", max_digits=5, decimal_places=1, null=True
    )
    standby_hours_per_week = models.DecimalField(
        "heraf rådighedstimer pr. uge", max_digits=5, decimal_places=1, null=True, blank=True
    )
    coverage = models.TextField("sådan dækkes hele behovet", blank=True)
    below_need_reason = models.TextField("hvorfor der bevilges færre timer end det udmålte behov", blank=True)
    training_offered = models.CharField(
        "oplæring som arbejdsleder/arbejdsgiver (SEL § 85)",
        max_length=16,
        choices=TrainingOffer.choices,
        blank=True,
    )
    employer_role = models.CharField(
        "arbejdsgiverrollen", max_length=12, choices=EMPLOYER_ROLE_CHOICES, blank=True
    )
    # Who the plan pays: the person or a relative (by CPR), or an association or company (by CVR).
    payee_person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payee_company = models.ForeignKey(
        "cases.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Aids and consumer goods: the product, the supplier and the price; § 113 pays half a standard product.
    product = models.CharField("produkt", max_length=200, blank=True)
    supplier = models.ForeignKey(
        "cases.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="leverandør",
    )
    price = models.DecimalField("pris", max_digits=10, decimal_places=2, null=True, blank=True)
    support_amount = models.DecimalField("støtte", max_digits=10, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "afgørelsens sociale vilkår"
        verbose_name_plural = "afgørelsernes sociale vilkår"
        constraints = [
            models.CheckConstraint(
                name="plan_pays_one_payee",
                condition=models.Q(payee_person__isnull=True) | models.Q(payee_company__isnull=True),
            ),
            models.CheckConstraint(
                name="aid_support_not_negative",
                condition=models.Q(support_amount__isnull=True) | models.Q(support_amount__gte=0),
            ),
        ]


class TrialResult(models.TextChoices):
    SUITABLE = "suitable", "Egnet"
    UNSUITABLE = "unsuitable", "Ikke egnet"


class AidTrial(models.Model):
    """Afprøvning: the aid tried in the person's home before the decision (a step of its own in the
    processing time, `rules.processing_time` km_trial)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="aid_trials")
    product = models.CharField("produkt", max_length=200)
    supplier = models.ForeignKey(
        "cases.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="leverandør",
    )
    started_on = models.DateField("afprøvning startet")
    planned_end = models.DateField("planlagt afsluttet")
    ended_on = models.DateField("afsluttet", null=True, blank=True)
    result = models.CharField("resultat", max_length=12, choices=TrialResult.choices, blank=True)
    findings = models.TextField("hvad afprøvningen viste", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "afprøvning"
        verbose_name_plural = "afprøvninger"
        constraints = [
            models.CheckConstraint(
                name="trial_ends_after_start", condition=models.Q(planned_end__gte=models.F("started_on"))
            ),
            models.CheckConstraint(
                name="trial_result_when_ended",
                condition=models.Q(ended_on__isnull=True, result="")
                | models.Q(ended_on__isnull=False) & ~models.Q(result=""),
            ),
        ]
