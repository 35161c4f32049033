"""Sending Celery tasks after commit, without ever failing the caller.

The database row is the truth for long work (a document to render, an e-mail to send, a request
to assess): the task only says "look at row N now". If the broker is down when the transaction
commits, the send is logged and the row stays queued; a beat sweep re-sends what is stuck. So a
change that is stored never answers its caller with an error because of the broker."""

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(task: Any, *args: Any, run_here_if_unsent: bool = False) -> None:
    """``task.delay(*args)`` once the current transaction commits (at once outside one).

    ``run_here_if_unsent``: work that no row records (a re-evaluation) runs in this process
    when the broker cannot take it, so it is not lost until the nightly run.

    A named callback rather than ``functools.partial``: Django's ``robust`` on_commit logs the
    callback's ``__qualname__``, which a partial lacks, and that turned a broker outage into a
    500 for a change already stored."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # any broker or connection error: the sweep re-sends the row's work
            logger.warning(
                "Could not send %s%r after commit; %s",
                getattr(task, "name", task),
                args,
                "running it here" if run_here_if_unsent else "the row stays queued for the sweep",
                exc_info=True,
            )
            if run_here_if_unsent:
                task.apply(args=args)

    send.__qualname__ = f"send_after_commit.<{getattr(task, 'name', task)}>"
    transaction.on_commit(send)
