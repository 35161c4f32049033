"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from .api_keys import (
    InvalidApiKey,
    api_key_create,
    api_key_for,
    api_key_mark_used,
    api_key_revoke,
)
from .assessments import (
    assessment_approve,
    assessment_mark_outdated,
    assessment_new_version,
    assessment_refresh,
    assessment_return_to_draft,
    assessment_start_version,
    assessment_submit,
    assessments_outdate_due,
    assessments_recheck,
    country_profile_record_change,
)
from .demo import DemoDataError, demo_register_load
from .documents import (
    document_download_record,
    document_render,
    document_request,
    documents_requeue_stale,
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
    "assessment_approve",
    "assessment_mark_outdated",
    "assessment_new_version",
    "assessment_refresh",
    "assessment_return_to_draft",
    "assessment_start_version",
    "assessment_submit",
    "assessments_outdate_due",
    "assessments_recheck",
    "country_profile_record_change",
    "document_download_record",
    "document_render",
    "document_request",
    "documents_requeue_stale",
    "DemoDataError",
    "demo_register_load",
    "legal_groups_sync",
    "on_post_migrate",
    "transfer_create",
    "transfer_update",
]
