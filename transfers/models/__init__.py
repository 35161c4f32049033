"""The transfers app's models, one module per kind of thing."""

from transfers.models.api_keys import ApiKey, ApiKeyAccess
from transfers.models.assessments import (
    AssessmentAction,
    CountryProfile,
    LawAssessment,
    ProfileLaw,
    SelectedMeasure,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from transfers.models.documents import Document, DocumentDownload
from transfers.models.reference import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    InstrumentTerm,
    LegalBasis,
    Purpose,
    SupervisoryAuthority,
    TransferInstrument,
)
from transfers.models.register import SccAgreement, Transfer
from transfers.models.requests import DataSubjectRequest, RequestEmail, RequestEvent

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
