from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kompensation.letters.tasks import letters_render_missing


class Command(BaseCommand):
    help = "Sætter PDF-dannelse i kø for sendte breve, der mangler deres PDF (fx efter en fejl i dannelsen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=5,
            help="Spring breve over, der er sendt for nylig; deres PDF er sandsynligvis på vej (standard 5).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = letters_render_missing.call(min_age_minutes=options["min_age_minutes"])
        self.stdout.write(f"{count} brev(e) sat i kø til PDF-dannelse.")
