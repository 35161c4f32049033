"""Production: every secret from the environment; a missing one stops the start-up.

Secure by default (``manage.py check --deploy`` has nothing to say with the documented
environment): HTTPS only (redirect, HSTS for a year including subdomains, secure cookies), no
framing. Each default has a documented opt-out (README, "Security and hostile input")."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env, env_bool

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
# HSTS: browsers refuse plain HTTP for this host for a year. DJANGO_HSTS_SECONDS=0 turns it off.
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading (browsers shipped with "HTTPS only" for the whole domain) is a commitment that takes
# months to undo, so it is the operator's decision; while it is off, Django's reminder about it
# (security.W021) is silenced.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]


def proxy_ssl_header(value: str | None) -> tuple[str, str] | None:
    """DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https" -> the WSGI name and value.

    Opt-in: trust it only behind a proxy that sets (and strips from clients) that header,
    otherwise anyone can claim HTTPS."""
    if not value:
        return None
    name, separator, expected = value.partition(":")
    if not separator or not name.strip() or not expected.strip():
        raise ImproperlyConfigured(
            'DJANGO_SECURE_PROXY_SSL_HEADER must read "Header-Name: value", '
            'e.g. "X-Forwarded-Proto: https".'
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env("DJANGO_SECURE_PROXY_SSL_HEADER"))
# Superusers and the legal groups pass a second factor (README "Staff sign-in").
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", True)
