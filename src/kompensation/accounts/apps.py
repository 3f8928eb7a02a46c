from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kompensation.accounts"
    verbose_name = "Brugere og kommuner"
