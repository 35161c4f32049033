"""The transfer rules: for one flow, under one regime, on one date, is it a restricted transfer
under Chapter V and what makes it lawful.

Pure Python (standard library only, no ORM, no Django settings). Facts come in as frozen
dataclasses, a `Decision` comes out of `decide(facts, reference)`, which reads nothing else: no
clock, no database, no settings. Every date and every legal reference the rules apply comes from
`ReferenceData` (countries and their EU/EEA membership, adequacy decisions, transfer instruments),
so the legal team records a new or revoked decision without a release. The only constants here are
codes, the ruleset version and the wording of messages.

What a decision means
- `restricted_transfer`: the EDPB's three cumulative criteria (Guidelines 05/2021): the exporter is
  subject to the law, it discloses or makes the data available (remote access counts) to a
  *different* controller or processor, and that importer is outside the regime's area (the EU and
  EEA states on that date for the EU GDPR; the United Kingdom; Switzerland), whether or not the
  importer is itself subject to the GDPR. Direct collection from the data subject, and the
  exporter's own staff or branch abroad (same legal entity), are not transfers; a company of the
  same group is another legal entity.
- `lawful`: whether the flow has a legal basis under Chapter V on that date: it is not a restricted
  transfer, or an adequacy decision covers it (scope included), or a safeguard in place is valid
  on that date and its transfer impact assessment (TIA) is not negative. A missing, draft or
  outdated TIA does not make `lawful` false: the instrument still binds the parties and the gap
  is a breach of the duty to assess and document (Clause 14(b) and (d) of the 2021 SCCs) that is
  cured without suspending the flow; it is an error (or, when outdated, a warning) finding, so the
  register shows "action required". A negative TIA is different: it is the exporter's own
  conclusion that the tool cannot protect the data, and the exporter must suspend the transfer,
  so `lawful` is false. Derogations (Art. 49) are not modelled: a flow that relies on one comes
  out "not permitted" and the legal team documents the derogation.
- `status_for(decision)`: "not_permitted" when a restricted transfer has no lawful basis on the
  date; "action_required" when any error or warning finding needs work; "compliant" otherwise.
- `tia_required`: for every Art. 46 tool (instruments.yaml: requires_tia), never under adequacy;
  the exception is Module Four (processor to its controller) when the EU processor only returns
  data it received from that controller, since Clauses 14 and 15 then do not apply.
- `scc_module`: the module the roles call for (C->C One, C->P Two, P->P Three, P->its controller
  Four), given whenever standard clauses are needed (no adequacy and no other tool in place) or in
  place; a module in place that contradicts the roles is a finding, never the answer.
- An importer itself subject to the GDPR under Art. 3(2) is still an importer; the 2021 SCCs were
  not written for it, which is flagged (info) but does not block the transfer.
- Clause 13: the competent authority is the exporter's own (established in the EEA), its Art. 27
  representative's, or one where the data subjects are; the ICO under the UK GDPR; the FDPIC
  under the FADP with the FDPIC's adaptations.
- While a regime's home country was itself in the EU (the UK until the end of the transition
  period recorded in countries.yaml), its own law had no transfer rules yet: such a question is
  answered under the EU GDPR's rules, with an info finding.
- Facts that come from the register may carry what the register itself records
  (`RecordedFacts`): the legal tool and the destination. Where the record contradicts the
  decision (a tool recorded as not needed for a restricted transfer, adequacy recorded where none
  applies) or names a destination other than the importer's country, a finding says so
  (`legal-tool-contradicted`, `destination-differs`): the register must be right before a lawyer
  signs what it prints.

The decision's `ruleset_version` is `RULESET_VERSION` plus "+ref." and the first 12 hex digits of
the SHA-256 of the reference data in canonical JSON (rows sorted, dates in ISO form): a change in
the legal team's tables shows in every decision, and the YAML loader and a database loader that
build equal `ReferenceData` give the same version.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from functools import cached_property

RULESET_VERSION = "1.0.0"

# Regimes, roles and other codes used in facts and reference data.
EU, UK, CH = "EU", "UK", "CH"
REGIMES = (EU, UK, CH)
CONTROLLER, PROCESSOR = "controller", "processor"
ROLES = (CONTROLLER, PROCESSOR)
ESTABLISHMENT, ART3_2, NOT_SUBJECT = "establishment", "art3_2", "no"
SUBJECT_TO_LAW = (ESTABLISHMENT, ART3_2, NOT_SUBJECT)
TIA_NONE, TIA_DRAFT, TIA_APPROVED, TIA_OUTDATED, TIA_NEGATIVE = (
    "none",
    "draft",
    "approved",
    "outdated",
    "negative",
)
TIA_STATUSES = (TIA_NONE, TIA_DRAFT, TIA_APPROVED, TIA_OUTDATED, TIA_NEGATIVE)
FULL, PARTIAL = "full", "partial"
SCOPES = (FULL, PARTIAL)
NO_CONDITION = "none"
CERTIFIED_ORGANISATIONS = "certified_organisations"
COMMERCIAL_ORGANISATIONS = "commercial_organisations"
SECTOR_EXCLUSIONS = "sector_exclusions"
SCOPE_CONDITIONS = (
    NO_CONDITION,
    CERTIFIED_ORGANISATIONS,
    COMMERCIAL_ORGANISATIONS,
    SECTOR_EXCLUSIONS,
)
EEA = "EEA"  # adequacy row country meaning "every EU or EEA state on the date asked"
MODULES = (1, 2, 3, 4)
# The legal tool the register records for a flow (what the legal team believes makes it lawful).
TOOL_ADEQUACY, TOOL_SCC, TOOL_BCR, TOOL_DEROGATION, TOOL_NONE_NEEDED = (
    "adequacy",
    "scc",
    "bcr",
    "derogation",
    "none_needed",
)
LEGAL_TOOLS = (TOOL_ADEQUACY, TOOL_SCC, TOOL_BCR, TOOL_DEROGATION, TOOL_NONE_NEEDED)

INFO, WARNING, ERROR = "info", "warning", "error"
SEVERITIES = (INFO, WARNING, ERROR)
COMPLIANT, ACTION_REQUIRED, NOT_PERMITTED = "compliant", "action_required", "not_permitted"
STATUSES = (COMPLIANT, ACTION_REQUIRED, NOT_PERMITTED)

# Finding codes: stable, part of the public contract.
GOVERNED_BY_EU_GDPR = "governed-by-eu-gdpr"
PROCESSING_ABROAD = "processing-abroad"
SAFEGUARD_NOT_REQUIRED = "safeguard-not-required"
SAFEGUARD_FALLBACK = "safeguard-fallback"
ADEQUACY_SECTOR_EXCLUSIONS = "adequacy-sector-exclusions"
ADEQUACY_SCOPE_UNCONFIRMED = "adequacy-scope-unconfirmed"
ADEQUACY_SCOPE_NOT_MET = "adequacy-scope-not-met"
CERTIFICATION_MISSING = "certification-missing"
CERTIFICATION_LAPSED = "certification-lapsed"
CERTIFICATION_NOT_YET_VALID = "certification-not-yet-valid"
CERTIFICATION_WRONG_PROGRAMME = "certification-wrong-programme"
ADEQUACY_ENDED = "adequacy-ended"
ADEQUACY_NOT_YET_IN_FORCE = "adequacy-not-yet-in-force"
NO_SAFEGUARD = "no-safeguard"
SAFEGUARD_UNKNOWN = "safeguard-unknown"
SAFEGUARD_WRONG_REGIME = "safeguard-wrong-regime"
SAFEGUARD_UNSIGNED = "safeguard-unsigned"
SAFEGUARD_NOT_YET_SIGNED = "safeguard-not-yet-signed"
SAFEGUARD_NOT_AVAILABLE = "safeguard-not-available"
SAFEGUARD_REPEALED = "safeguard-repealed"
SAFEGUARD_PROCESSING_CHANGED = "safeguard-processing-changed"
SAFEGUARD_EXPIRED = "safeguard-expired"
SAFEGUARD_TRANSITIONAL = "safeguard-transitional"
SAFEGUARD_CONDITION = "safeguard-condition"
MODULE_MISMATCH = "module-mismatch"
MODULE_MISSING = "module-missing"
TIA_MISSING = "tia-missing"
TIA_OUTDATED_FINDING = "tia-outdated"
TIA_NEGATIVE_FINDING = "tia-negative"
SPECIAL_CATEGORY_WITHOUT_MEASURES = "special-category-without-measures"
IMPORTER_SUBJECT_TO_GDPR = "importer-subject-to-gdpr"
CLAUSE_13_AUTHORITY = "clause-13-authority"
REPRESENTATIVE_OUTSIDE_AREA = "representative-outside-area"
LEGAL_TOOL_CONTRADICTED = "legal-tool-contradicted"
DESTINATION_DIFFERS = "destination-differs"
FINDING_CODES = (
    GOVERNED_BY_EU_GDPR,
    PROCESSING_ABROAD,
    SAFEGUARD_NOT_REQUIRED,
    SAFEGUARD_FALLBACK,
    ADEQUACY_SECTOR_EXCLUSIONS,
    ADEQUACY_SCOPE_UNCONFIRMED,
    ADEQUACY_SCOPE_NOT_MET,
    CERTIFICATION_MISSING,
    CERTIFICATION_LAPSED,
    CERTIFICATION_NOT_YET_VALID,
    CERTIFICATION_WRONG_PROGRAMME,
    ADEQUACY_ENDED,
    ADEQUACY_NOT_YET_IN_FORCE,
    NO_SAFEGUARD,
    SAFEGUARD_UNKNOWN,
    SAFEGUARD_WRONG_REGIME,
    SAFEGUARD_UNSIGNED,
    SAFEGUARD_NOT_YET_SIGNED,
    SAFEGUARD_NOT_AVAILABLE,
    SAFEGUARD_REPEALED,
    SAFEGUARD_PROCESSING_CHANGED,
    SAFEGUARD_EXPIRED,
    SAFEGUARD_TRANSITIONAL,
    SAFEGUARD_CONDITION,
    MODULE_MISMATCH,
    MODULE_MISSING,
    TIA_MISSING,
    TIA_OUTDATED_FINDING,
    TIA_NEGATIVE_FINDING,
    SPECIAL_CATEGORY_WITHOUT_MEASURES,
    IMPORTER_SUBJECT_TO_GDPR,
    CLAUSE_13_AUTHORITY,
    REPRESENTATIVE_OUTSIDE_AREA,
    LEGAL_TOOL_CONTRADICTED,
    DESTINATION_DIFFERS,
)

# Wording used in messages.
REGIME_LAW = {EU: "EU GDPR", UK: "UK GDPR", CH: "Swiss FADP"}
REGIME_AREA = {EU: "the EEA", UK: "the United Kingdom", CH: "Switzerland"}
REGIME_HOME_COUNTRY = {UK: "GB", CH: "CH"}
MODULE_FOR_ROLES = {
    (CONTROLLER, CONTROLLER): 1,
    (CONTROLLER, PROCESSOR): 2,
    (PROCESSOR, PROCESSOR): 3,
    (PROCESSOR, CONTROLLER): 4,
}
MODULE_NAMES = {1: "Module One", 2: "Module Two", 3: "Module Three", 4: "Module Four"}
MODULE_ROLE_TEXT = {
    1: "a controller to a controller",
    2: "a controller to a processor",
    3: "a processor to a processor",
    4: "a processor to its controller",
}
PROGRAMME_NAMES = {
    "EU-US DPF": "EU-US Data Privacy Framework",
    "UK Extension": "UK Extension to the EU-US Data Privacy Framework",
    "Swiss-US DPF": "Swiss-US Data Privacy Framework",
    "EU-US Privacy Shield": "EU-US Privacy Shield",
    "Safe Harbor": "Safe Harbor privacy principles",
}
LEGAL_TOOL_TEXT = {
    TOOL_ADEQUACY: "an adequacy decision (Art. 45)",
    TOOL_SCC: "standard contractual clauses (Art. 46(2)(c))",
    TOOL_BCR: "binding corporate rules (Art. 47)",
    TOOL_DEROGATION: "a derogation (Art. 49)",
    TOOL_NONE_NEEDED: "that no transfer tool is needed",
}
SUBJECTION_TEXT = {
    ESTABLISHMENT: "through an establishment",
    ART3_2: (
        "without an establishment, because it offers goods or services to, or monitors, people "
        "there (Art. 3(2) or its counterpart)"
    ),
}


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

    def __post_init__(self) -> None:
        _require(self.regime, REGIMES, "regime")


# ------------------------------------------------------------------------ reference data


class ReferenceDataError(ValueError):
    """The reference data contradicts itself or its schema."""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    eu_from: dt.date | None = None
    eu_until: dt.date | None = None
    eea_from: dt.date | None = None
    eea_until: dt.date | None = None
    source: str = ""

    def __post_init__(self) -> None:
        _require_order(self.eu_from, self.eu_until, f"{self.code} EU membership")
        _require_order(self.eea_from, self.eea_until, f"{self.code} EEA membership")

    def in_eu_or_eea_on(self, on: dt.date) -> bool:
        in_eu = self.eu_from is not None and _within(on, self.eu_from, self.eu_until)
        in_eea = self.eea_from is not None and _within(on, self.eea_from, self.eea_until)
        return in_eu or in_eea


@dataclass(frozen=True)
class AdequacyDecision:
    regime: str
    country: str
    reference: str
    title: str
    effective_from: dt.date | None
    effective_until: dt.date | None
    scope: str
    scope_condition: str
    required_certification: str | None
    scope_note: str = ""
    source: str = ""
    source_url: str = ""

    def __post_init__(self) -> None:
        name = f"adequacy {self.reference} ({self.regime}, {self.country})"
        _require(self.regime, REGIMES, f"{name}: regime")
        _require(self.scope, SCOPES, f"{name}: scope")
        _require(self.scope_condition, SCOPE_CONDITIONS, f"{name}: scope_condition")
        _require_order(self.effective_from, self.effective_until, name)
        if (self.scope == FULL) != (self.scope_condition == NO_CONDITION):
            raise ValueError(f"{name}: scope_condition is none if and only if scope is full")
        certified = self.scope_condition == CERTIFIED_ORGANISATIONS
        if certified != (self.required_certification is not None):
            raise ValueError(f"{name}: required_certification goes with certified_organisations")

    def in_force_on(self, on: dt.date) -> bool:
        return _within(on, self.effective_from, self.effective_until)


@dataclass(frozen=True)
class InstrumentTerms:
    """When an instrument may be relied on under one regime (see instruments.yaml)."""

    regime: str
    available_from: dt.date | None = None
    repealed_from: dt.date | None = None
    signed_before: dt.date | None = None
    valid_until: dt.date | None = None
    condition: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        _require(self.regime, REGIMES, "instrument terms regime")

    def available_on(self, on: dt.date) -> bool:
        """Whether a new contract could be concluded on the instrument that day."""
        not_repealed = self.repealed_from is None or on < self.repealed_from
        return not_repealed and (self.available_from is None or self.available_from <= on)


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    article: str
    modules: tuple[int, ...]
    module_required: bool
    requires_tia: bool
    scc_based: bool
    terms: tuple[InstrumentTerms, ...]
    source: str = ""

    def __post_init__(self) -> None:
        for module in self.modules:
            _require(module, MODULES, f"instrument {self.code}: modules")
        regimes = [terms.regime for terms in self.terms]
        if len(set(regimes)) != len(regimes):
            raise ValueError(f"instrument {self.code}: one terms entry per regime")
        object.__setattr__(self, "modules", tuple(sorted(self.modules)))
        object.__setattr__(self, "terms", tuple(sorted(self.terms, key=lambda t: t.regime)))

    def terms_for(self, regime: str) -> InstrumentTerms | None:
        return next((terms for terms in self.terms if terms.regime == regime), None)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {value!r}")


@dataclass(frozen=True)
class ReferenceData:
    """The legal team's tables. Built from plain lists of rows, by the YAML loader or from the
    database; rows are kept sorted so that neither the order of rows nor their source changes a
    decision or the version."""

    countries: tuple[Country, ...]
    adequacy_decisions: tuple[AdequacyDecision, ...]
    instruments: tuple[Instrument, ...]

    def __post_init__(self) -> None:
        countries = tuple(sorted(self.countries, key=lambda c: c.code))
        decisions = tuple(
            sorted(
                self.adequacy_decisions,
                key=lambda d: (d.regime, d.country, d.effective_from or dt.date.min, d.reference),
            )
        )
        instruments = tuple(sorted(self.instruments, key=lambda i: i.code))
        object.__setattr__(self, "countries", countries)
        object.__setattr__(self, "adequacy_decisions", decisions)
        object.__setattr__(self, "instruments", instruments)
        self._validate()

    def _validate(self) -> None:
        codes = [country.code for country in self.countries]
        if len(set(codes)) != len(codes):
            raise ReferenceDataError("countries: duplicate codes")
        instrument_codes = [instrument.code for instrument in self.instruments]
        if len(set(instrument_codes)) != len(instrument_codes):
            raise ReferenceDataError("instruments: duplicate codes")
        for decision in self.adequacy_decisions:
            if decision.country != EEA and decision.country not in self.countries_by_code:
                raise ReferenceDataError(
                    f"adequacy {decision.reference}: unknown country {decision.country!r}"
                )

    @cached_property
    def countries_by_code(self) -> dict[str, Country]:
        return {country.code: country for country in self.countries}

    @cached_property
    def instruments_by_code(self) -> dict[str, Instrument]:
        return {instrument.code: instrument for instrument in self.instruments}

    @cached_property
    def certification_programmes(self) -> frozenset[str]:
        """The programmes some adequacy decision requires: the valid certification names."""
        return frozenset(
            d.required_certification
            for d in self.adequacy_decisions
            if d.required_certification is not None
        )

    @cached_property
    def fingerprint(self) -> str:
        canonical = json.dumps(
            asdict(self), sort_keys=True, separators=(",", ":"), default=_json_default
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

    def in_eu_or_eea(self, code: str, on: dt.date) -> bool:
        country = self.countries_by_code.get(code)
        return country is not None and country.in_eu_or_eea_on(on)

    def country_label(self, code: str) -> str:
        country = self.countries_by_code.get(code)
        return f"{country.name} ({code})" if country else code

    def adequacy_rows(self, regime: str, code: str, on: dt.date) -> tuple[AdequacyDecision, ...]:
        """Every decision of the regime naming the destination, in force or not; an "EEA" row
        names it if it is in the EU or the EEA on the date."""
        in_eea = self.in_eu_or_eea(code, on)
        return tuple(
            d
            for d in self.adequacy_decisions
            if d.regime == regime and (d.country == code or (d.country == EEA and in_eea))
        )


def ruleset_version(reference: ReferenceData) -> str:
    return f"{RULESET_VERSION}+ref.{reference.fingerprint}"


# ------------------------------------------------------------------------------ output


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str

    def __post_init__(self) -> None:
        _require(self.severity, SEVERITIES, "finding severity")


@dataclass(frozen=True)
class AdequacyMatch:
    reference: str
    title: str
    destination: str
    scope: str
    scope_condition: str
    scope_note: str

    @property
    def scope_description(self) -> str:
        """The scope as shown: "full", or "partial: " and what the decision covers."""
        if self.scope == FULL:
            return FULL
        return f"{PARTIAL}: {self.scope_note or self.scope_condition}"


@dataclass(frozen=True)
class Decision:
    regime: str
    date: dt.date
    ruleset_version: str
    restricted_transfer: bool
    reason: str
    adequacy: AdequacyMatch | None
    scc_module: int | None
    tia_required: bool
    lawful: bool
    findings: tuple[Finding, ...]
    competent_authority: str | None = None


@dataclass(frozen=True)
class AdequacyOutcome:
    """What the adequacy decisions say: a match, findings that go with it, and the reasons no
    decision covers the flow (`gaps`: code and message, whose severity depends on whether
    something else makes the flow lawful)."""

    match: AdequacyMatch | None
    findings: tuple[Finding, ...] = ()
    gaps: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SafeguardOutcome:
    valid: bool
    instrument: Instrument | None
    findings: tuple[Finding, ...] = ()


# ----------------------------------------------------------------- transfer or not


def governing_regime(regime: str, on: dt.date, reference: ReferenceData) -> str:
    """The regime whose transfer rules answer the question. While a regime's home country was
    itself in the EU (the UK until the end of the transition period), its own law had no transfer
    rules: the EU GDPR's applied to it."""
    home = REGIME_HOME_COUNTRY.get(regime)
    if home is not None and reference.in_eu_or_eea(home, on):
        return EU
    return regime


def is_in_area(code: str, regime: str, on: dt.date, reference: ReferenceData) -> bool:
    """Whether a disclosure to this country stays inside the regime's area on that date."""
    if regime == EU:
        return reference.in_eu_or_eea(code, on)
    return code == REGIME_HOME_COUNTRY[regime]


def is_restricted_transfer(
    facts: TransferFacts, regime: str, reference: ReferenceData
) -> tuple[bool, str]:
    """The EDPB's three cumulative criteria (Guidelines 05/2021), with the reason a lawyer reads."""
    law, area = REGIME_LAW[regime], REGIME_AREA[regime]
    exporter, importer, flow = facts.exporter, facts.importer, facts.flow
    destination = reference.country_label(importer.country)
    if exporter is None or flow.direct_collection:
        return False, (
            "Not a transfer: the data subject gives the data directly to the importer (direct "
            f"collection), so no exporter subject to the {law} discloses it."
        )
    if exporter.subject_to_law == NOT_SUBJECT:
        return (
            False,
            f"Not a transfer: the exporter is not subject to the {law} for this processing.",
        )
    if importer.same_legal_entity_as_exporter:
        who = (
            "the exporter's own employee"
            if flow.employee_access
            else "part of the exporter's legal entity"
        )
        return False, (
            f"Not a transfer: the recipient in {destination} is {who}, not another controller or "
            "processor; the disclosure stays within the exporter."
        )
    if is_in_area(importer.country, regime, facts.date, reference):
        return False, f"Not a transfer: the importer is in {destination}, inside {area}."
    how = "discloses the data to"
    if flow.remote_access_only:
        how = "makes the data available by remote access to"
    reason = (
        f"Restricted transfer: the exporter, subject to the {law} "
        f"{SUBJECTION_TEXT[exporter.subject_to_law]}, {how} a separate {importer.role} in "
        f"{destination}, outside {area}."
    )
    if flow.employee_access:
        reason += (
            " The person accessing the data works for another legal entity, not the exporter: "
            "a company of the same group is a separate importer."
        )
    if importer.subject_to_gdpr_art3_2:
        reason += (
            " That the importer is itself subject to the GDPR under Art. 3(2) does not change this."
        )
    return True, reason


def required_scc_module(exporter_role: str, importer_role: str) -> int:
    """Module One C->C, Two C->P, Three P->P, Four P->its controller ((EU) 2021/914, Annex)."""
    return MODULE_FOR_ROLES[(exporter_role, importer_role)]


# ------------------------------------------------------------------------------ adequacy


def _programme_name(programme: str) -> str:
    return PROGRAMME_NAMES.get(programme, programme)


def _cited(decision: AdequacyDecision) -> str:
    """The decision as a lawyer cites it mid-sentence: "the EU-US Data Privacy Framework adequacy
    decision, (EU) 2023/1795,"."""
    return f"the {decision.title}, {decision.reference},"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _match(decision: AdequacyDecision, destination: str) -> AdequacyMatch:
    return AdequacyMatch(
        reference=decision.reference,
        title=decision.title,
        destination=destination,
        scope=decision.scope,
        scope_condition=decision.scope_condition,
        scope_note=decision.scope_note,
    )


def _certification_coverage(
    decision: AdequacyDecision,
    importer: ImporterFacts,
    on: dt.date,
    destination: str,
    recognised: frozenset[str],
) -> tuple[str, str] | None:
    """None if the importer holds the required certification on the date, else the gap."""
    programme = decision.required_certification or ""
    held = [c for c in importer.certifications if c.programme == programme]
    if any(c.valid_on(on) for c in held):
        return None
    prefix = (
        f"The transfer to {destination} would rely on {_cited(decision)} which covers only "
        f"organisations certified under the {_programme_name(programme)}; "
    )
    lapsed = [c.valid_until for c in held if c.valid_until is not None and c.valid_until < on]
    if lapsed:
        return CERTIFICATION_LAPSED, prefix + (
            f"the importer's certification was valid only until {max(lapsed)}."
        )
    if held:
        start = min(c.valid_from for c in held if c.valid_from is not None)
        return CERTIFICATION_NOT_YET_VALID, prefix + (
            f"the importer's certification takes effect only on {start}."
        )
    others = sorted({c.programme for c in importer.certifications if c.valid_on(on)} - recognised)
    if others:
        names = " and the ".join(_programme_name(p) for p in others)
        return CERTIFICATION_WRONG_PROGRAMME, prefix + (
            f"the importer is certified only under the {names}, which this regime does not "
            "recognise for this destination."
        )
    return CERTIFICATION_MISSING, prefix + "the importer holds no such certification."


def _scope_coverage(
    decision: AdequacyDecision,
    importer: ImporterFacts,
    on: dt.date,
    destination: str,
    recognised: frozenset[str],
) -> tuple[bool, list[Finding], list[tuple[str, str]]]:
    """Whether an in-force decision covers this importer: (covered, findings, gaps)."""
    condition = decision.scope_condition
    if condition == NO_CONDITION:
        return True, [], []
    if condition == SECTOR_EXCLUSIONS:
        message = (
            f"{_capitalised(_cited(decision))} covers {destination} only in part. "
            f"{decision.scope_note} The legal team should confirm that this importer's "
            "processing is not excluded."
        )
        return True, [Finding(ADEQUACY_SECTOR_EXCLUSIONS, INFO, message)], []
    if condition == COMMERCIAL_ORGANISATIONS:
        only = (
            f"{_capitalised(_cited(decision))} covers {destination} only for commercial "
            f"organisations. {decision.scope_note}"
        )
        if importer.commercial_organisation is None:
            message = (
                f"{only} The register does not record whether the importer is one; the scope "
                "must be confirmed before relying on the decision."
            )
            return True, [Finding(ADEQUACY_SCOPE_UNCONFIRMED, WARNING, message)], []
        if importer.commercial_organisation:
            return True, [], []
        message = f"{only} The importer is not one, so the decision does not cover it."
        return False, [], [(ADEQUACY_SCOPE_NOT_MET, message)]
    gap = _certification_coverage(decision, importer, on, destination, recognised)
    return gap is None, [], ([] if gap is None else [gap])


def _decisions_not_in_force(
    rows: tuple[AdequacyDecision, ...], importer: ImporterFacts, on: dt.date, destination: str
) -> tuple[tuple[str, str], ...]:
    """Explain an adequacy decision the flow might expect that has ended or not yet begun: the
    latest ended one and the next upcoming one, if the importer would be within their scope."""
    held = {c.programme for c in importer.certifications}
    relevant = [
        d
        for d in rows
        if not d.in_force_on(on)
        and (d.required_certification is None or d.required_certification in held)
    ]
    ended = [d for d in relevant if d.effective_until is not None and d.effective_until < on]
    upcoming = [d for d in relevant if d.effective_from is not None and on < d.effective_from]
    gaps = []
    if ended:
        last = max(ended, key=lambda d: d.effective_until or dt.date.min)
        message = (
            f"{_capitalised(_cited(last))} applied to {destination} only until "
            f"{last.effective_until}."
        )
        if last.required_certification:
            message += (
                f" The importer's certification under the "
                f"{_programme_name(last.required_certification)} gives no basis after that day."
            )
        gaps.append((ADEQUACY_ENDED, message))
    if upcoming:
        first = min(upcoming, key=lambda d: d.effective_from or dt.date.max)
        gaps.append(
            (
                ADEQUACY_NOT_YET_IN_FORCE,
                f"{_capitalised(_cited(first))} applies to {destination} only from "
                f"{first.effective_from}.",
            )
        )
    return tuple(gaps)


def find_adequacy(
    importer: ImporterFacts, regime: str, on: dt.date, reference: ReferenceData
) -> AdequacyOutcome:
    """The adequacy decision of the regime that covers this importer on the date, scope included,
    or the reasons none does."""
    destination = reference.country_label(importer.country)
    rows = reference.adequacy_rows(regime, importer.country, on)
    recognised = frozenset(d.required_certification for d in rows if d.required_certification)
    gaps: list[tuple[str, str]] = []
    for decision in (d for d in rows if d.in_force_on(on)):
        covered, findings, decision_gaps = _scope_coverage(
            decision, importer, on, destination, recognised
        )
        if covered:
            return AdequacyOutcome(_match(decision, importer.country), tuple(findings))
        gaps.extend(decision_gaps)
    gaps.extend(_decisions_not_in_force(rows, importer, on, destination))
    return AdequacyOutcome(None, (), tuple(gaps))


# ---------------------------------------------------------------------------- safeguards


def available_instruments(
    regime: str, module: int, on: dt.date, reference: ReferenceData
) -> list[Instrument]:
    """Instruments on which a new contract for these roles could be concluded under the regime
    that day, standard clauses first."""
    usable = [
        instrument
        for instrument in reference.instruments
        if (terms := instrument.terms_for(regime)) is not None
        and terms.available_on(on)
        and module in instrument.modules
    ]
    return sorted(usable, key=lambda instrument: (not instrument.scc_based, instrument.name))


def _signature_findings(safeguard: SafeguardFacts, name: str, on: dt.date) -> list[Finding]:
    missing = [
        party
        for party, signed_on in (
            ("exporter", safeguard.exporter_signed_on),
            ("importer", safeguard.importer_signed_on),
        )
        if signed_on is None
    ]
    if missing:
        return [
            Finding(
                SAFEGUARD_UNSIGNED,
                ERROR,
                f"The {name} in place has not been signed by the {' and the '.join(missing)}; "
                "an unsigned contract provides no safeguard.",
            )
        ]
    concluded = safeguard.concluded_on
    if concluded is not None and on < concluded:
        return [
            Finding(
                SAFEGUARD_NOT_YET_SIGNED,
                ERROR,
                f"The {name} was concluded on {concluded}, after {on}: on that date it was not "
                "yet in place.",
            )
        ]
    return []


def _availability_findings(
    safeguard: SafeguardFacts, name: str, terms: InstrumentTerms, law: str
) -> list[Finding]:
    concluded = safeguard.concluded_on
    if concluded is None or terms.available_from is None or terms.available_from <= concluded:
        return []
    return [
        Finding(
            SAFEGUARD_NOT_AVAILABLE,
            ERROR,
            f"The {name} could be used under the {law} only from {terms.available_from}; a "
            f"contract concluded on {concluded} cannot rest on it.",
        )
    ]


def _repeal_findings(
    safeguard: SafeguardFacts, name: str, terms: InstrumentTerms, law: str, on: dt.date
) -> list[Finding]:
    """After repeal, only a contract concluded before the cut-off, covering unchanged
    processing, keeps providing safeguards, and only until the end of the transition."""
    concluded = safeguard.concluded_on
    if terms.repealed_from is None or on < terms.repealed_from or concluded is None:
        return []
    repealed = f"The {name} ceased to be available under the {law} on {terms.repealed_from}"
    if terms.signed_before is None or concluded >= terms.signed_before:
        transition = (
            f"only contracts concluded before {terms.signed_before} kept them"
            if terms.signed_before
            else "no transitional rule applies"
        )
        return [
            Finding(
                SAFEGUARD_REPEALED,
                ERROR,
                f"{repealed}; this contract was concluded on {concluded} and {transition}.",
            )
        ]
    until = f" until {terms.valid_until}" if terms.valid_until else ""
    if safeguard.processing_changed_since_signature:
        return [
            Finding(
                SAFEGUARD_PROCESSING_CHANGED,
                ERROR,
                f"{repealed}; a contract concluded before {terms.signed_before} remained "
                f"valid{until} only while the processing it covers was unchanged, and this "
                "processing has changed since signature.",
            )
        ]
    if terms.valid_until is not None and terms.valid_until < on:
        return [
            Finding(
                SAFEGUARD_EXPIRED,
                ERROR,
                f"{repealed}; contracts concluded before {terms.signed_before} provided "
                f"appropriate safeguards only until {terms.valid_until}, so on {on} this "
                "contract no longer does.",
            )
        ]
    return [
        Finding(
            SAFEGUARD_TRANSITIONAL,
            WARNING,
            f"{repealed}; this contract, concluded on {concluded}, still provides appropriate "
            f"safeguards under the transitional rule{until}, provided the processing does not "
            "change. It should be replaced before then.",
        )
    ]


def _module_findings(
    safeguard: SafeguardFacts, instrument: Instrument, required: int
) -> list[Finding]:
    needs = f"{MODULE_NAMES[required]} (from {MODULE_ROLE_TEXT[required]})"
    if required not in instrument.modules:
        covered = " or from ".join(MODULE_ROLE_TEXT[m] for m in instrument.modules)
        return [
            Finding(
                MODULE_MISMATCH,
                ERROR,
                f"The {instrument.name} can be used only for transfers from {covered}; this "
                f"flow's roles call for {needs}.",
            )
        ]
    if safeguard.module is None:
        if not instrument.module_required:
            return []
        return [
            Finding(
                MODULE_MISSING,
                ERROR,
                f"The {instrument.name} in place does not record which module was chosen; this "
                f"flow's roles call for {needs}.",
            )
        ]
    if safeguard.module != required:
        return [
            Finding(
                MODULE_MISMATCH,
                ERROR,
                f"The safeguard in place uses {MODULE_NAMES[safeguard.module]} (from "
                f"{MODULE_ROLE_TEXT[safeguard.module]}), but this flow's roles call for {needs}.",
            )
        ]
    return []


def evaluate_safeguard(
    safeguard: SafeguardFacts,
    regime: str,
    module: int,
    on: dt.date,
    reference: ReferenceData,
) -> SafeguardOutcome:
    """Is the instrument in place valid on the date: signed, usable under the regime, not
    repealed (or still within its transition), and with a module that matches the roles."""
    instrument = reference.instruments_by_code.get(safeguard.instrument)
    if instrument is None:
        return SafeguardOutcome(
            False,
            None,
            (
                Finding(
                    SAFEGUARD_UNKNOWN,
                    ERROR,
                    f"The safeguard in place, {safeguard.instrument!r}, is not a transfer "
                    "instrument recorded in the reference data.",
                ),
            ),
        )
    law = REGIME_LAW[regime]
    findings = _signature_findings(safeguard, instrument.name, on)
    terms = instrument.terms_for(regime)
    if terms is None:
        findings.append(
            Finding(
                SAFEGUARD_WRONG_REGIME,
                ERROR,
                f"Under the {law}, no appropriate safeguard can rest on the {instrument.name} "
                "alone.",
            )
        )
    else:
        findings += _availability_findings(safeguard, instrument.name, terms, law)
        findings += _repeal_findings(safeguard, instrument.name, terms, law, on)
    findings += _module_findings(safeguard, instrument, module)
    valid = not any(finding.severity == ERROR for finding in findings)
    if valid and terms is not None and terms.condition:
        findings.append(Finding(SAFEGUARD_CONDITION, INFO, terms.condition))
    return SafeguardOutcome(valid, instrument, tuple(findings))


def _no_safeguard(
    facts: TransferFacts, regime: str, module: int, reference: ReferenceData
) -> Finding:
    tools = "; ".join(
        f"the {i.name}, {MODULE_NAMES[module]}" if i.module_required else f"the {i.name}"
        for i in available_instruments(regime, module, facts.date, reference)
    )
    destination = reference.country_label(facts.importer.country)
    return Finding(
        NO_SAFEGUARD,
        ERROR,
        f"The transfer to {destination} is a restricted transfer that no adequacy decision "
        f"covers, and no appropriate safeguard is in place under the {REGIME_LAW[regime]}. It "
        f"needs one of: {tools or 'no instrument is recorded for this date'}; or, for an "
        "occasional transfer, a derogation under Art. 49.",
    )


# ------------------------------------------------------------------------------------ TIA


def tia_required_for(facts: TransferFacts, module: int, instrument: Instrument | None) -> bool:
    """Every Art. 46 tool needs a TIA (Schrems II). The 2021 SCCs' Module Four applies Clauses
    14 and 15 only where the EU processor combines its controller's data with data collected in
    the EU, so a processor that only returns what its controller sent needs none."""
    if instrument is not None and not instrument.requires_tia:
        return False
    returns_only = module == 4 and facts.flow.returns_only_data_received_from_importer
    modular = instrument is None or instrument.module_required
    return not (returns_only and modular)


def evaluate_tia(tia: TiaFacts, on: dt.date) -> tuple[list[Finding], bool]:
    """Findings on the TIA as it stood on the date, and whether it was negative."""
    if tia.assessed_on is not None and on < tia.assessed_on:
        return [
            Finding(
                TIA_MISSING,
                ERROR,
                f"The transfer impact assessment is dated {tia.assessed_on}, after {on}: on that "
                "date none had been made.",
            )
        ], False
    if tia.status == TIA_NONE:
        return [
            Finding(
                TIA_MISSING,
                ERROR,
                "No transfer impact assessment is recorded for this transfer. A transfer relying "
                "on an Art. 46 tool needs one: assess the law and practice of the destination, "
                "adopt supplementary measures where needed and document the result.",
            )
        ], False
    if tia.status == TIA_DRAFT:
        return [
            Finding(
                TIA_MISSING,
                ERROR,
                "The transfer impact assessment is still a draft; it must be completed and "
                "approved before it documents the transfer.",
            )
        ], False
    if tia.status == TIA_NEGATIVE:
        return [
            Finding(
                TIA_NEGATIVE_FINDING,
                ERROR,
                "The transfer impact assessment concluded that the law and practice of the "
                "destination prevent the importer from complying, even with supplementary "
                "measures: the exporter must suspend the transfer, which has no lawful basis.",
            )
        ], True
    overdue = tia.review_due is not None and tia.review_due < on
    if tia.status == TIA_OUTDATED or overdue:
        when = f"was due for review on {tia.review_due}" if overdue else "is marked outdated"
        return [
            Finding(
                TIA_OUTDATED_FINDING,
                WARNING,
                f"The transfer impact assessment {when}; it must be re-evaluated against the "
                "current law and practice of the destination.",
            )
        ], False
    return [], False


# ------------------------------------------------------------------------ other findings


def clause_13_authority(
    exporter: ExporterFacts, regime: str, on: dt.date, reference: ReferenceData
) -> tuple[str, list[Finding]]:
    """The competent supervisory authority to name in Annex I.C (Clause 13(a) of the 2021 SCCs,
    or its UK and Swiss counterparts), and any problem with the facts it rests on."""
    if regime == UK:
        return "the Information Commissioner (ICO)", []
    if regime == CH:
        return (
            "the Federal Data Protection and Information Commissioner (FDPIC), as the FDPIC's "
            "adaptations require"
        ), []
    if exporter.subject_to_law == ESTABLISHMENT:
        where = (
            f"in {reference.country_label(exporter.country)}"
            if reference.in_eu_or_eea(exporter.country, on)
            else "for its establishment in the EEA"
        )
        return (
            f"the supervisory authority responsible for the exporter {where} (Clause 13(a), "
            "exporter established in the EU)"
        ), []
    representative = exporter.representative_country
    if representative is not None and reference.in_eu_or_eea(representative, on):
        return (
            f"the supervisory authority of {reference.country_label(representative)}, where the "
            "exporter's Art. 27 representative is established (Clause 13(a), second option)"
        ), []
    findings = []
    if representative is not None:
        findings.append(
            Finding(
                REPRESENTATIVE_OUTSIDE_AREA,
                WARNING,
                "The exporter's Art. 27 representative is recorded in "
                f"{reference.country_label(representative)}, outside the EEA; a representative "
                "must be established in a Member State where the data subjects are.",
            )
        )
    return (
        "the supervisory authority of a Member State where the data subjects whose data is "
        "transferred are located (Clause 13(a), third option, open only to an exporter exempt "
        "from appointing a representative under Art. 27(2))"
    ), findings


def _clause_13_findings(
    facts: TransferFacts, regime: str, reference: ReferenceData
) -> tuple[str | None, list[Finding]]:
    if facts.exporter is None:
        return None, []
    authority, findings = clause_13_authority(facts.exporter, regime, facts.date, reference)
    message = f"Competent supervisory authority (Clause 13 and Annex I.C): {authority}."
    return authority, [*findings, Finding(CLAUSE_13_AUTHORITY, INFO, message)]


def _importer_subject_to_gdpr(instrument: Instrument | None) -> Finding:
    tool = f"the {instrument.name}" if instrument else "the standard contractual clauses"
    return Finding(
        IMPORTER_SUBJECT_TO_GDPR,
        INFO,
        "The importer is itself subject to the GDPR under Art. 3(2). The Commission wrote its "
        "standard contractual clauses for importers whose processing is not subject to the GDPR "
        "and announced a separate set for this case, not adopted so far; the disclosure remains "
        f"a transfer, and relying on {tool} meanwhile is flagged, not blocked.",
    )


def _special_category_finding() -> Finding:
    return Finding(
        SPECIAL_CATEGORY_WITHOUT_MEASURES,
        WARNING,
        "The transfer includes special categories of personal data (Art. 9) and no supplementary "
        "measures are recorded; the transfer impact assessment should settle which technical, "
        "contractual or organisational measures protect them.",
    )


def _regime_findings(facts: TransferFacts, regime: str, reference: ReferenceData) -> list[Finding]:
    if regime == facts.regime:
        return []
    home = reference.countries_by_code[REGIME_HOME_COUNTRY[facts.regime]]
    return [
        Finding(
            GOVERNED_BY_EU_GDPR,
            INFO,
            f"On {facts.date}, {home.name} was still treated as part of the EU for data "
            f"protection (until {home.eu_until}); the {REGIME_LAW[facts.regime]} did not yet "
            "govern its transfers, so the EU GDPR's transfer rules are applied.",
        )
    ]


def _not_a_transfer_findings(
    facts: TransferFacts, regime: str, reference: ReferenceData
) -> list[Finding]:
    findings = []
    abroad = not is_in_area(facts.importer.country, regime, facts.date, reference)
    direct = facts.exporter is None or facts.flow.direct_collection
    destination = reference.country_label(facts.importer.country)
    if abroad and direct:
        findings.append(
            Finding(
                PROCESSING_ABROAD,
                INFO,
                f"The importer in {destination} collects the data itself; if it targets or "
                f"monitors people in {REGIME_AREA[regime]}, it is itself subject to the "
                f"{REGIME_LAW[regime]} for that processing.",
            )
        )
    elif abroad and facts.importer.same_legal_entity_as_exporter:
        findings.append(
            Finding(
                PROCESSING_ABROAD,
                INFO,
                f"Although not a transfer, the data is processed in {destination}, outside "
                f"{REGIME_AREA[regime]}: the exporter must weigh the risks of processing there "
                "in its security measures (Art. 32).",
            )
        )
    if facts.safeguard is not None:
        findings.append(
            Finding(
                SAFEGUARD_NOT_REQUIRED,
                INFO,
                "The safeguard recorded for this flow is not required: the flow is not a "
                "restricted transfer.",
            )
        )
    return findings


# ----------------------------------------------------------------------------- decision


def _scc_module(
    module: int, adequate: bool, safeguard: SafeguardFacts | None, instrument: Instrument | None
) -> int | None:
    """The module, where standard clauses are in place or needed; None otherwise."""
    if safeguard is not None and instrument is not None:
        return module if instrument.scc_based else None
    return None if adequate else module


def _adequate_decision(
    facts: TransferFacts,
    module: int,
    match: AdequacyMatch,
    reference: ReferenceData,
    common: dict,
    findings: list[Finding],
) -> Decision:
    safeguard = facts.safeguard
    instrument = reference.instruments_by_code.get(safeguard.instrument) if safeguard else None
    if safeguard is not None:
        findings.append(
            Finding(
                SAFEGUARD_FALLBACK,
                INFO,
                f"The transfer relies on the {match.title}, {match.reference}; the "
                "safeguard recorded for it is a fallback, needed should the decision cease to "
                "apply or its scope cease to cover the importer.",
            )
        )
    return Decision(
        **common,
        restricted_transfer=True,
        adequacy=match,
        scc_module=_scc_module(module, True, safeguard, instrument),
        tia_required=False,
        lawful=True,
        findings=tuple(findings),
    )


def _safeguard_decision(
    facts: TransferFacts,
    regime: str,
    module: int,
    outcome: AdequacyOutcome,
    reference: ReferenceData,
    common: dict,
    findings: list[Finding],
) -> Decision:
    safeguard = facts.safeguard
    if safeguard is None:
        evaluated = SafeguardOutcome(
            False, None, (_no_safeguard(facts, regime, module, reference),)
        )
    else:
        evaluated = evaluate_safeguard(safeguard, regime, module, facts.date, reference)
    instrument = evaluated.instrument
    tia_required = tia_required_for(facts, module, instrument)
    tia_findings, negative = evaluate_tia(facts.tia, facts.date) if tia_required else ([], False)
    lawful = evaluated.valid and not negative
    gap_severity = INFO if lawful else ERROR
    findings = [*findings]
    findings += [Finding(code, gap_severity, message) for code, message in outcome.gaps]
    findings += [*evaluated.findings, *tia_findings]
    if tia_required and facts.flow.special_category_data and not facts.flow.supplementary_measures:
        findings.append(_special_category_finding())
    uses_clauses = safeguard is None or (instrument is not None and instrument.module_required)
    if regime == EU and facts.importer.subject_to_gdpr_art3_2 and uses_clauses:
        findings.append(_importer_subject_to_gdpr(instrument))
    authority = None
    if uses_clauses:
        authority, clause_13 = _clause_13_findings(facts, regime, reference)
        findings += clause_13
    return Decision(
        **common,
        restricted_transfer=True,
        adequacy=None,
        scc_module=_scc_module(module, False, safeguard, instrument),
        tia_required=tia_required,
        lawful=lawful,
        findings=tuple(findings),
        competent_authority=authority,
    )


def _recorded_tool_findings(recorded: RecordedFacts, decision: Decision) -> list[Finding]:
    """Where the legal tool the register records contradicts the decision."""
    recorded_text = f"The register records {LEGAL_TOOL_TEXT[recorded.legal_tool]} for this flow"
    if not decision.restricted_transfer:
        if recorded.legal_tool == TOOL_NONE_NEEDED:
            return []
        return [
            Finding(
                LEGAL_TOOL_CONTRADICTED,
                INFO,
                f"{recorded_text}, but it is not a restricted transfer on {decision.date}: no "
                "transfer tool is needed.",
            )
        ]
    if recorded.legal_tool == TOOL_NONE_NEEDED:
        return [
            Finding(
                LEGAL_TOOL_CONTRADICTED,
                WARNING,
                f"{recorded_text}, but on {decision.date} it is a restricted transfer: record the "
                "tool that makes it lawful.",
            )
        ]
    if recorded.legal_tool == TOOL_ADEQUACY and decision.adequacy is None:
        return [
            Finding(
                LEGAL_TOOL_CONTRADICTED,
                WARNING,
                f"{recorded_text}, but no adequacy decision covers it on {decision.date}: record "
                "the tool actually relied on.",
            )
        ]
    return []


def _destination_findings(
    recorded: RecordedFacts, importer: ImporterFacts, reference: ReferenceData
) -> list[Finding]:
    if recorded.destination_country == importer.country:
        return []
    destination = reference.country_label(recorded.destination_country)
    return [
        Finding(
            DESTINATION_DIFFERS,
            WARNING,
            f"The register records {destination} as the destination, but the importer is "
            f"established in {reference.country_label(importer.country)}; the rules assess the "
            "transfer to the importer's country, since the importer's location decides "
            "(EDPB Guidelines 05/2021). If the importer passes the data on to "
            f"{destination}, that onward transfer is its own and should be recorded as a flow.",
        )
    ]


def decide(facts: TransferFacts, reference: ReferenceData) -> Decision:
    """The decision for one flow on one date under one regime, with findings where the
    register's own record of the flow (`facts.recorded`) contradicts it. Deterministic: it reads
    only its two arguments."""
    decision = _decide_flow(facts, reference)
    if facts.recorded is None:
        return decision
    register_findings = [
        *_recorded_tool_findings(facts.recorded, decision),
        *_destination_findings(facts.recorded, facts.importer, reference),
    ]
    return replace(decision, findings=(*decision.findings, *register_findings))


def _decide_flow(facts: TransferFacts, reference: ReferenceData) -> Decision:
    regime = governing_regime(facts.regime, facts.date, reference)
    restricted, reason = is_restricted_transfer(facts, regime, reference)
    common = {
        "regime": facts.regime,
        "date": facts.date,
        "ruleset_version": ruleset_version(reference),
        "reason": reason,
    }
    findings = _regime_findings(facts, regime, reference)
    if not restricted or facts.exporter is None:
        findings += _not_a_transfer_findings(facts, regime, reference)
        return Decision(
            **common,
            restricted_transfer=False,
            adequacy=None,
            scc_module=None,
            tia_required=False,
            lawful=True,
            findings=tuple(findings),
        )
    module = required_scc_module(facts.exporter.role, facts.importer.role)
    outcome = find_adequacy(facts.importer, regime, facts.date, reference)
    if outcome.match is not None:
        findings += outcome.findings
        return _adequate_decision(facts, module, outcome.match, reference, common, findings)
    return _safeguard_decision(facts, regime, module, outcome, reference, common, findings)


# ------------------------------------------------------------------------- register status

_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def status_for(decision: Decision) -> str:
    """The register's status: not permitted without a lawful basis for a restricted transfer;
    action required while any error or warning finding needs work; compliant otherwise."""
    if decision.restricted_transfer and not decision.lawful:
        return NOT_PERMITTED
    if any(finding.severity in (ERROR, WARNING) for finding in decision.findings):
        return ACTION_REQUIRED
    return COMPLIANT


def worst_status(statuses: Iterable[str]) -> str:
    """The worst of several statuses (e.g. a vendor's flows); compliant when there are none."""
    worst = COMPLIANT
    for status in statuses:
        _require(status, STATUSES, "status")
        worst = max(worst, status, key=_STATUS_RANK.__getitem__)
    return worst
