from django.apps import AppConfig


class ApiConfig(AppConfig):
    """REST API for employers' payroll systems: submit payment requests, read their status."""

    name = "kompensation.api"
