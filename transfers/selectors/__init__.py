"""Non-trivial reads of the transfers app, one module per subject.

Callers import from here (``from transfers.selectors import reference_data_from_db``)."""

from transfers.selectors.api import (
    countries_with_adequacy,
    scc_agreements_with_details,
    transfers_with_details,
    vendor_flows,
    vendor_status,
)
from transfers.selectors.assessments import (
    assessment_current_snapshot,
    assessment_missing_items,
    assessment_probability,
    assessment_reliance_changes,
    country_profile_fingerprint,
    in_eea,
    tia_state_for_transfer,
    tia_state_from_versions,
)
from transfers.selectors.reference import (
    reference_data_from_db,
    reference_tables_version,
    transfer_check,
)

__all__ = [
    "countries_with_adequacy",
    "scc_agreements_with_details",
    "transfers_with_details",
    "vendor_flows",
    "vendor_status",
    "assessment_current_snapshot",
    "assessment_missing_items",
    "assessment_probability",
    "assessment_reliance_changes",
    "country_profile_fingerprint",
    "in_eea",
    "reference_data_from_db",
    "reference_tables_version",
    "tia_state_for_transfer",
    "tia_state_from_versions",
    "transfer_check",
]
