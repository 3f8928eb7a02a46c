"""Nightly: time-limited grants whose end date has passed lapse, and the renewal reminders due are sent.

Safe to run any number of times: a lapsed grant is no longer active, and each reminder is a row the
database holds once per grant and week, so a second run (or a missed night made up) sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from kompensation.followup.services.renewals import grants_lapse, renewal_reminders_send


class Command(BaseCommand):
    help = "Lader tidsbegrænsede bevillinger udløbe efter slutdatoen og sender påmindelser om fornyelse."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        # Lapse first: a grant that ended yesterday gets no reminder today.
        lapsed = grants_lapse(today=today)
        reminded = renewal_reminders_send(today=today)
        self.stdout.write(
            f"{today:%d.%m.%Y}: {len(lapsed)} bevilling(er) udløbet, "
            f"{len(reminded)} påmindelse(r) om fornyelse sendt."
        )
