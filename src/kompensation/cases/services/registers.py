"""Persons and employers as the CPR and CVR registers know them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.accounts.models import Municipality
from kompensation.registers.cpr import clean_cpr, cpr_register
from kompensation.registers.cvr import clean_cvr, cvr_register

from ..models import (
    Employer,
    Person,
)


def person_from_register(*, cpr: str, field: str = "cpr") -> Person:
    """The person as the CPR register knows them; refreshed on every use so the address is current."""
    try:
        cpr = clean_cpr(cpr)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc
    found = cpr_register().lookup(cpr)
    if found is None:
        raise ValidationError({field: "CPR-nummeret findes ikke i CPR-registret. Kontrollér nummeret."})
    municipality = Municipality.objects.get(code=found.municipality_code)
    person, _ = Person.objects.update_or_create(
        cpr=cpr,
        defaults={
            "first_name": found.first_name,
            "last_name": found.last_name,
            "address": found.address,
            "postcode": found.postcode,
            "city": found.city,
            "municipality": municipality,
        },
    )
    return person


def employer_from_register(*, cvr: str, field: str = "employer_cvr") -> Employer:
    try:
        cvr = clean_cvr(cvr)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc
    found = cvr_register().lookup(cvr)
    if found is None:
        raise ValidationError({field: "CVR-nummeret findes ikke i CVR-registret. Kontrollér nummeret."})
    if not found.active_on(timezone.localdate()):
        raise ValidationError({field: f"{found.name} er ikke aktiv i CVR-registret."})
    employer, _ = Employer.objects.update_or_create(
        cvr=cvr,
        defaults={
            "name": found.name,
            "address": found.address,
            "postcode": found.postcode,
            "city": found.city,
        },
    )
    return employer
