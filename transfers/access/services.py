"""Creating, revoking and recognising API keys.

A key reads ``trk_<prefix>_<secret>``: the prefix finds the row, the SHA-256 of the whole key
must equal the stored hash. The key itself exists only in the creator's hands."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from transfers.access.models import ApiKey

KEY_SCHEME = "trk"
LAST_USED_GRANULARITY = timedelta(minutes=1)


class InvalidApiKey(Exception):
    """The key is malformed, unknown or revoked; the message tells the caller which."""


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    name: str,
    access: str,
    allowed_endpoints: list[str] | None = None,
    throttle_rate: str = "",
    may_download_confidential: bool = False,
    created_by: AbstractBaseUser | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with its secret, the only time the secret is available."""
    prefix = secrets.token_hex(4)
    raw_key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey(
        name=name,
        access=access,
        allowed_endpoints=allowed_endpoints or [],
        throttle_rate=throttle_rate,
        may_download_confidential=may_download_confidential,
        prefix=prefix,
        hashed_key=hash_api_key(raw_key),
        created_by=created_by,
    )
    api_key.full_clean()
    api_key._history_user = created_by
    api_key.save()
    return api_key, raw_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, revoked_by: AbstractBaseUser | None = None) -> bool:
    """Revoke a key from now on; False when it already was (its revocation date is kept)."""
    if api_key.is_revoked:
        return False
    api_key.revoked_at = timezone.now()
    api_key._history_user = revoked_by
    api_key._change_reason = "Revoked"
    api_key.save(update_fields=["revoked_at"])
    return True


def api_key_for(raw_key: str) -> ApiKey:
    """The active key matching ``raw_key``, or InvalidApiKey saying why not."""
    scheme, _, rest = raw_key.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != KEY_SCHEME or not prefix or not secret:
        raise InvalidApiKey("Malformed API key.")
    api_key = ApiKey.objects.filter(prefix=prefix).first()
    if api_key is None or not hmac.compare_digest(api_key.hashed_key, hash_api_key(raw_key)):
        raise InvalidApiKey("Unknown API key.")
    if api_key.is_revoked:
        raise InvalidApiKey("This API key was revoked.")
    return api_key


def api_key_mark_used(*, api_key: ApiKey) -> None:
    """Record that the key was used, at most once a minute so reads stay reads."""
    now = timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < LAST_USED_GRANULARITY:
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
