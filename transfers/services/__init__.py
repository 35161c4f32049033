"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .demo import DemoDataError, demo_register_load
from .documents import (
    document_download_record,
    document_render,
    document_request,
    documents_requeue_stale,
)
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
from .requests import dsr_approve, dsr_extend, dsr_reject, dsr_submit, dsr_verify

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "DemoDataError",
    "EvaluationSummary",
    "TransferChange",
    "demo_register_load",
    "document_download_record",
    "document_render",
    "document_request",
    "documents_requeue_stale",
    "dsr_approve",
    "dsr_extend",
    "dsr_reject",
    "dsr_submit",
    "dsr_verify",
    "supplementary_measures_for",
    "tia_facts_for",
    "transfer_evaluate",
    "transfers_evaluate",
    "vendor_statuses_refresh",
    "what_changes_on",
    "legal_groups_sync",
    "on_post_migrate",
]
