"""Persons and employers as the CPR and CVR registers know them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.accounts.models import Municipality
from kompensation.registers.cpr import clean_cpr, cpr_register
from kompensation.registers.cvr import clean_cvr, cvr_register
from kompensation.registers.errors import UNAVAILABLE

from ..models import (
    Employer,
    Person,
)

REGISTER_UNAVAILABLE = "register_unavailable"


def register_unavailable(error: ValidationError) -> bool:
    """True if the error is a register that did not answer (try again later), not a wrong number."""
    found = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return any(e.code == REGISTER_UNAVAILABLE for errors in found for e in errors)


def person_from_register(*, cpr: str, field: str = "cpr") -> Person:
    """The person as the CPR register knows them; refreshed on every use so the address is current."""
    try:
        cpr = clean_cpr(cpr)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc
    try:
        found = cpr_register().lookup(cpr)
    except UNAVAILABLE as exc:
        raise ValidationError(
            {
                field: ValidationError(
                    "CPR-registret svarede ikke, så personen kunne ikke slås op. Prøv igen om lidt.",
                    code=REGISTER_UNAVAILABLE,
                )
            }
        ) from exc
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
    try:
        found = cvr_register().lookup(cvr)
    except UNAVAILABLE as exc:
        raise ValidationError(
            {
                field: ValidationError(
                    "CVR-registret svarede ikke, så virksomheden kunne ikke slås op. Prøv igen om lidt.",
                    code=REGISTER_UNAVAILABLE,
                )
            }
        ) from exc
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
