"""The two legal groups and their permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

LEGAL_EDITORS = "Legal editors"
LEGAL_VIEWERS = "Legal viewers"
REGISTER_APPS = ("affiliates", "vendors", "transfers")


@transaction.atomic
def legal_groups_sync() -> None:
    """Give the two legal groups the permissions of every register model.

    Runs after each migrate, so a model added later is covered without a new data migration.
    Editors may add, change and delete, and hold the models' own permissions too (downloading
    full, confidential SCC copies and TIA reports among them); viewers may only view, so they
    download data-subject copies only. Historical (audit) models are excluded: history is never
    edited by hand."""
    editors, _ = Group.objects.get_or_create(name=LEGAL_EDITORS)
    viewers, _ = Group.objects.get_or_create(name=LEGAL_VIEWERS)
    register_permissions = Permission.objects.filter(
        content_type__app_label__in=REGISTER_APPS
    ).exclude(content_type__model__startswith="historical")
    editors.permissions.set(register_permissions)
    viewers.permissions.set(register_permissions.filter(codename__startswith="view_"))


def on_post_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: sync once, when the last register app has migrated."""
    if sender.name == "transfers" and global_apps.is_installed("django.contrib.auth"):
        legal_groups_sync()
