"""The facts of a flow the rules decide on, as frozen dataclasses checked on creation."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from transfers.rules.codes import (
    ESTABLISHMENT,
    LEGAL_TOOLS,
    MODULES,
    REGIMES,
    ROLES,
    SUBJECT_TO_LAW,
    TIA_NONE,
    TIA_STATUSES,
)


def _require(value: object, allowed: Iterable[object], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(map(str, allowed))}, not {value!r}")


def _within(on: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """True if `on` falls in [start, end]; a missing bound is open."""
    return (start is None or start <= on) and (end is None or on <= end)


def _require_order(start: dt.date | None, end: dt.date | None, name: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"{name}: the end {end} is before the start {start}")


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Certification:
    """A certification under a programme (e.g. "EU-US DPF"); dates inclusive, None = open."""

    programme: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def valid_on(self, on: dt.date) -> bool:
        return _within(on, self.valid_from, self.valid_until)


@dataclass(frozen=True)
class ExporterFacts:
    country: str
    role: str
    subject_to_law: str = ESTABLISHMENT
    representative_country: str | None = None

    def __post_init__(self) -> None:
        _require(self.role, ROLES, "exporter.role")
        _require(self.subject_to_law, SUBJECT_TO_LAW, "exporter.subject_to_law")


@dataclass(frozen=True)
class ImporterFacts:
    """The recipient. `commercial_organisation` is None when the register does not know."""

    country: str
    role: str
    same_legal_entity_as_exporter: bool = False
    subject_to_gdpr_art3_2: bool = False
    certifications: tuple[Certification, ...] = ()
    commercial_organisation: bool | None = None

    def __post_init__(self) -> None:
        _require(self.role, ROLES, "importer.role")
        object.__setattr__(self, "certifications", tuple(self.certifications))


@dataclass(frozen=True)
class FlowFacts:
    remote_access_only: bool = False
    employee_access: bool = False
    direct_collection: bool = False
    returns_only_data_received_from_importer: bool = False
    special_category_data: bool = False
    supplementary_measures: bool = False


@dataclass(frozen=True)
class SafeguardFacts:
    """The instrument in place. The contract is concluded when both parties have signed."""

    instrument: str
    module: int | None = None
    exporter_signed_on: dt.date | None = None
    importer_signed_on: dt.date | None = None
    processing_changed_since_signature: bool = False

    def __post_init__(self) -> None:
        if self.module is not None:
            _require(self.module, MODULES, "safeguard.module")

    @property
    def concluded_on(self) -> dt.date | None:
        if self.exporter_signed_on is None or self.importer_signed_on is None:
            return None
        return max(self.exporter_signed_on, self.importer_signed_on)


@dataclass(frozen=True)
class TiaFacts:
    """The flow's transfer impact assessment: its status, date and next review date."""

    status: str = TIA_NONE
    assessed_on: dt.date | None = None
    review_due: dt.date | None = None

    def __post_init__(self) -> None:
        _require(self.status, TIA_STATUSES, "tia.status")


@dataclass(frozen=True)
class RecordedFacts:
    """What the register itself says about the flow, checked against the decision: the legal
    tool the legal team recorded, and the destination country it recorded. Absent (None) for a
    question that does not come from the register, such as a check request."""

    legal_tool: str
    destination_country: str

    def __post_init__(self) -> None:
        _require(self.legal_tool, LEGAL_TOOLS, "recorded.legal_tool")


@dataclass(frozen=True)
class TransferFacts:
    """One flow on one date under one regime. `exporter` is None for direct collection."""

    regime: str
    date: dt.date
    exporter: ExporterFacts | None
    importer: ImporterFacts
    flow: FlowFacts = FlowFacts()
    safeguard: SafeguardFacts | None = None
    tia: TiaFacts = TiaFacts()
    recorded: RecordedFacts | None = None
    legs: tuple = ()  # of `rules.legs.LegFacts`: the importer's locations and sub-processors

    def __post_init__(self) -> None:
        _require(self.regime, REGIMES, "regime")
        object.__setattr__(self, "legs", tuple(self.legs))
