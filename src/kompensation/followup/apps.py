from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "kompensation.followup"
    verbose_name = "opfølgning"

    def ready(self) -> None:
        # The permission rules register themselves on import.
        from . import permissions  # noqa: F401
