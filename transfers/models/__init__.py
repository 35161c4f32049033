"""The transfers app's models, one module per kind of thing."""

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
from .requests import DataSubjectRequest, RequestEmail, RequestEvent

__all__ = [
    "AdequacyDecision",
    "DataCategory",
    "DataSubjectCategory",
    "DataSubjectRequest",
    "Document",
    "DocumentDownload",
    "LegalBasis",
    "Purpose",
    "RequestEmail",
    "RequestEvent",
    "SccAgreement",
    "SupervisoryAuthority",
    "Transfer",
]
