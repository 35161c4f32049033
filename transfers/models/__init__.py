"""The transfers app's models, one module per kind of thing."""

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

__all__ = [
    "AdequacyDecision",
    "DataCategory",
    "DataSubjectCategory",
    "InstrumentTerm",
    "LegalBasis",
    "Purpose",
    "SccAgreement",
    "SupervisoryAuthority",
    "Transfer",
    "TransferInstrument",
]
