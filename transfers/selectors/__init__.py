"""Non-trivial reads of the transfers app, one module per subject."""

from .assessments import (
    assessment_current_snapshot,
    assessment_missing_items,
    assessment_probability,
    assessment_reliance_changes,
    country_profile_fingerprint,
    tia_state_for_transfer,
)

__all__ = [
    "assessment_current_snapshot",
    "assessment_missing_items",
    "assessment_probability",
    "assessment_reliance_changes",
    "country_profile_fingerprint",
    "tia_state_for_transfer",
]
