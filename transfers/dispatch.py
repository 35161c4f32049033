"""Sending Celery tasks after commit, through the transactional outbox, never failing the caller.

The work is a row of the outbox written in the caller's transaction (see
``transfers.outbox.services``): it is sent once the transaction commits, and a beat sweep sends it
again every minute until a worker has done it. So a change that is stored never answers its caller
with an error because of the broker, and its work is not lost while the broker is down."""

from typing import Any

from transfers.outbox.services import outbox_enqueue


def send_after_commit(task: Any, *args: Any, run_here_if_unsent: bool = False) -> None:
    """Queue ``task(*args)`` in the outbox: sent once the current transaction commits (at once
    outside one), re-sent by the sweep until done. The same task with the same arguments still
    waiting is not queued twice.

    ``run_here_if_unsent`` is still accepted but no longer needed and ignored: work that no other
    row records (a re-evaluation) now has its outbox row, which the sweep sends again once the
    broker is back, instead of running in the web process."""
    del run_here_if_unsent
    outbox_enqueue(task_name=getattr(task, "name", task), args=list(args))
