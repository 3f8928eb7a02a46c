from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PaymentsConfig(AppConfig):
    name = "kompensation.payments"
    verbose_name = "Udbetalinger"

    def ready(self) -> None:
        from .sqlite_guards import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, sender=self)
