from typing import Any

from django.core.management.base import BaseCommand

from kompensation.payments.services import attestation_reminders_send


class Command(BaseCommand):
    help = (
        "Sender én påmindelse til borgeren om tolkning, der ikke er bekræftet 14 dage efter, at fakturaen "
        "blev modtaget."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = attestation_reminders_send()
        self.stdout.write(f"{count} påmindelse(r) sendt.")
