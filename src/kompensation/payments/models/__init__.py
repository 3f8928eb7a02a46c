"""Payment requests, rate tables, controls, corrections, payout batches and repayment claims."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from kompensation import formats
from kompensation.accounts.models import Municipality
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.rules import repayment as repayment_rules
from kompensation.rules.payments import period_label


class RateKind(models.TextChoices):
    STANDARD_HOURLY = "standard_hourly", "Timesats, standard (elevsats trin 3, stedtillæg IV)"
    RAISED_HOURLY = "raised_hourly", "Timesats, forhøjet"
    STANDARD_PERCENTAGE = "standard_percentage", "Standardprocent for ferie, pension, sygdom m.v."
    INTERPRETING_HOURLY = "interp_hourly", "Tolkning: timesats"
    INTERPRETING_ZONE_1 = "interp_zone_1", "Tolkning: kørselszonetillæg, zone 1"
    INTERPRETING_ZONE_2 = "interp_zone_2", "Tolkning: kørselszonetillæg, zone 2"
    INTERPRETING_ZONE_3 = "interp_zone_3", "Tolkning: kørselszonetillæg, zone 3"
    INTERPRETING_WEEKEND = "interp_weekend", "Tolkning: tillæg pr. time lørdag, søndag og helligdag"
    INTERPRETING_EVENING = "interp_evening", "Tolkning: tillæg pr. time kl. 17–07"
    INTERPRETING_DEMANDING = "interp_demanding", "Tolkning: tillæg pr. time for særligt krævende tolkning"
    # Serviceloven §§ 95–96: the municipality's own annual rates for the monthly payment plan.
    BPA_HOURLY = "bpa_hourly", "BPA: timebeløb, egentlige timer"
    BPA_STANDBY_HOURLY = "bpa_standby_hourly", "BPA: timebeløb, rådighedstimer"
    BPA_ADMIN_PER_HOUR = "bpa_admin_hour", "BPA: administrationsbidrag pr. time"
    BPA_ADMIN_MONTHLY = "bpa_admin_month", "BPA: administrationsbidrag pr. måned"
    CASH_HOURLY = "cash_hourly", "Kontant tilskud (§ 95): timebeløb"


# The standard hourly rate follows the collective agreement between HK and the State (BEK § 22): one
# national rate, owned by the national role. The standard percentage (the simplified calculation the audit
# proposes) and the raised rate are the municipality's own choices, so a municipality keeps its own rows;
# without them the national row applies. The interpreting rates (BEK § 24, as amended by BEK nr. 1317 af
# 08/09/2020) are national too.
INTERPRETING_RATE_KINDS = (
    RateKind.INTERPRETING_HOURLY,
    RateKind.INTERPRETING_ZONE_1,
    RateKind.INTERPRETING_ZONE_2,
    RateKind.INTERPRETING_ZONE_3,
    RateKind.INTERPRETING_WEEKEND,
    RateKind.INTERPRETING_EVENING,
    RateKind.INTERPRETING_DEMANDING,
)
NATIONAL_RATE_KINDS = frozenset({RateKind.STANDARD_HOURLY, *INTERPRETING_RATE_KINDS})
SOCIAL_RATE_KINDS = (
    RateKind.BPA_HOURLY,
    RateKind.BPA_STANDBY_HOURLY,
    RateKind.BPA_ADMIN_PER_HOUR,
    RateKind.BPA_ADMIN_MONTHLY,
    RateKind.CASH_HOURLY,
)
MUNICIPAL_RATE_KINDS = frozenset({RateKind.STANDARD_PERCENTAGE, RateKind.RAISED_HOURLY, *SOCIAL_RATE_KINDS})


class RateRow(models.Model):
    """One row of the rate table. Rows are never edited once used: a new rate is a new row."""

    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="kommune (tom: national sats)",
    )
    kind = models.CharField("sats", max_length=24, choices=RateKind.choices)
    seniority = models.PositiveSmallIntegerField("anciennitetstrin", default=0)
    valid_from = models.DateField("gælder fra")
    value = models.DecimalField("værdi", max_digits=9, decimal_places=2)
    source = models.CharField("kilde", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "seniority", "valid_from"]
        verbose_name = "sats"
        verbose_name_plural = "satstabel"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "seniority", "valid_from"],
                condition=models.Q(municipality__isnull=True),
                name="one_national_rate_per_day",
            ),
            models.UniqueConstraint(
                fields=["municipality", "kind", "seniority", "valid_from"],
                condition=models.Q(municipality__isnull=False),
                name="one_municipal_rate_per_day",
            ),
            models.CheckConstraint(name="rate_not_negative", condition=models.Q(value__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fra {self.valid_from:%d.%m.%Y}: {formats.number(self.value)}"


class PostcodeZone(models.Model):
    """The municipality's postcode → zone table for the interpreting zone supplement (imported, not code)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    postcode = models.CharField("postnummer", max_length=4)
    zone = models.PositiveSmallIntegerField("zone")

    class Meta:
        ordering = ["municipality", "postcode"]
        verbose_name = "postnummerzone"
        verbose_name_plural = "postnummerzoner"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "postcode"], name="one_zone_per_postcode"),
            models.CheckConstraint(name="zone_between_1_and_3", condition=models.Q(zone__gte=1, zone__lte=3)),
        ]

    def __str__(self) -> str:
        return f"{self.postcode}: zone {self.zone}"


class CalculationMode(models.TextChoices):
    DETAILED = "detailed", "Detaljeret (BEK §§ 22–23)"
    SIMPLIFIED = "simplified", "Forenklet (standardsats + standardprocent)"


class PaymentSettings(models.Model):
    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="payment_settings"
    )
    mode = models.CharField(
        "beregning", max_length=12, choices=CalculationMode.choices, default=CalculationMode.SIMPLIFIED
    )
    # The municipality's own account per grant kind ({"interpreting": "05.18.11"}); else the kind's default.
    accounts = models.JSONField("konti pr. ydelse", default=dict, blank=True)
    # Ankestyrelsen found half the municipalities pay BPA's administration contribution per hour, the rest
    # as a sum: both exist, so it is the municipality's choice (rate kinds BPA_ADMIN_PER_HOUR / _MONTHLY).
    bpa_admin_mode = models.CharField(
        "administrationsbidrag til BPA",
        max_length=8,
        choices=[("per_hour", "Pr. time"), ("sum", "Som et fast beløb pr. måned")],
        default="per_hour",
    )
    # How many users the monthly sample check asks whether they received what was paid for.
    sample_size = models.PositiveSmallIntegerField("stikprøve pr. måned", default=5)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "udbetalingsindstilling"
        verbose_name_plural = "udbetalingsindstillinger"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Kladde"
    SUBMITTED = "submitted", "Modtaget"
    APPROVED = "approved", "Godkendt"
    REJECTED = "rejected", "Afvist"
    PAID = "paid", "Udbetalt"


# A live request claims its days of the grant: no two live requests for one grant may overlap. The database
# enforces it (migration 0002: an exclusion constraint on PostgreSQL, a trigger on SQLite).
LIVE_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.APPROVED, RequestStatus.PAID)


class RequestSource(models.TextChoices):
    PORTAL = "portal", "Portalen"
    API = "api", "API"
    OIOUBL = "oioubl", "OIOUBL-faktura"
    # A month of a BPA or cash-allowance grant's payment plan, or an aid's price, made from the decision.
    PLAN = "plan", "Betalingsplan efter afgørelse"


class PaymentRequest(models.Model):
    """A claim on a grant for one period, paid to the grant kind's payee.

    For personal assistance: the employer's anmodning om udbetaling (BEK § 27) with hours per assistant and
    payslips. For interpreting: the agency's invoice for one user, its sessions in `invoice_lines`. The
    calculation, controls, corrections, approval and payout are the same for both.
    """

    grant = models.ForeignKey("cases.Grant", on_delete=models.PROTECT, related_name="payment_requests")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    kind = models.CharField(
        "ydelse", max_length=16, choices=GrantKindCode.choices, default=GrantKindCode.ASSISTANCE
    )
    employer = models.ForeignKey(
        "cases.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="payment_requests"
    )
    agency = models.ForeignKey(
        "payments.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    # The person or a relative paid under a BPA or cash-allowance plan (NemKonto by CPR).
    payee_person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_payments"
    )
    invoice_number = models.CharField("fakturanummer", max_length=40, blank=True)
    source = models.CharField("modtaget via", max_length=8, choices=RequestSource.choices, default="portal")
    period_start = models.DateField("periode fra")
    period_end = models.DateField("periode til")
    mode = models.CharField("beregning", max_length=12, choices=CalculationMode.choices)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    declaration = models.BooleanField("tro og love", default=False)
    calculation = models.JSONField("beregning", default=dict, blank=True)
    requested_total = models.DecimalField("anmodet beløb", max_digits=12, decimal_places=2, null=True)
    approved_total = models.DecimalField("godkendt beløb", max_digits=12, decimal_places=2, null=True)
    payout_due = models.DateField("udbetales senest", null=True, blank=True)
    late = models.BooleanField("for sent", default=False)
    # The audit's suggestion: the employer's payment request also answers "is the need unchanged?"; a «nej»
    # opens a change report (BEK § 29; followup app). None: not asked (an invoice, or an older request).
    need_unchanged = models.BooleanField("behovet er uændret", null=True, blank=True)
    late_reason = models.TextField("begrundelse for at betale for sent indsendt anmodning", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField("begrundelse for afvisning", blank=True)
    override_reason = models.TextField(
        "begrundelse for at godkende trods kontroller, der fejlede eller ikke kunne gennemføres", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "anmodning om udbetaling"
        verbose_name_plural = "anmodninger om udbetaling"
        indexes = [models.Index(fields=["municipality", "status", "payout_due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "idempotency_key"], name="idempotency_key_once_per_employer"
            ),
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"], name="idempotency_key_once_per_agency"
            ),
            # An agency's invoice number is paid once: a resent invoice is refused, not paid twice.
            models.UniqueConstraint(
                fields=["agency", "invoice_number"],
                condition=models.Q(agency__isnull=False, status__in=LIVE_STATUSES),
                name="live_invoice_number_once_per_agency",
            ),
            models.CheckConstraint(
                name="payment_period_in_order", condition=models.Q(period_end__gte=models.F("period_start"))
            ),
            # The payee follows the grant kind: the employer for assistance, the agency for interpreting.
            models.CheckConstraint(
                name="payee_follows_kind",
                condition=(
                    models.Q(kind=GrantKindCode.ASSISTANCE, employer__isnull=False, agency__isnull=True)
                    | models.Q(kind=GrantKindCode.INTERPRETING, agency__isnull=False)
                    # A plan pays exactly one of the person (or a relative) and an association or company;
                    # an aid pays its supplier.
                    | models.Q(
                        kind__in=[GrantKindCode.BPA, GrantKindCode.CASH_ALLOWANCE],
                        agency__isnull=True,
                        employer__isnull=False,
                        payee_person__isnull=True,
                    )
                    | models.Q(
                        kind__in=[GrantKindCode.BPA, GrantKindCode.CASH_ALLOWANCE],
                        agency__isnull=True,
                        employer__isnull=True,
                        payee_person__isnull=False,
                    )
                    | models.Q(kind=GrantKindCode.AID, employer__isnull=False, agency__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Anmodning {self.pk} ({self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y})"

    @property
    def reference(self) -> str:
        return f"UDB-{self.pk:07d}"

    @property
    def is_invoice(self) -> bool:
        return self.kind == GrantKindCode.INTERPRETING

    @property
    def payee_cvr(self) -> str:
        """The payee's CVR; empty when the payee is a person (paid by CPR, `payee_cpr`)."""
        if self.payee_person_id is not None:
            return ""
        payee = self.agency if self.is_invoice else self.employer
        assert payee is not None
        return payee.cvr

    @property
    def payee_cpr(self) -> str:
        return self.payee_person.cpr if self.payee_person is not None else ""

    @property
    def payee_name(self) -> str:
        if self.payee_person is not None:
            return self.payee_person.name
        payee = self.agency if self.is_invoice else self.employer
        assert payee is not None
        return payee.name

    @property
    def period_name(self) -> str:
        """»3. kvartal 2026«, »januar 2026«, or the dates of any other period."""
        return period_label(self.period_start, self.period_end)

    @property
    def confirmed_corrections(self) -> models.QuerySet[Correction]:
        """The corrections that count, and the only ones the employer is shown."""
        return self.corrections.filter(status=CorrectionStatus.CONFIRMED)


class HoursEntry(models.Model):
    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="hours")
    assistant = models.CharField("assistent", max_length=200)
    start = models.DateField("fra")
    end = models.DateField("til")
    hours = models.DecimalField("timer", max_digits=6, decimal_places=1)
    rate_kind = models.CharField(max_length=10, default="standard")
    seniority = models.PositiveSmallIntegerField("anciennitetstrin", default=0)

    class Meta:
        ordering = ["assistant", "start"]


class SupplementEntry(models.Model):
    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="supplements")
    kind = models.CharField("tillæg", max_length=24)
    assistant = models.CharField("assistent", max_length=200)
    amount = models.DecimalField("beløb", max_digits=10, decimal_places=2, null=True, blank=True)
    percentage = models.DecimalField("procent", max_digits=5, decimal_places=2, null=True, blank=True)
    basis = models.DecimalField("grundlag", max_digits=10, decimal_places=2, null=True, blank=True)


class ApprovedTrip(models.Model):
    """A work trip the caseworker approved (its own application: purpose, dates, estimated costs)."""

    grant = models.ForeignKey("cases.Grant", on_delete=models.PROTECT, related_name="trips")
    purpose = models.CharField("formål", max_length=300)
    start = models.DateField("fra")
    end = models.DateField("til")
    estimated_cost = models.DecimalField("anslåede udgifter", max_digits=10, decimal_places=2)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.start:%d.%m.%Y}–{self.end:%d.%m.%Y})"


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", "Rejseudgifter for assistenten (godkendt rejse)"
    OTHER = "other", "Andre udgifter virksomheden er forpligtet til at betale"


class ExpenseEntry(models.Model):
    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=8, choices=ExpenseKind.choices)
    trip = models.ForeignKey(ApprovedTrip, null=True, blank=True, on_delete=models.PROTECT)
    description = models.CharField("beskrivelse", max_length=300)
    amount = models.DecimalField("beløb", max_digits=10, decimal_places=2)


def payslip_path(instance: Payslip, filename: str) -> str:
    return f"payslips/{instance.sha256[:2]}/{instance.sha256}"


class Payslip(models.Model):
    """A payslip, or (kind "receipt") a receipt for a travel or other expense."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="payslips")
    kind = models.CharField(max_length=8, default="payslip")
    assistant = models.CharField("assistent", max_length=200, blank=True)
    file = models.FileField(upload_to=payslip_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)


class ControlStatus(models.TextChoices):
    PASS = "pass", "Godkendt"
    FAIL = "fail", "Fejl"
    UNKNOWN = "unknown", "Kunne ikke kontrolleres"


class ControlResult(models.Model):
    """One control's finding. An interpreting invoice's flags may point at the line they are about."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="controls")
    line = models.ForeignKey(
        "payments.InvoiceLine", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    code = models.CharField(max_length=32)
    label = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=ControlStatus.choices)
    evidence = models.TextField(blank=True)
    # What the system already did about it (e.g. hours above the average deducted, with the amount), and
    # what is left for the payment officer to decide.
    action_taken = models.TextField("gjort automatisk", blank=True)
    officer_decides = models.TextField("du skal", blank=True)
    rule = models.CharField(max_length=120, blank=True)
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "Afventer godkendelse"
    CONFIRMED = "confirmed", "Godkendt"
    REFUSED = "refused", "Afvist"


class Correction(models.Model):
    """The payment officer's change of an amount, with the reason the employer is shown.

    A correction that raises the total above the computed amount waits (`pending`) until a second
    payment officer confirms it; until then it changes nothing and the request cannot be approved.
    `confirmed_by`/`confirmed_at` record who settled it, whether confirmed or refused.
    """

    request = models.ForeignKey(PaymentRequest, on_delete=models.PROTECT, related_name="corrections")
    line_code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    old_amount = models.DecimalField(max_digits=12, decimal_places=2)
    new_amount = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.TextField("begrundelse")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.CONFIRMED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]


class PayoutBatch(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    content = models.TextField("CSV")
    sha256 = models.CharField(max_length=64)
    total = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-created_at"]


class Payout(models.Model):
    """One payout per request: the unique request is what makes paying twice impossible."""

    request = models.OneToOneField(PaymentRequest, on_delete=models.PROTECT, related_name="payout")
    batch = models.ForeignKey(
        PayoutBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payouts"
    )
    gross = models.DecimalField(max_digits=12, decimal_places=2)
    offset = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    net = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Kladde"
    HEARING = "hearing", "I partshøring"
    DECIDED = "decided", "Afgjort"
    DROPPED = "dropped", "Opgivet"


class ClaimCondition(models.TextChoices):
    """Which of the conditions for repayment the claim rests on (`rules.repayment.CONDITIONS`)."""

    WRONG_INFORMATION = repayment_rules.WRONG_INFORMATION, repayment_rules.CONDITIONS["wrong_information"][0]
    CONCEALED = repayment_rules.CONCEALED, repayment_rules.CONDITIONS["concealed"][0]
    CONDITIONS_NOT_MET = (
        repayment_rules.CONDITIONS_NOT_MET,
        repayment_rules.CONDITIONS["conditions_not_met"][0],
    )


class Settlement(models.TextChoices):
    PAYMENT = "payment", "Virksomheden betaler beløbet"
    OFFSET = "offset", "Beløbet modregnes i kommende udbetalinger"


class RepaymentClaim(models.Model):
    """Tilbagebetalingskrav: a decision, so the employer is heard first (FVL § 19).

    draft → hearing (letter to the employer, deadline) → decided (letter with complaint guidance) or
    dropped. `lines` holds the computation per paid request (paid, earlier claimed, should have been,
    difference); `amount` is their sum. Only a decided claim settled by offsetting is offset in payouts.
    """

    grant = models.ForeignKey("cases.Grant", on_delete=models.PROTECT, related_name="repayment_claims")
    status = models.CharField(max_length=8, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    condition = models.CharField("betingelse", max_length=24, choices=ClaimCondition.choices, blank=True)
    facts = models.TextField("sagens faktiske omstændigheder")
    legal_basis = models.TextField("hjemmel")
    lines = models.JSONField("beregning", default=list, blank=True)
    amount = models.DecimalField("beløb", max_digits=12, decimal_places=2)
    period_start = models.DateField()
    period_end = models.DateField()
    outstanding = models.DecimalField(max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    hearing_letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hearing_sent_on = models.DateField("partshøring sendt", null=True, blank=True)
    response_due = models.DateField("svarfrist", null=True, blank=True)
    answer = models.TextField("virksomhedens svar", blank=True)
    answered_on = models.DateField("svar modtaget", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.TextField("vurdering af svaret", blank=True)
    settlement = models.CharField("afvikling", max_length=8, choices=Settlement.choices, blank=True)
    payment_account = models.CharField("indbetales til", max_length=200, blank=True)
    payment_due = models.DateField("betales senest", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    dropped_reason = models.TextField("begrundelse for at opgive kravet", blank=True)
    letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tilbagebetalingskrav"
        verbose_name_plural = "tilbagebetalingskrav"
        constraints = [
            models.CheckConstraint(name="claim_amount_positive", condition=models.Q(amount__gt=0)),
            models.CheckConstraint(
                name="claim_outstanding_within_amount",
                condition=models.Q(outstanding__gte=0, outstanding__lte=models.F("amount")),
            ),
        ]

    def __str__(self) -> str:
        return f"Tilbagebetalingskrav {self.reference}"

    @property
    def reference(self) -> str:
        return f"TBK-{self.pk:07d}"

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    @property
    def condition_text(self) -> str:
        return repayment_rules.CONDITIONS[self.condition][1] if self.condition else ""


class Offset(models.Model):
    claim = models.ForeignKey(RepaymentClaim, on_delete=models.PROTECT, related_name="offsets")
    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="offsets")
    amount = models.DecimalField(max_digits=12, decimal_places=2)


from .interpreting import (  # noqa: E402  (the interpreting models refer to PaymentRequest above)
    Agency,
    Attestation,
    AttestationParty,
    Declaration,
    DeclarationParty,
    DeclarationRequest,
    EconomicLink,
    Interpreter,
    InvoiceLine,
    LineStatus,
    PaidSession,
    SampleAnswer,
    SampleCheck,
    Tip,
)

__all__ = [
    "Agency",
    "Attestation",
    "AttestationParty",
    "Declaration",
    "DeclarationParty",
    "DeclarationRequest",
    "EconomicLink",
    "Interpreter",
    "InvoiceLine",
    "LineStatus",
    "PaidSession",
    "SampleAnswer",
    "SampleCheck",
    "Tip",
]
