from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate

TASK_PACKAGES = ("assessments", "documents", "evaluation", "outbox", "requests")


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfers"
    verbose_name = "Transfers"

    def ready(self) -> None:
        from transfers.access.groups import on_post_migrate

        self.import_task_modules()
        from transfers.assessments import (
            report,  # noqa: F401 (registers the TIA report renderer)
            triggers,  # noqa: F401 (connects the TIA outdating receivers)
        )
        from transfers.documents import scc_copy  # noqa: F401 (registers the SCC copy's renderer)
        from transfers.evaluation import triggers as evaluation_triggers  # noqa: F401

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="legal_groups_sync")

    def import_task_modules(self) -> None:
        """Register every package's Celery tasks in this process too, not only in a worker (whose
        autodiscovery imports them): a web process sends tasks by their registered names."""
        for package in TASK_PACKAGES:
            import_module(f"{self.name}.{package}.tasks")
