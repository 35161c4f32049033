"""Stored documents (SCC copies, TIA reports) and the log of their downloads.

A document row is the truth about a PDF: what it was made from (``inputs`` and their hash), which
version of its source it is, and where rendering stands. The Celery task only moves a row from
queued to ready or failed; a sweep re-queues rows that got stuck, so no request is lost."""

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from transfers.documents.choices import (
    DocumentEdition,
    DocumentKind,
    DocumentState,
    DownloadChannel,
)
from transfers.register.models import SccAgreement

__all__ = [
    "CONFIDENTIAL_DOWNLOAD_PERMISSION",
    "Document",
    "DocumentDownload",
    "DocumentEdition",
    "DocumentKind",
    "DocumentState",
    "DownloadChannel",
]


# Full SCC copies and TIA reports hold the commercial and security terms of a transfer: only those
# given this permission (Legal editors, superusers) download them; redacted editions need none.
CONFIDENTIAL_DOWNLOAD_CODENAME = "download_confidential"
CONFIDENTIAL_DOWNLOAD_PERMISSION = f"transfers.{CONFIDENTIAL_DOWNLOAD_CODENAME}"


def document_upload_to(document: "Document", filename: str) -> str:
    """documents/<kind>/<source field>-<source id>/<file name>: one folder per source."""
    folder = f"{document.source_field}-{document.source_id}"
    return str(PurePosixPath("documents", document.kind, folder, filename))


class Document(models.Model):
    """One rendered (or to be rendered) version of a document about one source row."""

    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    edition = models.CharField(max_length=20, choices=DocumentEdition.choices)
    scc_agreement = models.ForeignKey(
        SccAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="SCC agreement",
    )
    assessment = models.ForeignKey(
        "transfers.TransferImpactAssessment",  # by name: assessments build on documents
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="transfer impact assessment",
    )
    input_hash = models.CharField(
        max_length=64, db_index=True, help_text="SHA-256 of the canonical JSON of the inputs."
    )
    inputs = models.JSONField(help_text="Everything the document is made from, for audit.")
    version = models.PositiveIntegerField(help_text="1, 2, ... per source, kind and edition.")
    state = models.CharField(
        max_length=10, choices=DocumentState.choices, default=DocumentState.QUEUED
    )
    failure_reason = models.TextField(blank=True)
    file = models.FileField(upload_to=document_upload_to, max_length=300, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requested_documents",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When the render task was last sent."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="While rendering: the worker's lease, renewed by its heartbeat. Once past, "
        "the worker is taken for dead and another one may render the document.",
    )
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]
        permissions = [
            (
                CONFIDENTIAL_DOWNLOAD_CODENAME,
                "Can download full (confidential) SCC copies and TIA reports",
            )
        ]
        indexes = [models.Index(fields=["state", "queued_at"], name="document_state_queued")]
        constraints = [
            models.UniqueConstraint(
                fields=["scc_agreement", "kind", "edition", "version"],
                condition=Q(scc_agreement__isnull=False),
                name="document_scc_version_unique",
            ),
            models.UniqueConstraint(
                fields=["assessment", "kind", "edition", "version"],
                condition=Q(assessment__isnull=False),
                name="document_tia_version_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(edition__in=DocumentEdition.values), name="document_edition_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DocumentState.values), name="document_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=DocumentKind.SCC) | Q(scc_agreement__isnull=False),
                name="document_scc_has_agreement",
                violation_error_message="An SCC copy belongs to an SCC agreement.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DocumentKind.TIA) | Q(assessment__isnull=False),
                name="document_tia_has_assessment",
                violation_error_message="A TIA report belongs to a transfer impact assessment.",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="document_version_positive"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} of {self.source} "
            f"({self.get_edition_display()}, v{self.version})"
        )

    @property
    def source_field(self) -> str:
        """The foreign key that points at what this document is about (per its renderer)."""
        from transfers.documents.rendering import renderer_for

        return renderer_for(self.kind).source_field

    @property
    def source_id(self) -> int | None:
        return getattr(self, f"{self.source_field}_id")

    @property
    def source(self) -> Any:
        """The register row this document is about (an SCC agreement, an assessment...)."""
        return getattr(self, self.source_field)

    @property
    def hash_prefix(self) -> str:
        return self.input_hash[:12]

    @property
    def is_ready(self) -> bool:
        return self.state == DocumentState.READY and bool(self.file)

    @property
    def is_confidential(self) -> bool:
        """Every edition but the data-subject one (redacted for the public) is confidential."""
        return self.edition != DocumentEdition.DATA_SUBJECT

    @property
    def download_filename(self) -> str:
        """The name a browser saves the file under (without the storage folder)."""
        return PurePosixPath(self.file.name).name if self.file else ""


class DocumentDownload(models.Model):
    """Who downloaded which document, when and how (every download is logged)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_downloads",
    )
    api_key_name = models.CharField(max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=10, choices=DownloadChannel.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=DownloadChannel.values), name="document_download_channel"
            )
        ]

    def __str__(self) -> str:
        who = self.user or self.api_key_name or self.ip_address or "unknown"
        return f"{self.document} by {who} ({self.get_channel_display()}, {self.at:%Y-%m-%d %H:%M})"
