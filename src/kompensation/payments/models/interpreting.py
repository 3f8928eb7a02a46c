"""Interpreting: agencies, interpreters, solemn declarations, invoice lines, attestations, sample checks.

An agency's invoice is a `PaymentRequest` of kind interpreting; its sessions are `InvoiceLine`s, each
priced by `rules.interpreting`. What makes it payable — every party's declaration of no economic interest
(BEK § 25), the user's attestation of every session — is recorded here, and a paid session is recorded once
in `PaidSession`, where the database refuses a second payment for an overlapping session of the same
interpreter (migration 0008: an exclusion constraint on PostgreSQL, a trigger on SQLite).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Agency(models.Model):
    """A sign-language or written interpreting agency (tolkebureau), known by CVR, in any municipality."""

    cvr = models.CharField("CVR-nummer", max_length=8, unique=True)
    name = models.CharField("navn", max_length=200)
    address = models.CharField("adresse", max_length=200, blank=True)
    postcode = models.CharField("postnummer", max_length=4, blank=True)
    city = models.CharField("by", max_length=100, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefon", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "tolkebureau"
        verbose_name_plural = "tolkebureauer"

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})"


class Interpreter(models.Model):
    """An interpreter, known by the number the agencies put on their invoices.

    `user` is the interpreter's own login (MitID), with which they sign declarations and statements.
    """

    number = models.CharField("tolkenummer", max_length=20, unique=True)
    name = models.CharField("navn", max_length=200)
    email = models.EmailField("e-mail", blank=True)
    agencies = models.ManyToManyField(Agency, related_name="interpreters", verbose_name="tolkebureauer")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="interpreter"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["name"]
        verbose_name = "tolk"
        verbose_name_plural = "tolke"

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class EconomicLink(models.Model):
    """A known economic tie between an interpreter and a user or employer (a relative, an owner's share …).

    Registered by the municipality (from a tip, a declaration or a control); every invoice line by that
    interpreter for that user or employer is flagged.
    """

    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="economic_links")
    person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "cases.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField("forbindelsen")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = "økonomisk forbindelse"
        verbose_name_plural = "økonomiske forbindelser"
        constraints = [
            models.CheckConstraint(
                name="link_to_person_or_employer",
                condition=models.Q(person__isnull=False) | models.Q(employer__isnull=False),
            )
        ]


class DeclarationParty(models.TextChoices):
    USER = "user", "Tolkebrugeren"
    EMPLOYER = "employer", "Arbejdsgiveren"
    AGENCY = "agency", "Tolkebureauet"
    INTERPRETER = "interpreter", "Tolken"


class Declaration(models.Model):
    """Erklæring på tro og love (BEK § 25): neither the party nor its closest relatives has an economic
    interest in the agency. One per party per grant and agency; signed in the portal by the party itself.

    Declarations are never edited: a changed relationship revokes the declaration (with a reason), and the
    party signs a new one. `party_key` is the party, with the interpreter's id for an interpreter, so the
    database can hold one live declaration per party.
    """

    grant = models.ForeignKey("cases.Grant", on_delete=models.PROTECT, related_name="declarations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="declarations")
    party = models.CharField("part", max_length=12, choices=DeclarationParty.choices)
    interpreter = models.ForeignKey(
        Interpreter, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    party_key = models.CharField(max_length=24)
    text = models.TextField("erklæringens ordlyd")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField("underskrevet")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_reason = models.TextField("hvorfor erklæringen ikke længere gælder", blank=True)

    class Meta:
        ordering = ["grant", "agency", "party", "signed_at"]
        verbose_name = "erklæring på tro og love"
        verbose_name_plural = "erklæringer på tro og love"
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "agency", "party_key"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_declaration_per_party",
            ),
            models.CheckConstraint(
                name="interpreter_declaration_names_interpreter",
                condition=models.Q(party="interpreter", interpreter__isnull=False)
                | (~models.Q(party="interpreter") & models.Q(interpreter__isnull=True)),
            ),
        ]

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class DeclarationRequest(models.Model):
    """The automatic request to a party that has not signed: when it was asked, and when reminded."""

    grant = models.ForeignKey("cases.Grant", on_delete=models.CASCADE, related_name="declaration_requests")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    party = models.CharField("part", max_length=12, choices=DeclarationParty.choices)
    interpreter = models.ForeignKey(Interpreter, null=True, blank=True, on_delete=models.CASCADE)
    party_key = models.CharField(max_length=24)
    sent_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "agency", "party_key"], name="one_declaration_request_per_party"
            )
        ]


class LineStatus(models.TextChoices):
    """Where an invoice line stands with the user (attestation) and the payment officer."""

    AWAITING = "awaiting", "Afventer borgerens bekræftelse"
    CONFIRMED = "confirmed", "Bekræftet af borgeren"
    DISPUTED = "disputed", "Afvist af borgeren – holdt tilbage"
    REJECTED = "rejected", "Afvist af kommunen"


class InvoiceLine(models.Model):
    """One interpreting session on an agency's invoice, as claimed and as the product prices it."""

    request = models.ForeignKey(
        "payments.PaymentRequest", on_delete=models.CASCADE, related_name="invoice_lines"
    )
    position = models.PositiveSmallIntegerField("linje")
    date = models.DateField("dato")
    start = models.TimeField("fra")
    end = models.TimeField("til")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="invoice_lines")
    remote = models.BooleanField("fjerntolkning", default=False)
    postcode = models.CharField("postnummer (sted)", max_length=4, blank=True)
    zone = models.PositiveSmallIntegerField("zone (angivet på linjen)", null=True, blank=True)
    demanding = models.BooleanField("særligt krævende", default=False)
    claimed = models.DecimalField("faktureret beløb", max_digits=10, decimal_places=2)
    computed = models.DecimalField("beregnet beløb", max_digits=10, decimal_places=2)
    # The priced components (base, supplements, zone) with rule and rate-table rows, as computed.
    pricing = models.JSONField("beregning", default=dict, blank=True)
    status = models.CharField(max_length=10, choices=LineStatus.choices, default=LineStatus.AWAITING)
    dispute_reason = models.TextField("borgerens bemærkning", blank=True)
    rejection_reason = models.TextField("kommunens begrundelse for afvisning", blank=True)

    class Meta:
        ordering = ["request", "position"]
        verbose_name = "fakturalinje"
        verbose_name_plural = "fakturalinjer"
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="one_invoice_line_per_position"),
            models.CheckConstraint(name="zone_on_line_1_to_3", condition=models.Q(zone__gte=1, zone__lte=3)),
            models.CheckConstraint(name="claimed_not_negative", condition=models.Q(claimed__gte=0)),
        ]

    @property
    def minutes(self) -> int:
        end = 24 * 60 if (self.end.hour, self.end.minute) == (0, 0) else self.end.hour * 60 + self.end.minute
        return end - (self.start.hour * 60 + self.start.minute)


class PaidSession(models.Model):
    """A session paid: written in the approval's transaction, and refused by the database when the same
    interpreter already has a paid session overlapping it — for any user, in any municipality."""

    line = models.OneToOneField(InvoiceLine, on_delete=models.PROTECT, related_name="paid")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="paid_session_in_order", condition=models.Q(ends_at__gt=models.F("starts_at"))
            )
        ]


class AttestationParty(models.TextChoices):
    USER = "user", "Tolkebrugeren"
    INTERPRETER = "interpreter", "Tolken"
    AGENCY = "agency", "Tolkebureauet"


class Attestation(models.Model):
    """A signature on one interpreter's statement of sessions on one invoice (Copenhagen's receipt form).

    The user's signature is also the user's solemn declaration that the confirmed sessions took place.
    `confirmed` and `disputed` count the user's answers line by line at the time of signing.
    """

    request = models.ForeignKey(
        "payments.PaymentRequest", on_delete=models.CASCADE, related_name="attestations"
    )
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="+")
    party = models.CharField("part", max_length=12, choices=AttestationParty.choices)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    text = models.TextField("erklæringens ordlyd")
    confirmed = models.PositiveSmallIntegerField(default=0)
    disputed = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "interpreter", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "interpreter", "party"], name="one_signature_per_party_and_statement"
            )
        ]


class SampleCheck(models.Model):
    """One month's random sample of users asked whether they received the assistance paid for."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("måned")  # the first day of the month checked
    size = models.PositiveSmallIntegerField("stikprøvens størrelse")
    seed = models.CharField(max_length=64)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["municipality", "month"], name="one_sample_per_month")]


class SampleAnswerStatus(models.TextChoices):
    ASKED = "asked", "Spurgt"
    YES = "yes", "Ja, modtaget"
    NO = "no", "Nej – kontrolopgave oprettet"


class SampleAnswer(models.Model):
    """One user in a sample: the question (portal or letter), the answer, the control task a «no» opens."""

    sample = models.ForeignKey(SampleCheck, on_delete=models.CASCADE, related_name="answers")
    grant = models.ForeignKey("cases.Grant", on_delete=models.PROTECT, related_name="sample_answers")
    period_start = models.DateField()
    period_end = models.DateField()
    paid_total = models.DecimalField(max_digits=12, decimal_places=2)
    channel = models.CharField("spurgt via", max_length=8, default="portal")
    letter = models.ForeignKey("letters.Letter", null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=8, choices=SampleAnswerStatus.choices, default="asked")
    comment = models.TextField("bemærkning", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sample", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "grant"], name="one_answer_per_grant_in_sample")
        ]


class Tip(models.Model):
    """An anonymous tip, registered against a grant, an agency or an interpreter, and what came of it."""

    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    grant = models.ForeignKey(
        "cases.Grant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    interpreter = models.ForeignKey(
        Interpreter, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField("modtaget")
    channel = models.CharField("modtaget via", max_length=40)
    content = models.TextField("indhold")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    outcome = models.TextField("hvad kom der ud af det", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="tip_about_something",
                condition=models.Q(grant__isnull=False)
                | models.Q(agency__isnull=False)
                | models.Q(interpreter__isnull=False),
            )
        ]
