"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .api_keys import (
    InvalidApiKey,
    api_key_create,
    api_key_for,
    api_key_mark_used,
    api_key_revoke,
)
from .groups import LEGAL_EDITORS, LEGAL_VIEWERS, legal_groups_sync, on_post_migrate
from .transfers import transfer_create, transfer_update

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "InvalidApiKey",
    "api_key_create",
    "api_key_for",
    "api_key_mark_used",
    "api_key_revoke",
    "legal_groups_sync",
    "on_post_migrate",
    "transfer_create",
    "transfer_update",
]
