"""Celery tasks of the outbox: the delivery wrapper and the beat jobs."""

from __future__ import annotations

from celery import shared_task

from transfers.outbox.services import outbox_deliver, outbox_prune, outbox_sweep


@shared_task(acks_late=True)
def deliver(item_id: int) -> str:
    """Run outbox row ``item_id``'s task and mark the row done."""
    return outbox_deliver(item_id=item_id)


@shared_task(acks_late=True)
def sweep_outbox() -> int:
    """Beat job, every minute: send again what is not done."""
    return outbox_sweep()


@shared_task(acks_late=True)
def prune_outbox() -> int:
    """Beat job, daily: forget done rows after ``OUTBOX_KEEP_DAYS``."""
    return outbox_prune()
