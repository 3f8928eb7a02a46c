from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "kompensation.complaints"
    verbose_name = "klager"
