"""What the shared API machinery needs to know about an API key, without importing the model
(which lives in the transfers app, above this one)."""

from typing import Protocol, runtime_checkable

from django.contrib.auth.models import AbstractBaseUser


@runtime_checkable
class ApiCredential(Protocol):
    """The ``request.auth`` of a request authenticated by an API key."""

    pk: int
    name: str
    prefix: str
    throttle_rate: str
    created_by: AbstractBaseUser | None

    @property
    def can_write(self) -> bool: ...

    def allows_path(self, path: str) -> bool: ...


def api_credential(request) -> ApiCredential | None:
    """The API key behind a DRF request, or None for a session (or no) login."""
    credential = getattr(request, "auth", None)
    return credential if isinstance(credential, ApiCredential) else None
