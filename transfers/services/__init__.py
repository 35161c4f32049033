"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .demo import DemoDataError, demo_register_load
from .evaluation import (
    EvaluationSummary,
    TransferChange,
    supplementary_measures_for,
    tia_facts_for,
    transfer_evaluate,
    transfers_evaluate,
    vendor_statuses_refresh,
    what_changes_on,
)
from .groups import LEGAL_EDITORS, LEGAL_VIEWERS, legal_groups_sync, on_post_migrate

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "DemoDataError",
    "EvaluationSummary",
    "TransferChange",
    "demo_register_load",
    "supplementary_measures_for",
    "tia_facts_for",
    "transfer_evaluate",
    "transfers_evaluate",
    "vendor_statuses_refresh",
    "what_changes_on",
    "legal_groups_sync",
    "on_post_migrate",
]
