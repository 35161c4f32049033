"""The transfers app's models, one module per kind of thing."""

from .api_keys import ApiKey, ApiKeyAccess
from .assessments import (
    AssessmentAction,
    CountryProfile,
    LawAssessment,
    ProfileLaw,
    SelectedMeasure,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from .documents import Document, DocumentDownload
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
    "AssessmentAction",
    "CountryProfile",
    "DataCategory",
    "DataSubjectCategory",
    "Document",
    "DocumentDownload",
    "LawAssessment",
    "LegalBasis",
    "ProfileLaw",
    "Purpose",
    "SccAgreement",
    "SelectedMeasure",
    "SupervisoryAuthority",
    "SupplementaryMeasure",
    "Transfer",
    "TransferImpactAssessment",
]
