"""Django's entry point to the app's models: each is declared in its subject's package and
imported here so the app registry finds it. Code imports a model from its package."""

from transfers.access.models import ApiKey, ApiKeyAccess
from transfers.assessments.models import (
    AssessmentAction,
    CountryProfile,
    LawAssessment,
    ProfileLaw,
    SelectedMeasure,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from transfers.documents.models import Document, DocumentDownload
from transfers.outbox.models import OutboxItem
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    InstrumentTerm,
    LegalBasis,
    Purpose,
    SupervisoryAuthority,
    TransferInstrument,
)
from transfers.register.models import SccAgreement, Transfer
from transfers.requests.models import (
    DataSubjectRequest,
    RateLimitHit,
    RequestEmail,
    RequestEvent,
)

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
    "OutboxItem",
    "ProfileLaw",
    "Purpose",
    "RateLimitHit",
    "RequestEmail",
    "RequestEvent",
    "SccAgreement",
    "SelectedMeasure",
    "SupervisoryAuthority",
    "SupplementaryMeasure",
    "Transfer",
    "TransferImpactAssessment",
    "TransferInstrument",
]
