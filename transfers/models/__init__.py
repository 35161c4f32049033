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

__all__ = [
    "AdequacyDecision",
    "DataCategory",
    "DataSubjectCategory",
    "Document",
    "DocumentDownload",
    "LegalBasis",
    "Purpose",
    "SccAgreement",
    "SupervisoryAuthority",
    "Transfer",
]
