"""The project's own deployment checks (``manage.py check --deploy``): settings that leave
production working but wrong, next to Django's security checks.

- register.E001 DEBUG is on (tracebacks, settings and SQL shown to anyone who causes an error).
- register.W001 No shared cache (REDIS_URL): the request form's rate limits and the API's
  throttling are counted per process, so N processes allow N times the rate.
- register.W002 The public pages and e-mails name the default organisation ("Our group").
- register.W003 The privacy contact or the sender of e-mails is the default address
  (privacy@example.invalid), which nobody reads.
- register.W004 TRANSFERS_PUBLIC_BASE_URL, the start of every link in e-mails to data
  subjects, is the local default or not HTTPS."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

DEFAULT_ORGANISATION = "Our group"
DEFAULT_ADDRESS_DOMAIN = "example.invalid"
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def check_debug(app_configs=None, **kwargs) -> list[CheckMessage]:
    if not settings.DEBUG:
        return []
    return [
        Error(
            "DEBUG is on in a deployment.",
            hint="Use DJANGO_SETTINGS_MODULE=config.settings.production (DEBUG off) and do not "
            "set DJANGO_DEBUG.",
            id="register.E001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "No shared cache: rate limits (request form, API throttling) hold per process only.",
            hint="Set REDIS_URL (e.g. redis://host:6379/1) so every web process counts together.",
            id="register.W001",
        )
    ]


@register(deploy=True)
def check_public_identity(app_configs=None, **kwargs) -> list[CheckMessage]:
    messages = []
    if settings.TRANSFERS_PUBLIC_ORGANISATION.strip() == DEFAULT_ORGANISATION:
        messages.append(
            Warning(
                f"The public pages and e-mails name the default organisation "
                f"“{DEFAULT_ORGANISATION}”.",
                hint="Set TRANSFERS_PUBLIC_ORGANISATION to the group's name.",
                id="register.W002",
            )
        )
    for setting in ("TRANSFERS_PRIVACY_CONTACT", "DEFAULT_FROM_EMAIL"):
        address = (getattr(settings, setting, "") or "").strip()
        if address.lower().endswith("@" + DEFAULT_ADDRESS_DOMAIN):
            messages.append(
                Warning(
                    f"{setting} is {address}, an address nobody reads.",
                    hint=f"Set {setting} to the privacy team's address.",
                    id="register.W003",
                )
            )
    return messages


@register(deploy=True)
def check_public_base_url(app_configs=None, **kwargs) -> list[CheckMessage]:
    url = urlsplit(settings.TRANSFERS_PUBLIC_BASE_URL)
    if url.scheme == "https" and (url.hostname or "") not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"Links in e-mails to data subjects start with {settings.TRANSFERS_PUBLIC_BASE_URL}.",
            hint="Set TRANSFERS_PUBLIC_BASE_URL to the public pages' HTTPS address, e.g. "
            "https://privacy.example.org.",
            id="register.W004",
        )
    ]
