"""API tokens (only their hash is stored) and the stored first response of each idempotency key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A payroll system's key to the API. The secret is shown once; the database keeps its SHA-256 only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("navn", max_length=100, help_text="Fx lønsystemets navn.")
    prefix = models.CharField(
        "begyndelse", max_length=8, help_text="De første 8 tegn, så tokenet kan genkendes."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    expires_at = models.DateTimeField("udløber")
    last_used_at = models.DateTimeField("senest brugt", null=True, blank=True)
    revoked_at = models.DateTimeField("spærret", null=True, blank=True)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiIdempotencyRecord(models.Model):
    """The first answer to (CVR, Idempotency-Key); a repeat of the key gets exactly this answer again.

    The row is inserted before the work starts, inside the same transaction, so a parallel call with the
    same key waits on the unique index until the first call has committed, then replays its answer.
    """

    cvr = models.CharField("CVR-nummer", max_length=8)
    key = models.CharField("nøgle", max_length=80)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 af anmodningens JSON i fast form.")
    status_code = models.PositiveSmallIntegerField(default=0, help_text="0 mens anmodningen behandles.")
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "engangsnøgle"
        verbose_name_plural = "engangsnøgler"
        constraints = [models.UniqueConstraint(fields=["cvr", "key"], name="api_idempotency_key_per_cvr")]

    def __str__(self) -> str:
        return f"{self.cvr}: {self.key} → {self.status_code}"
