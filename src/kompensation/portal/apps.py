from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kompensation.portal"
