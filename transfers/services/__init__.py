"""Everything in the transfers app that writes, one module per subject.

Callers import from here (``from transfers.services import legal_groups_sync``)."""

from transfers.services.api_keys import (
    InvalidApiKey,
    api_key_create,
    api_key_for,
    api_key_mark_used,
    api_key_revoke,
)
from transfers.services.assessments import (
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
from transfers.services.demo import DemoDataError, demo_register_load
from transfers.services.documents import (
    document_download_record,
    document_render,
    document_request,
    documents_requeue_stale,
)
from transfers.services.evaluation import (
    EvaluationSummary,
    TransferChange,
    supplementary_measures_for,
    tia_facts_for,
    transfer_evaluate,
    transfers_evaluate,
    vendor_statuses_refresh,
    what_changes_on,
)
from transfers.services.groups import (
    LEGAL_EDITORS,
    LEGAL_VIEWERS,
    legal_groups_sync,
    on_post_migrate,
)
from transfers.services.requests import dsr_approve, dsr_extend, dsr_reject, dsr_submit, dsr_verify
from transfers.services.transfers import transfer_create, transfer_update

__all__ = [
    "LEGAL_EDITORS",
    "LEGAL_VIEWERS",
    "DemoDataError",
    "EvaluationSummary",
    "TransferChange",
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
    "demo_register_load",
    "document_download_record",
    "document_render",
    "document_request",
    "documents_requeue_stale",
    "DemoDataError",
    "demo_register_load",
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
    "transfer_create",
    "transfer_update",
]
