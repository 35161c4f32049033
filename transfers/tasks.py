"""Celery tasks: thin wrappers that load a row and call a service."""

from __future__ import annotations

import logging

from celery import shared_task

from transfers.models import DataSubjectRequest, Document, Transfer
from transfers.services import requests as request_services
from transfers.services import transfers_evaluate, vendor_statuses_refresh
from transfers.services.assessments import assessments_outdate_due
from transfers.services.documents import (
    TRANSIENT_ERRORS,
    document_render,
    documents_requeue_stale,
)

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


EMAIL_MAX_RETRIES = 6  # with backoff about two minutes; then request_emails_requeue takes over


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=EMAIL_MAX_RETRIES,
)
def send_request_email(email_id: int) -> None:
    """Send one e-mail to a requester; a failed send is retried, then re-queued by beat."""
    request_services.request_email_send(email_id=email_id)


@shared_task
def assess_request(request_id: int) -> None:
    """After verification: flag a repeat, auto-approve when allowed and the copies are ready."""
    dsr = DataSubjectRequest.objects.filter(pk=request_id).first()
    if dsr is not None:
        request_services.dsr_assess(dsr=dsr)


@shared_task
def sweep_requests() -> None:
    """Beat job: expire requests never verified, purge those expired past the grace period,
    and assess verified requests whose assessment never ran."""
    request_services.dsr_expire_unverified()
    request_services.dsr_purge_expired()
    request_services.dsr_assess_pending()


@shared_task
def requeue_request_emails() -> None:
    """Send again every requester e-mail still unsent (broker outage, retries exhausted)."""
    request_services.request_emails_requeue()


@shared_task(acks_late=True)
def evaluate_transfers_task(transfer_ids: list[int]) -> int:
    """Re-evaluate these transfers (those that still exist), store today's result and refresh
    their vendors; returns how many changed."""
    return transfers_evaluate(queryset=Transfer.objects.filter(pk__in=transfer_ids)).changed


@shared_task(acks_late=True)
def evaluate_register_task() -> int:
    """Beat job (nightly) and reference-data changes: re-evaluate the whole register."""
    return transfers_evaluate().changed


@shared_task(acks_late=True)
def refresh_vendor_statuses_task(vendor_ids: list[int]) -> int:
    """Recompute these vendors' statuses, e.g. after a transfer to them was deleted or moved."""
    return vendor_statuses_refresh(vendor_ids=vendor_ids)


@shared_task(acks_late=True)
def outdate_due_assessments() -> int:
    """Nightly: outdate approved TIAs whose review date came or whose register facts changed."""
    return len(assessments_outdate_due())
