"""The transfers app's models, one module per kind of thing."""

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
    "DataCategory",
    "DataSubjectCategory",
    "DataSubjectRequest",
    "Document",
    "DocumentDownload",
    "InstrumentTerm",
    "LegalBasis",
    "Purpose",
    "RequestEmail",
    "RequestEvent",
    "SccAgreement",
    "SupervisoryAuthority",
    "Transfer",
    "TransferInstrument",
]
