"""Imports a municipality's postcode → zone table for the interpreting zone supplement (BEK § 24).

The file is semicolon-separated with a header row, ``postnummer;zone``. Every row is checked; if one is
wrong, nothing is imported and the bad rows are listed.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompensation.accounts.models import Municipality
from kompensation.payments.services import postcode_zones_import


class Command(BaseCommand):
    help = "Indlæser kommunens tabel over postnumre og kørselszoner for tolkning (CSV: postnummer;zone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kommune", help="Kommunekode, fx 657.")
        parser.add_argument("fil", help="Sti til CSV-filen (semikolonsepareret, overskrift postnummer;zone).")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["kommune"]).first()
        if municipality is None:
            raise CommandError(f"Kommunekoden {options['kommune']} findes ikke.")
        try:
            text = Path(options["fil"]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Filen kunne ikke læses: {error}") from error
        try:
            count = postcode_zones_import(municipality=municipality, text=text)
        except ValidationError as error:
            lines = "\n".join(error.messages)
            raise CommandError(f"Intet er indlæst, fordi disse linjer er forkerte:\n{lines}") from error
        self.stdout.write(f"{count} postnumre indlæst for {municipality}.")
