"""Celery tasks of data subjects' requests: e-mails, assessment after verification, sweeps."""

from __future__ import annotations

from celery import shared_task

from transfers.requests import services as request_services
from transfers.requests.models import DataSubjectRequest

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
    drop the request form's database rate-limit counters of ended windows, and assess verified
    requests whose assessment never ran."""
    request_services.dsr_expire_unverified()
    request_services.dsr_purge_expired()
    request_services.rate_limit_hits_purge()
    request_services.dsr_assess_pending()


@shared_task
def requeue_request_emails() -> None:
    """Send again every requester e-mail still unsent (broker outage, retries exhausted)."""
    request_services.request_emails_requeue()
