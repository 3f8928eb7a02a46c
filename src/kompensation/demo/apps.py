from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the app only carries the `demo_data` management command."""

    name = "kompensation.demo"
    verbose_name = "Demodata"
