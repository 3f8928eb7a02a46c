from django.apps import AppConfig


class UiConfig(AppConfig):
    """The shared page frame, form rendering and Danish formatting for every app's templates."""

    name = "kompensation.ui"
