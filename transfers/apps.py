from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TransfersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfers"
    verbose_name = "Transfers"

    def ready(self) -> None:
        from transfers import (
            assessment_triggers,  # noqa: F401 (connects the TIA outdating receivers)
            documents_scc,  # noqa: F401 (registers the SCC copy's renderer)
            evaluation_triggers,  # noqa: F401 (connects the re-evaluation receivers)
            tia_report,  # noqa: F401 (registers the TIA report renderer)
        )
        from transfers.services import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="legal_groups_sync")
