from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "kompensation.social"
    verbose_name = "serviceloven (BPA, kontant tilskud, hjælpemidler)"

    def ready(self) -> None:
        # The permission rules register themselves on import.
        from . import permissions  # noqa: F401
