from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from kompensation.social.plans import plan_payments_make


class Command(BaseCommand):
    help = (
        "Danner de månedlige udbetalinger af BPA (SEL § 96) og kontant tilskud (SEL § 95), der er forfaldne: "
        "forud til borgeren eller en nærtstående, bagud til en forening eller virksomhed. Hver måned én gang."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made = plan_payments_make(today=timezone.localdate())
        self.stdout.write(f"{len(made)} månedlig(e) udbetaling(er) dannet.")
