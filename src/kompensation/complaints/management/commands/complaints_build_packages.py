"""Build every forwarded complaint's missing package now (cron, or after a worker outage)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompensation.complaints.services import forwarding


class Command(BaseCommand):
    help = "Danner de oversendelsespakker til Ankestyrelsen, der mangler."

    def handle(self, *args: Any, **options: Any) -> None:
        built = 0
        for complaint_id in forwarding.complaints_missing_package():
            try:
                built += forwarding.complaint_package_build(complaint_id=complaint_id)
            except Exception as error:  # one broken package must not stop the others
                self.stderr.write(f"Klage {complaint_id}: pakken kunne ikke dannes ({error}).")
        self.stdout.write(f"{built} oversendelsespakke(r) dannet.")
