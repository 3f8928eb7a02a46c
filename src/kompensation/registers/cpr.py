"""CPR register adapter. The offline implementation reads the local fictitious register."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError


@dataclass(frozen=True)
class CprPerson:
    cpr: str
    first_name: str
    last_name: str
    address: str
    postcode: str
    city: str
    municipality_code: str


class CprRegister(Protocol):
    def lookup(self, cpr: str) -> CprPerson | None: ...


class OfflineCprRegister:
    """Offline adapter: answers from `OfflineCprRecord`, filled by demo data and tests."""

    def lookup(self, cpr: str) -> CprPerson | None:
        from .models import OfflineCprRecord

        record = OfflineCprRecord.objects.filter(cpr=cpr).first()
        if record is None:
            return None
        return CprPerson(
            cpr=record.cpr,
            first_name=record.first_name,
            last_name=record.last_name,
            address=record.address,
            postcode=record.postcode,
            city=record.city,
            municipality_code=record.municipality_code,
        )


@cache
def cpr_register() -> CprRegister:
    register: CprRegister = import_string(settings.KOMPENSATION_CPR_REGISTER)()
    return register


def clean_cpr(value: str) -> str:
    """The CPR number as ten digits, or ValueError with a Danish message (format and birth date)."""
    try:
        return str(stdnum_cpr.validate(value.strip()))
    except StdnumError as exc:
        raise ValueError(
            "Indtast et gyldigt CPR-nummer med 10 cifre, fx 010190-1234 (datoen skal være gyldig)."
        ) from exc
