"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .documents import (
    document_download_record,
    document_render,
    document_request,
    documents_requeue_stale,
)
from .groups import LEGAL_EDITORS, LEGAL_VIEWERS, legal_groups_sync, on_post_migrate

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "document_download_record",
    "document_render",
    "document_request",
    "documents_requeue_stale",
    "legal_groups_sync",
    "on_post_migrate",
]
