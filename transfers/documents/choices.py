"""The codes of stored documents: kind, edition, state, download channel."""

from django.db import models


class DocumentKind(models.TextChoices):
    """What a stored document is; each kind has one renderer (transfers.rendering)."""

    SCC = "scc", "SCC copy"
    TIA = "tia", "TIA report"


class DocumentEdition(models.TextChoices):
    FULL = "full", "Full (legal team)"
    DATA_SUBJECT = "data_subject", "Data-subject copy"


class DocumentState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class DownloadChannel(models.TextChoices):
    ADMIN = "admin", "Admin"
    API = "api", "API"
    PUBLIC = "public", "Public page"
    COMMAND = "command", "Management command"
