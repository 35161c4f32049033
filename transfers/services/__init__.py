"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .demo import DemoDataError, demo_register_load
from .documents import (
    document_download_record,
    document_render,
    document_request,
    documents_requeue_stale,
)
from .groups import LEGAL_EDITORS, LEGAL_VIEWERS, legal_groups_sync, on_post_migrate
from .requests import dsr_approve, dsr_extend, dsr_reject, dsr_submit, dsr_verify

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "DemoDataError",
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
    "legal_groups_sync",
    "on_post_migrate",
]
