"""Municipalities (the tenants), users with one role each, and the access log of personal data."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class Municipality(models.Model):
    code = models.CharField("kommunekode", max_length=3, unique=True)
    name = models.CharField("navn", max_length=80)
    region = models.CharField("region", max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return f"{self.name} Kommune"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Sagsbehandler"
    PAYMENT_OFFICER = "payment_officer", "Ydelsesmedarbejder"
    MANAGER = "manager", "Leder"
    EMPLOYER = "employer", "Virksomhed"
    INTERPRETER_AGENCY = "interpreter_agency", "Tolkevirksomhed"
    # The interpreter personally: signs declarations and the statement of sessions (MitID).
    INTERPRETER = "interpreter", "Tolk"
    CITIZEN = "citizen", "Borger"
    NATIONAL = "national", "STAR (læseadgang)"
    DATA_PROTECTION = "data_protection", "Databeskyttelsesrådgiver"


# Staff who work on cases and payments. The data-protection officer is employed by the municipality too
# but supervises the work instead of doing it: no cases, no payments, only the access log.
STAFF_ROLES = frozenset({Role.CASEWORKER, Role.PAYMENT_OFFICER, Role.MANAGER})
MUNICIPAL_ROLES = STAFF_ROLES | {Role.DATA_PROTECTION}


class User(AbstractUser):
    role = models.CharField("rolle", max_length=24, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", null=True, blank=True, on_delete=models.PROTECT
    )
    cvr = models.CharField("CVR-nummer", max_length=8, blank=True, db_index=True)
    cpr = models.CharField("CPR-nummer", max_length=10, blank=True, db_index=True)
    # Staff's direct line, printed on every letter they send (the person can reach the caseworker).
    phone = models.CharField("direkte telefon", max_length=20, blank=True)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"
        constraints = [
            models.CheckConstraint(
                name="staff_has_municipality",
                condition=~models.Q(role__in=["caseworker", "payment_officer", "manager", "data_protection"])
                | models.Q(municipality__isnull=False),
            ),
            models.CheckConstraint(
                name="employer_has_cvr", condition=~models.Q(role="employer") | ~models.Q(cvr="")
            ),
            models.CheckConstraint(
                name="agency_has_cvr", condition=~models.Q(role="interpreter_agency") | ~models.Q(cvr="")
            ),
            models.CheckConstraint(
                name="citizen_has_cpr", condition=~models.Q(role="citizen") | ~models.Q(cpr="")
            ),
        ]

    @property
    def is_municipal_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AccessLog(models.Model):
    """Append-only: who saw which personal data, when, and why (view or CPR reveal).

    Append-only twice over: `save()` and `delete()` refuse here, and on PostgreSQL a trigger refuses
    UPDATE and DELETE from any client (migration `accounts.0003_append_only_triggers`).
    """

    class Action(models.TextChoices):
        VIEW = "view", "Visning"
        REVEAL_CPR = "reveal_cpr", "Fuldt CPR-nummer vist"
        DOWNLOAD = "download", "Dokument hentet"
        HEALTH = "health", "Helbredsoplysninger læst"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    person_id = models.BigIntegerField(null=True, db_index=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "adgangslog"
        verbose_name_plural = "adgangslog"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Adgangsloggen kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Adgangsloggen kan ikke slettes.")
