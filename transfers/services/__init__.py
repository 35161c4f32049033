"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .demo import DemoDataError, demo_register_load
from .groups import LEGAL_EDITORS, LEGAL_VIEWERS, legal_groups_sync, on_post_migrate

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "DemoDataError",
    "demo_register_load",
    "legal_groups_sync",
    "on_post_migrate",
]
