"""What the shared API machinery needs to know about an API key, without importing the model
(which lives in the transfers app, above this one)."""

from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser


class ApiCredential(Protocol):
    """The ``request.auth`` of a request authenticated by an API key."""

    pk: int
    name: str
    prefix: str
    throttle_rate: str
    may_download_confidential: bool
    created_by: AbstractBaseUser | None

    @property
    def can_write(self) -> bool: ...

    def allows_path(self, path: str) -> bool: ...


def api_credential(request) -> ApiCredential | None:
    """The API key behind a DRF request, or None for a session (or no) login.

    Recognised by its ``allows_path`` method: a runtime Protocol check would touch every
    member, ``created_by`` included, and cost a query per request."""
    credential = getattr(request, "auth", None)
    return credential if callable(getattr(credential, "allows_path", None)) else None
