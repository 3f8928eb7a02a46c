"""`demo_data`: fill the database with the fictitious demo caseload and print the demo logins."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from kompensation.cases.models import CaseStatus, Outcome
from kompensation.complaints.models import ComplaintStatus
from kompensation.demo.generator import DemoResult, generate

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Opretter fiktive demodata (personer, virksomheder, sager og demologins) gennem services."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases",
            type=int,
            default=60,
            help="Antal sager i kommunen (standard 60) ud over de faste klagesager.",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Startværdi for tilfældighed (standard 2026)."
        )
        parser.add_argument(
            "--no-letters",
            action="store_true",
            help="Spring PDF-opsætning af breve over (hurtigere; til benchmarks).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 0:
            raise CommandError("--cases skal være 0 eller derover.")
        started = time.monotonic()
        try:
            # The demo's e-mails (requests for declarations, reminders) are fictitious: kept in memory, not
            # printed or sent.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                result = generate(
                    cases=options["cases"], seed=options["seed"], with_letters=not options["no_letters"]
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(self._summary(result, elapsed))
        self.stdout.write("")
        self.stdout.write(self._table(result))
        self.stdout.write("")
        self.stdout.write(f"Start serveren og åbn {URL} – log ind med et af brugernavnene ovenfor.")
        self.stdout.write("Alle personer, CPR- og CVR-numre er fiktive. Adgangskoden gælder kun demoen.")

    def _summary(self, result: DemoResult, elapsed: float) -> str:
        if not result.created:
            return self.style.WARNING(
                f"Demodata findes allerede ({result.cases} sager i {result.municipality}); intet er ændret."
            )
        statuses = ", ".join(
            f"{count} {CaseStatus(status).label.lower()}" for status, count in result.cases_by_status.items()
        )
        outcomes = ", ".join(
            f"{count} {Outcome(outcome).label.lower()}"
            for outcome, count in result.decisions_by_outcome.items()
        )
        complaints = ", ".join(
            f"{count} {ComplaintStatus(status).label.lower()}"
            for status, count in result.complaints_by_status.items()
        )
        return self.style.SUCCESS(
            f"Demodata oprettet på {elapsed:.1f} sekunder: {result.cases} sager i {result.municipality} "
            f"({statuses}; afgørelser: {outcomes}; klager: {complaints}), "
            f"{result.applications_awaiting_employer} ansøgning(er) "
            f"afventer virksomhedens underskrift, {result.tenancy_cases} sager i en anden kommune, "
            f"{result.letters_sent} sendte breve."
        )

    def _table(self, result: DemoResult) -> str:
        header = ("Rolle", "Brugernavn", "Adgangskode", "Prøv")
        rows = [(login.role, login.username, login.password, login.description) for login in result.logins]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]

        def line(row: tuple[str, str, str, str]) -> str:
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            return "  ".join([*cells, row[3]])

        rule = "  ".join(["-" * width for width in widths] + ["-" * len(header[3])])
        return "\n".join([line(header), rule, *(line(row) for row in rows)])
