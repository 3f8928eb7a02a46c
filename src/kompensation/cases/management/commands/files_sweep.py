from typing import Any

from django.core.management.base import BaseCommand

from kompensation.files import files_sweep


class Command(BaseCommand):
    help = "Fjerner filer, som ingen række henviser til, og som er mere end en time gamle."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = files_sweep()
        for name in removed:
            self.stdout.write(f"Fjernet: {name}")
        self.stdout.write(f"{len(removed)} fil(er) fjernet.")
