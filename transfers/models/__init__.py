"""The transfers app's models, one module per kind of thing."""

from .api_keys import ApiKey, ApiKeyAccess
from .reference import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Purpose,
    SupervisoryAuthority,
)
from .register import SccAgreement, Transfer

__all__ = [
    "AdequacyDecision",
    "ApiKey",
    "ApiKeyAccess",
    "DataCategory",
    "DataSubjectCategory",
    "LegalBasis",
    "Purpose",
    "SccAgreement",
    "SupervisoryAuthority",
    "Transfer",
]
