"""Celery tasks: thin wrappers that load a row and call a service."""

from __future__ import annotations

import logging

from celery import shared_task

from transfers.documents.models import Document
from transfers.documents.services import TRANSIENT_ERRORS, document_render, documents_requeue_stale

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def render_document(document_id: int) -> str:
    """Render one stored document; returns its state. A vanished row is logged, not retried."""
    try:
        return document_render(document_id=document_id).state
    except Document.DoesNotExist:
        logger.warning("Document %s no longer exists; nothing to render", document_id)
        return "missing"


@shared_task(acks_late=True)
def requeue_stale_documents() -> int:
    """Beat job: re-send documents stuck in queued or rendering."""
    return documents_requeue_stale()
