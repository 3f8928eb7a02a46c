from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kompensation.cases"
