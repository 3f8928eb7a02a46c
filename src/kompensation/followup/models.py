"""Follow-up of running grants: plans and their follow-ups, questionnaires, change reports, renewal
reminders and inspection visits (BEK § 15 stk. 4 and § 29; the audit, chapter 6).

A follow-up is planned per grant: the first one no later than a year after the grant, later ones by need,
each with its form, its participants and the reason for the choice. Its deadline is a `cases.Deadline`, so
the inbox and supervision see it with the case's other deadlines.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kompensation.accounts.models import Municipality
from kompensation.cases.models import Case, Confidentiality, Deadline, Decision, Employer, Grant, JournalNote
from kompensation.rules.followup import CHANGE_KINDS


class FollowUpForm(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", "Digitalt spørgeskema"
    PHONE = "phone", "Telefonsamtale"
    MEETING = "meeting", "Møde i jobcentret"
    VISIT = "visit", "Besøg på arbejdspladsen"


class Participant(models.TextChoices):
    PERSON = "person", "Personen"
    EMPLOYER = "employer", "Virksomheden"
    ASSISTANT = "assistant", "Assistenten"


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", "Planlagt"
    DONE = "done", "Gennemført"
    # The grant ended or was decided again before the follow-up was held.
    CANCELLED = "cancelled", "Bortfaldet"


class Conclusion(models.TextChoices):
    # No new decision: a journal note and the next follow-up (the audit: no yearly re-grant by habit).
    UNCHANGED = "unchanged", "Uændret – ingen ny afgørelse"
    ADJUSTED = "adjusted", "Justeres – ny afgørelse"
    ENDED = "ended", "Ophører – afgørelse om ophør"


class FollowUp(models.Model):
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="bevilling"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="sag")
    # BEK § 15 stk. 4: the one reassessment the law requires, no later than a year after the grant.
    first = models.BooleanField("første opfølgning (BEK § 15 stk. 4)", default=False)
    due = models.DateField("senest")
    form = models.CharField("form", max_length=16, choices=FollowUpForm.choices)
    participants = models.JSONField("deltagere", default=list)
    # The risk profile the plan was chosen from (rules.followup.RISK_FACTORS codes) and why.
    risk_factors = models.JSONField("risikofaktorer", default=list, blank=True)
    plan_reason = models.TextField("begrundelse for opfølgningens form og tidspunkt", blank=True)
    deadline = models.OneToOneField(
        Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_up"
    )
    status = models.CharField(
        "status", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.PLANNED
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_at = models.DateTimeField(auto_now_add=True)
    # The record: when it was held, Copenhagen's seven checks, and the conclusion.
    held_on = models.DateField("afholdt", null=True, blank=True)
    checks = models.JSONField("opfølgningstjek", default=dict, blank=True)
    conclusion = models.CharField("konklusion", max_length=10, choices=Conclusion.choices, blank=True)
    conclusion_note = models.TextField("samlet vurdering", blank=True)
    journal_note = models.OneToOneField(
        JournalNote, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_up"
    )
    # The decision an «adjusted» or «ended» conclusion led to.
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    next_follow_up = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="previous"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = "opfølgning"
        verbose_name_plural = "opfølgninger"
        constraints = [
            # One planned follow-up per grant: the next is planned when this one is recorded.
            models.UniqueConstraint(
                fields=["grant"], condition=models.Q(status="planned"), name="one_planned_follow_up_per_grant"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(conclusion=""),
                name="done_follow_up_has_conclusion",
            ),
        ]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return f"Opfølgning {self.due:%d.%m.%Y} ({self.get_form_display().lower()})"

    @property
    def participant_labels(self) -> list[str]:
        return [Participant(p).label for p in self.participants if p in Participant.values]


class QuestionnaireParty(models.TextChoices):
    PERSON = "person", "Personen"
    EMPLOYER = "employer", "Virksomheden"


class Questionnaire(models.Model):
    """The digital follow-up questionnaire to one party; the answers land on the case.

    The person's answers may describe their health, so the employer never reads them (and is never asked).
    """

    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="questionnaires")
    party = models.CharField("part", max_length=10, choices=QuestionnaireParty.choices)
    sent_on = models.DateField("sendt")
    due = models.DateField("svarfrist")
    answers = models.JSONField("svar", default=dict, blank=True)
    answered_at = models.DateTimeField("besvaret", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["follow_up", "party"]
        verbose_name = "opfølgningsskema"
        verbose_name_plural = "opfølgningsskemaer"
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "party"], name="one_questionnaire_per_party")
        ]

    @property
    def confidentiality(self) -> str:
        return Confidentiality.HEALTH if self.party == QuestionnaireParty.PERSON else Confidentiality.SUBSIDY


CHANGE_KIND_CHOICES = [(k.code, k.label) for k in CHANGE_KINDS]


class Reporter(models.TextChoices):
    PERSON = "person", "Personen"
    EMPLOYER = "employer", "Virksomheden"


class ReportSource(models.TextChoices):
    PORTAL = "portal", "Mine sider / virksomhedens side"
    API = "api", "Lønsystem (API)"
    # The employer answered «nej» to "is the need unchanged?" on its payment request (the audit's idea).
    PAYMENT_REQUEST = "payment_request", "Anmodning om udbetaling"
    # Told by phone or letter and registered by the caseworker.
    CASEWORKER = "caseworker", "Registreret af sagsbehandleren"


class ChangeReportStatus(models.TextChoices):
    OPEN = "open", "Til behandling"
    HANDLED = "handled", "Behandlet"


class ChangeHandling(models.TextChoices):
    NOTED = "noted", "Noteret – ingen betydning for bevillingen"
    FOLLOW_UP = "follow_up", "Opfølgning planlagt"
    REASSESS = "reassess", "Sagen vurderes igen – ny afgørelse"
    STOPPED = "stopped", "Bevillingen er standset"


class ChangeReport(models.Model):
    """A change the person or the employer reports (BEK § 29): a task for the caseworker."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="change_reports", verbose_name="sag"
    )
    grant = models.ForeignKey(
        Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="change_reports"
    )
    kind = models.CharField("ændring", max_length=20, choices=CHANGE_KIND_CHOICES)
    occurred_on = models.DateField("ændringen skete")
    description = models.TextField("beskrivelse", blank=True)
    reporter = models.CharField("anmeldt af", max_length=10, choices=Reporter.choices)
    source = models.CharField("kanal", max_length=16, choices=ReportSource.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField("modtaget")
    confidentiality = models.CharField(
        "fortrolighed", max_length=8, choices=Confidentiality.choices, default=Confidentiality.CASE
    )
    payment_request = models.ForeignKey(
        "payments.PaymentRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_reports",
    )
    deadline = models.OneToOneField(
        Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="change_report"
    )
    status = models.CharField(
        "status", max_length=8, choices=ChangeReportStatus.choices, default=ChangeReportStatus.OPEN
    )
    handling = models.CharField("behandling", max_length=10, choices=ChangeHandling.choices, blank=True)
    handling_note = models.TextField("sagsbehandlerens vurdering", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="change_reports"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "ændringsanmeldelse"
        verbose_name_plural = "ændringsanmeldelser"
        constraints = [
            # A payment request asks once: its «nej» opens exactly one report.
            models.UniqueConstraint(
                fields=["payment_request"],
                condition=models.Q(payment_request__isnull=False),
                name="one_change_report_per_payment_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="handled") | ~models.Q(handling=""),
                name="handled_change_report_has_handling",
            ),
        ]
        indexes = [models.Index(fields=["status", "case"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on:%d.%m.%Y})"


class RenewalReminder(models.Model):
    """A reminder 8 or 4 weeks before a time-limited grant ends: sent once, which the database enforces."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="renewal_reminders")
    weeks = models.PositiveSmallIntegerField("uger før slutdatoen")
    sent_on = models.DateField("sendt")
    person_letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer_letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["grant", "-weeks"]
        verbose_name = "påmindelse om fornyelse"
        verbose_name_plural = "påmindelser om fornyelse"
        constraints = [
            models.UniqueConstraint(fields=["grant", "weeks"], name="one_renewal_reminder_per_week")
        ]


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planlagt"
    HELD = "held", "Gennemført"
    CANCELLED = "cancelled", "Aflyst"


class InspectionVisit(models.Model):
    """An announced or unannounced inspection visit to a company, linked to the grants it concerns."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="inspection_visits", verbose_name="virksomhed"
    )
    grants = models.ManyToManyField(Grant, related_name="inspection_visits", verbose_name="bevillinger")
    announced = models.BooleanField("anmeldt besøg", default=True)
    planned_on = models.DateField("planlagt til")
    purpose = models.TextField("formål", blank=True)
    status = models.CharField(
        "status", max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    held_on = models.DateField("afholdt", null=True, blank=True)
    visitors = models.CharField("hvem deltog fra jobcentret", max_length=300, blank=True)
    met = models.CharField("hvem blev mødt i virksomheden", max_length=300, blank=True)
    findings = models.TextField("fund", blank=True)
    documents_seen = models.TextField("dokumenter set", blank=True)
    follow_up_needed = models.BooleanField("kræver opfølgning i sagerne", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[grants])

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = "tilsynsbesøg"
        verbose_name_plural = "tilsynsbesøg"

    def __str__(self) -> str:
        kind = "Anmeldt" if self.announced else "Uanmeldt"
        return f"{kind} tilsynsbesøg hos {self.employer.name} {self.planned_on:%d.%m.%Y}"
