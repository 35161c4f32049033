"""One row per piece of work to hand to Celery, written in the same transaction as the change.

The row is what makes the work survive a broker outage or a dead worker: it is sent after commit,
re-sent by a sweep every minute until a delivery finishes it, then kept a few days and pruned."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["OutboxItem", "OutboxState"]


class OutboxState(models.TextChoices):
    PENDING = "pending", "Pending (not yet handed to the broker)"
    SENT = "sent", "Sent (waiting for a worker)"
    RUNNING = "running", "Running (a worker took it)"
    DONE = "done", "Done"
    FAILED = "failed", "Failed (gave up; send again by hand)"


# States in which the same work must not be queued twice: nobody has started it yet, so the
# waiting row will see the latest data. A running row does not count: a change made while it
# runs may come too late for it, so it gets a row of its own.
WAITING_STATES = (OutboxState.PENDING, OutboxState.SENT)


class OutboxItem(models.Model):
    """A Celery task to run, with its JSON arguments, until a delivery finishes it."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, help_text="Positional arguments, as JSON.")
    dedup_key = models.CharField(
        max_length=64, help_text="SHA-256 of task and arguments: the same waiting work once."
    )
    state = models.CharField(
        max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Deliveries started.")
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When the sweep sends it again if it is not done by then."
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox item"
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_state_next")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=Q(state__in=WAITING_STATES),
                name="outbox_waiting_dedup_unique",
            ),
            models.CheckConstraint(
                condition=Q(state__in=OutboxState.values), name="outbox_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)!r} ({self.state})"
