"""The Celery application, configured from Django's ``CELERY_*`` settings (cookiecutter-django)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from transfers.apps import TASK_PACKAGES  # noqa: E402 (a plain module: no model, no app)

app = Celery("transfer_register")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(lambda: [f"transfers.{package}" for package in TASK_PACKAGES])
