"""Writing, sending, delivering and pruning outbox rows.

Design: the row is written in the caller's transaction; after commit the wrapper task
``deliver(row_id)`` is sent, never the named task itself. ``deliver`` runs the named task's code in
the worker and marks the row done when it returns, so no task needs to know about the outbox. If
the broker is down, the worker dies or the task raises, the row is not done and the sweep (beat,
every minute) sends it again once its next attempt time has come, with a doubling delay capped
by ``OUTBOX_RETRY_MAX_SECONDS``. Delivery is at least once: every task it runs is idempotent."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from transfers.outbox.models import WAITING_STATES, OutboxItem, OutboxState
from transfers.outbox.selectors import outbox_due

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500


def dedup_key(task_name: str, args: list[Any]) -> str:
    canonical = json.dumps([task_name, args], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def retry_delay(attempts: int) -> timedelta:
    """60 s, 120 s, 240 s... (``OUTBOX_RETRY_BASE_SECONDS`` doubling) up to the cap."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** min(attempts, 20), settings.OUTBOX_RETRY_MAX_SECONDS))


def outbox_enqueue(*, task_name: str, args: list[Any]) -> OutboxItem | None:
    """Record the work in the current transaction and send it once that commits.

    The same task with the same arguments already waiting (pending or sent): that row, not a
    second one, and nothing more to send. Returns the new row, or None when it was a duplicate."""
    args = json.loads(json.dumps(list(args), default=str))  # what Celery's JSON would carry
    key = dedup_key(task_name, args)
    if OutboxItem.objects.filter(dedup_key=key, state__in=WAITING_STATES).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin only undoes this insert
            item = OutboxItem.objects.create(
                task_name=task_name,
                args=args,
                dedup_key=key,
                next_attempt_at=timezone.now() + retry_delay(0),
            )
    except IntegrityError:
        return None
    _send_after_commit([item.pk], task_name)
    return item


def _send_after_commit(item_ids: list[int], label: str) -> None:
    """Send ``deliver`` for these rows after commit; a broker error is logged, never raised:
    the rows stay not done and the sweep sends them again."""

    def send() -> None:
        from transfers.outbox.tasks import deliver  # the tasks module imports this one

        for item_id in item_ids:
            try:
                deliver.apply_async((item_id,), retry=False)  # the sweep is the retry
            except Exception:  # any broker or connection error: the sweep re-sends the row
                logger.warning(
                    "Could not send outbox item %s (%s); the sweep sends it again",
                    item_id,
                    label,
                    exc_info=True,
                )
                return
            OutboxItem.objects.filter(pk=item_id, state=OutboxState.PENDING).update(
                state=OutboxState.SENT, sent_at=timezone.now()
            )

    # A named callback, not a partial: Django's robust on_commit logs ``__qualname__``.
    send.__qualname__ = f"outbox_send.<{label}>"
    transaction.on_commit(send)


def outbox_deliver(*, item_id: int) -> str:
    """Run the row's task here and mark the row done; returns the row's state afterwards.

    A task that raises leaves the row pending with the error, for the sweep to send it again
    later; after ``OUTBOX_MAX_ATTEMPTS`` deliveries it is failed (shown in the admin)."""
    from celery import current_app

    with transaction.atomic():
        item = OutboxItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.state in (OutboxState.DONE, OutboxState.FAILED):
            return item.state if item else "missing"
        item.state = OutboxState.RUNNING
        item.attempts += 1
        item.next_attempt_at = timezone.now() + retry_delay(item.attempts)
        item.save(update_fields=["state", "attempts", "next_attempt_at"])
    try:
        # apply(): the task's own retries (autoretry_for) still run, here, one after the other.
        result = current_app.tasks[item.task_name].apply(args=item.args, throw=False)
        if result.failed():
            raise result.result
    except Exception as exc:  # noqa: BLE001 - any failure: recorded, tried again by the sweep
        logger.warning("Outbox item %s (%s) failed", item.pk, item.task_name, exc_info=True)
        gave_up = item.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        item.state = OutboxState.FAILED if gave_up else OutboxState.PENDING
        item.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        item.save(update_fields=["state", "last_error"])
        return item.state
    item.state = OutboxState.DONE
    item.done_at = timezone.now()
    item.save(update_fields=["state", "done_at"])
    return item.state


def outbox_sweep() -> int:
    """Send again every row not done whose next attempt time has come; returns how many.

    Each row's next attempt moves on by the backoff first, so a broker still down is tried again
    at the next sweeps, less and less often, up to the cap."""
    with transaction.atomic():
        due = list(outbox_due().select_for_update(skip_locked=True)[:SWEEP_BATCH])
        now = timezone.now()
        for item in due:
            item.next_attempt_at = now + retry_delay(item.attempts)
            item.save(update_fields=["next_attempt_at"])
        if due:
            logger.info("Outbox sweep: sending %s item(s) again", len(due))
            _send_after_commit([item.pk for item in due], "sweep")
    return len(due)


def outbox_send_again(*, items: Any) -> int:
    """The admin's "send again": failed or waiting rows go back to pending and are sent now."""
    with transaction.atomic():
        rows = list(items.exclude(state=OutboxState.DONE).select_for_update())
        for item in rows:
            item.state = OutboxState.PENDING
            item.next_attempt_at = timezone.now() + retry_delay(0)
            try:
                with transaction.atomic():
                    item.save(update_fields=["state", "next_attempt_at"])
            except IntegrityError:  # the same work is already waiting: that row is enough
                continue
        _send_after_commit([item.pk for item in rows], "send again")
    return len(rows)


def outbox_prune(*, older_than_days: int | None = None) -> int:
    """Delete done rows older than ``OUTBOX_KEEP_DAYS``; returns how many."""
    days = settings.OUTBOX_KEEP_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxItem.objects.filter(state=OutboxState.DONE, done_at__lt=cutoff).delete()
    return deleted
