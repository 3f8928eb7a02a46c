import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kompensation.payments.services.samples import municipalities_with_payouts, previous_month, sample_draw


class Command(BaseCommand):
    help = (
        "Trækker månedens stikprøve (som standard sidste måned) for hver kommune med udbetalinger i måneden. "
        "En stikprøve, der allerede er trukket, røres ikke."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="Måneden som ÅÅÅÅ-MM (standard: sidste måned).")

    def handle(self, *args: Any, **options: Any) -> None:
        month = previous_month(timezone.localdate())
        if options.get("month"):
            try:
                month = dt.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError as error:
                raise CommandError("Angiv måneden som ÅÅÅÅ-MM, fx 2026-10.") from error
        for municipality in municipalities_with_payouts(month):
            sample = sample_draw(municipality=municipality, month=month)
            self.stdout.write(
                f"{municipality.name} {month:%Y-%m}: {sample.answers.count()} spurgt (frø {sample.seed})."
            )
