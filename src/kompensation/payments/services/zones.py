"""The postcode → zone table for the interpreting zone supplement (BEK § 24): imported, all or nothing."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from kompensation.accounts.models import Municipality

from ..models import PostcodeZone

HEADER = ["postnummer", "zone"]


def _parse(text: str) -> tuple[dict[str, int], list[str]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    errors: list[str] = []
    if not rows or [c.strip().lower() for c in rows[0]] != HEADER:
        return {}, ["Linje 1: Første linje skal være overskriften »postnummer;zone«."]
    zones: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            errors.append(f"Linje {number}: Der skal være præcis to felter, postnummer og zone.")
            continue
        postcode, zone = row[0].strip(), row[1].strip()
        problems = []
        if not (len(postcode) == 4 and postcode.isascii() and postcode.isdigit()):
            problems.append(f"postnummeret »{postcode}« skal være fire cifre")
        if zone not in ("1", "2", "3"):
            problems.append(f"zonen »{zone}« skal være 1, 2 eller 3")
        elif postcode in zones:
            problems.append(f"postnummeret {postcode} står der mere end én gang")
        if problems:
            errors.append(f"Linje {number}: {'; '.join(problems).capitalize()}.")
        else:
            zones[postcode] = int(zone)
    if not zones and not errors:
        errors.append("Filen indeholder ingen postnumre.")
    return zones, errors


def postcode_zones_import(*, municipality: Municipality, text: str) -> int:
    """Replace the municipality's postcode → zone table with the CSV `text` (``postnummer;zone``).

    Every row is checked first; if any is wrong nothing is imported and the error lists the bad rows."""
    zones, errors = _parse(text)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        PostcodeZone.objects.filter(municipality=municipality).delete()
        PostcodeZone.objects.bulk_create(
            PostcodeZone(municipality=municipality, postcode=postcode, zone=zone)
            for postcode, zone in sorted(zones.items())
        )
    return len(zones)
