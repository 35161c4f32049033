"""What the app does when the cache (Redis) fails: the callers decide (the API throttle lets
requests through, the request form counts in the database); this module only says so in the log,
at most once a minute per caller, so an outage does not flood the log with one line a request."""

import logging
import time

WARNING_INTERVAL_SECONDS = 60
_last_warning: dict[str, float] = {}


def warn_cache_down(logger: logging.Logger, what: str, error: Exception) -> None:
    """Log a warning that `what` runs without the cache, unless one was logged in the last
    minute. Per process: each web process says it once a minute."""
    now = time.monotonic()
    last = _last_warning.get(what)
    if last is not None and now - last < WARNING_INTERVAL_SECONDS:
        return
    _last_warning[what] = now
    logger.warning("Cache unavailable (%s: %s): %s", type(error).__name__, error, what)
