"""A fixed-window rate limit in Django's cache (Redis in production, so it holds across web
processes), and the client address it is keyed on. When the cache fails, the same windows are
counted in the database: the form stays rate-limited through a Redis outage."""

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from config.cache_outage import warn_cache_down
from transfers.requests.services import rate_limit_hit_count

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'10/h' -> ten per hour."""
        count, _, period = text.partition("/")
        return cls(count=int(count), seconds=PERIODS[period.strip().lower()[:1]])


def rate_limit_exceeded(*, scope: str, key: str, rate: Rate) -> bool:
    """Count one hit for `key` in the current window; True once the count passes the limit.
    The key is hashed with the secret key: no address or e-mail is stored in clear."""
    window = int(time.time() // rate.seconds)
    digest = hashed_key(scope=scope, key=key, rate=rate)
    try:
        hits = cache_hit_count(f"ratelimit:{scope}:{digest}:{window}", rate)
    except Exception as error:  # any cache backend's failure (redis ConnectionError, ...)
        warn_cache_down(logger, "the request form's rate limits count in the database", error)
        hits = rate_limit_hit_count(
            key=digest,
            window_start=datetime.fromtimestamp(window * rate.seconds, tz=UTC),
            seconds=rate.seconds,
        )
    return hits > rate.count


def hashed_key(*, scope: str, key: str, rate: Rate) -> str:
    """SHA-256 HMAC salted with SECRET_KEY: the same address or e-mail gives the same key in
    every process, but a stored key cannot be matched against a list of guesses."""
    value = f"{scope}:{rate.seconds}:{key}"
    return salted_hmac("transfers.requests.ratelimit", value, algorithm="sha256").hexdigest()


def cache_hit_count(cache_key: str, rate: Rate) -> int:
    """One hit in the cache's counter for this window, created on the window's first hit."""
    if cache.add(cache_key, 1, timeout=rate.seconds + 5):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.add(cache_key, 1, timeout=rate.seconds + 5)
        return 1


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry our own proxies added to
    X-Forwarded-For when TRANSFERS_TRUSTED_PROXY_COUNT says how many there are."""
    proxies = settings.TRANSFERS_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
