from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "kompensation.payments"
    verbose_name = "Udbetalinger"
