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
    InstrumentTerm,
    LegalBasis,
    Purpose,
    SupervisoryAuthority,
    TransferInstrument,
)
from .register import SccAgreement, Transfer
from .requests import DataSubjectRequest, RequestEmail, RequestEvent

__all__ = [
    "AdequacyDecision",
    "ApiKey",
    "ApiKeyAccess",
    "AssessmentAction",
    "CountryProfile",
    "DataCategory",
    "DataSubjectCategory",
    "DataSubjectRequest",
    "Document",
    "DocumentDownload",
    "InstrumentTerm",
    "LawAssessment",
    "LegalBasis",
    "ProfileLaw",
    "Purpose",
    "RequestEmail",
    "RequestEvent",
    "SccAgreement",
    "SelectedMeasure",
    "SupervisoryAuthority",
    "SupplementaryMeasure",
    "Transfer",
    "TransferInstrument",
    "TransferImpactAssessment",
]
