"""Requests per caller: each API key has its own budget (its own rate, or the default), each staff
login another. A fixed window counted with one cache increment keeps the check O(1) whatever the
rate; with several processes the cache must be shared (REDIS_URL) for the budget to be global.
When the cache fails the throttle fails open: the API keeps answering, and the log says so."""

import logging
import math
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from config.api.credentials import api_credential
from config.cache_outage import warn_cache_down

logger = logging.getLogger(__name__)

API_KEY_SCOPE = "api_key"
STAFF_SCOPE = "staff"
DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'100/minute' -> (100, 60)."""
    count, _, period = rate.partition("/")
    return int(count), DURATIONS[period[0]]


class RegisterRateThrottle(BaseThrottle):
    """429 with Retry-After once a caller has used its requests for the current window."""

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def allow_request(self, request, view) -> bool:
        caller, rate = self.caller_and_rate(request)
        if caller is None or not rate:
            return True
        limit, duration = parse_rate(rate)
        now = time.time()
        window = int(now // duration)
        try:
            hits = self.count_request(f"throttle:{caller}:{duration}:{window}", duration)
        except Exception as error:  # any cache backend's failure (redis ConnectionError, ...)
            warn_cache_down(logger, "API throttling is off until it is back", error)
            return True
        if hits <= limit:
            return True
        self.retry_after = (window + 1) * duration - now
        return False

    def wait(self) -> float | None:
        return math.ceil(self.retry_after) if self.retry_after is not None else None

    @staticmethod
    def caller_and_rate(request) -> tuple[str | None, str | None]:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        credential = api_credential(request)
        if credential is not None:
            return f"key-{credential.pk}", credential.throttle_rate or rates.get(API_KEY_SCOPE)
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}", rates.get(STAFF_SCOPE)
        return None, None

    @staticmethod
    def count_request(key: str, timeout: int) -> int:
        """Increment the window's counter, creating it on the window's first request."""
        try:
            return cache.incr(key)
        except ValueError:
            if cache.add(key, 1, timeout=timeout + 1):
                return 1
            return cache.incr(key)
