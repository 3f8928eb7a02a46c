"""Lists open cases whose promised decision date is near or past (RSL § 3 stk. 2).

The caseworker sees the same flag in the inbox and on the case, and sends the letter from the case page.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kompensation.accounts.models import Municipality
from kompensation.cases.selectors import cases_with_decision_delay


class Command(BaseCommand):
    help = "Viser sager, hvor afgørelsen ikke når den dato, personen har fået at vide (RSL § 3 stk. 2)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", help="Kommunekode, fx 657. Uden: alle kommuner.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options.get("kommune"):
            municipality = Municipality.objects.get(code=options["kommune"])
        delayed = cases_with_decision_delay(today=timezone.localdate(), municipality=municipality)
        for row in delayed:
            caseworker = row.case.caseworker.display_name if row.case.caseworker else "ufordelt"
            self.stdout.write(
                f"{row.case.reference}\t{row.promised:%d.%m.%Y}\t{row.days_left} dage\t{caseworker}"
            )
        self.stdout.write(f"{len(delayed)} sag(er) skal have besked om forsinket afgørelse.")
