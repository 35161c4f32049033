"""Who and where a login attempt came from, as django-axes counts and records it."""

from django.conf import settings
from django.http import HttpRequest

# The two-step login's first form is prefixed "auth" (django-two-factor-auth's wizard).
USERNAME_FIELDS = ("username", "auth-username")


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the entry our own proxies added to X-Forwarded-For when
    TRANSFERS_TRUSTED_PROXY_COUNT says how many there are: the same rule as the public pages'
    rate limits, so a client cannot pick its own address by sending the header itself."""
    proxies = settings.TRANSFERS_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def attempt_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username tried: from the credentials given to authenticate() when there are some,
    else from the login form's field."""
    sources = [credentials or {}, getattr(request, "POST", {})]
    for source in sources:
        for field in USERNAME_FIELDS:
            if source.get(field):
                return source[field]
    return None


def single_sign_on_callback(request: HttpRequest, credentials: dict | None) -> bool:
    """AXES_WHITELIST_CALLABLE: the return from the identity provider is never locked out.

    It carries no password to guess (the provider checked it), and every user behind one
    office address would share its lockout; its failures are recorded by
    services.sso_failure_record instead."""
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name == "oidc_authentication_callback")
