from typing import Any

from django.core.management.base import BaseCommand

from kompensation.cases.services import application_send_cosign_reminders


class Command(BaseCommand):
    help = "Sender påmindelser om ansøgninger, virksomheden ikke har underskrevet efter 14 dage."

    def handle(self, *args: Any, **options: Any) -> None:
        count = application_send_cosign_reminders()
        self.stdout.write(f"{count} påmindelse(r) sendt.")
