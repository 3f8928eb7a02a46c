"""Nightly: remind each party asked for a declaration of no economic interest (BEK § 25) that has not
signed after 7 days. Each request is reminded once (`reminded_at`), so running it twice sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kompensation.payments.services import declarations_remind


class Command(BaseCommand):
    help = "Påmind parter, der ikke har underskrevet en erklæring på tro og love efter 7 dage."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = declarations_remind()
        self.stdout.write(f"{len(reminded)} påmindelser om erklæringer sendt.")
