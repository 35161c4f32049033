"""Reads of the outbox: what the sweep must send, what the admin shows."""

from django.db.models import QuerySet
from django.utils import timezone

from transfers.outbox.models import OutboxItem, OutboxState

NOT_DONE_STATES = (OutboxState.PENDING, OutboxState.SENT, OutboxState.RUNNING)


def outbox_due() -> QuerySet[OutboxItem]:
    """Rows not done whose next attempt time has come (never sent, lost, or failed for now)."""
    return OutboxItem.objects.filter(
        state__in=NOT_DONE_STATES, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "id")


def outbox_not_done() -> QuerySet[OutboxItem]:
    return OutboxItem.objects.exclude(state=OutboxState.DONE)
