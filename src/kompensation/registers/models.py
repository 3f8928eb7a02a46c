"""The offline registers' own data: a local, fictitious copy of CPR and CVR records.

The real CPR and CVR services replace the offline adapters by configuration; these tables
are then unused. Demo data and tests fill them with clearly fictitious people and companies.
"""

from django.db import models


class OfflineCprRecord(models.Model):
    cpr = models.CharField(max_length=10, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=4)
    city = models.CharField(max_length=100)
    municipality_code = models.CharField(max_length=3)

    class Meta:
        verbose_name = "CPR-post (offline)"
        verbose_name_plural = "CPR-poster (offline)"


class OfflineCvrRecord(models.Model):
    cvr = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=4)
    city = models.CharField(max_length=100)
    active_from = models.DateField()
    active_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "CVR-post (offline)"
        verbose_name_plural = "CVR-poster (offline)"


class OfflineIncomeRecord(models.Model):
    """eIndkomst, offline: wages a company (CVR) reported for a person (CPR) in a month."""

    cvr = models.CharField(max_length=8, db_index=True)
    cpr = models.CharField(max_length=10, db_index=True)
    month = models.DateField(help_text="Første dag i måneden")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "eIndkomst-post (offline)"
        verbose_name_plural = "eIndkomst-poster (offline)"
        indexes = [models.Index(fields=["cvr", "cpr", "month"])]
