from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project package as an app, only so that its system checks are registered."""

    name = "config"
    verbose_name = "Project wiring"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the deployment checks)
