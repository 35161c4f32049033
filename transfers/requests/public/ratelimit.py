"""A fixed-window rate limit in Django's cache (Redis in production, so it holds across web
processes), and the client address it is keyed on."""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

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
    The key is hashed: no address or e-mail sits in the cache in clear."""
    window = int(time.time() // rate.seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=rate.seconds + 5):
        return rate.count < 1
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.add(cache_key, 1, timeout=rate.seconds + 5)
        hits = 1
    return hits > rate.count


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry our own proxies added to
    X-Forwarded-For when TRANSFERS_TRUSTED_PROXY_COUNT says how many there are."""
    proxies = settings.TRANSFERS_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
