"""Celery tasks of the evaluation: thin wrappers that call its services."""

from __future__ import annotations

from celery import shared_task

from transfers.evaluation.services import transfers_evaluate, vendor_statuses_refresh
from transfers.register.models import Transfer


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
