"""Legs: every place the data goes after it reaches the importer.

A flow is more than its destination country. The importer stores or accesses the data in its own
locations, and hands it on to sub-processors (and they to theirs). Each such leg outside the
regime's area and outside the importer's own country is judged on its own regime facts: an
adequacy decision for that country on the date (with the certification it may require), or the
safeguard that covers it, which is what the register records: the flow's own standard clauses
bind the importer wherever it processes, and their onward-transfer terms (Clause 8.7 in Module
One, Clause 8.8 in Modules Two and Three) bind a sub-processor's leg. Without either, the leg has
no safeguard and the flow is not permitted.
"""

import datetime as dt
from dataclasses import dataclass

from transfers.rules.adequacy import find_adequacy
from transfers.rules.codes import ERROR, INFO, PROCESSOR
from transfers.rules.facts import Certification, ImporterFacts, SafeguardFacts
from transfers.rules.outcomes import Finding
from transfers.rules.reference import ReferenceData
from transfers.rules.scope import is_in_area

LEG_NO_SAFEGUARD = "leg-no-safeguard"
LEG_COVERED = "leg-covered"
STORAGE = "storage"
ACCESS = "access"
SUPPORT = "support"
SUB_PROCESSOR = "sub-processor"
LEG_ACTIVITIES = (STORAGE, ACCESS, "storage_and_access", SUPPORT, SUB_PROCESSOR)
ACTIVITY_TEXT = {
    STORAGE: "storage",
    ACCESS: "remote access",
    "storage_and_access": "storage and remote access",
    SUPPORT: "support",
    SUB_PROCESSOR: "sub-processing",
}
# The onward-transfer terms of the 2021 standard clauses, by module (Module Four has none).
ONWARD_CLAUSE = {1: "Clause 8.7", 2: "Clause 8.8", 3: "Clause 8.8"}
# What covers a leg, as stored and published.
COVERED_IN_AREA = "in-area"
COVERED_ADEQUACY = "adequacy"
COVERED_CLAUSES = "flow-clauses"
COVERED_ONWARD_TERMS = "onward-terms"
COVERED_NOTHING = "nothing"


@dataclass(frozen=True)
class LegFacts:
    """One place the data goes: who (`party`), where, doing what, and through whom (`via`, the
    vendor that engaged a sub-processor; None for the importer's own locations)."""

    party: str
    country: str
    activity: str
    certifications: tuple[Certification, ...] = ()
    commercial_organisation: bool | None = True
    via: str | None = None

    def __post_init__(self) -> None:
        if self.activity not in LEG_ACTIVITIES:
            raise ValueError(f"leg.activity must be one of {LEG_ACTIVITIES}, not {self.activity!r}")
        object.__setattr__(self, "certifications", tuple(self.certifications))


@dataclass(frozen=True)
class LegOutcome:
    party: str
    country: str
    activity: str
    covered_by: str
    reference: str = ""

    @property
    def covered(self) -> bool:
        return self.covered_by != COVERED_NOTHING


def leg_label(leg: LegFacts | LegOutcome, reference: ReferenceData) -> str:
    """The leg as a finding names it: "Example Backup Vault LLC, United States, storage"."""
    return f"{leg.party}, {reference.country_label(leg.country)}, {ACTIVITY_TEXT[leg.activity]}"


def _clauses_in_force(safeguard: SafeguardFacts | None, safeguard_valid: bool) -> int | None:
    """The module of the flow's standard clauses when they are valid on the date."""
    if safeguard is None or not safeguard_valid or safeguard.module is None:
        return None
    return safeguard.module


def evaluate_leg(
    leg: LegFacts,
    *,
    importer_country: str,
    regime: str,
    on: dt.date,
    safeguard: SafeguardFacts | None,
    safeguard_valid: bool,
    reference: ReferenceData,
) -> tuple[LegOutcome, Finding | None]:
    """What covers one leg, and the finding that says so (None where nothing needs saying)."""
    if is_in_area(leg.country, regime, on, reference) or (
        leg.country == importer_country and leg.activity != SUB_PROCESSOR
    ):
        return LegOutcome(leg.party, leg.country, leg.activity, COVERED_IN_AREA), None
    as_importer = ImporterFacts(
        country=leg.country,
        role=PROCESSOR,
        certifications=leg.certifications,
        commercial_organisation=leg.commercial_organisation,
    )
    match = find_adequacy(as_importer, regime, on, reference).match
    label = leg_label(leg, reference)
    if match is not None:
        outcome = LegOutcome(
            leg.party, leg.country, leg.activity, COVERED_ADEQUACY, match.reference
        )
        return outcome, None
    module = _clauses_in_force(safeguard, safeguard_valid)
    if module is not None and leg.activity != SUB_PROCESSOR:
        outcome = LegOutcome(leg.party, leg.country, leg.activity, COVERED_CLAUSES)
        message = f"{label}: covered by the standard clauses the importer signed for this flow."
        return outcome, Finding(LEG_COVERED, INFO, message)
    if module in ONWARD_CLAUSE and leg.activity == SUB_PROCESSOR:
        clause = ONWARD_CLAUSE[module]
        outcome = LegOutcome(leg.party, leg.country, leg.activity, COVERED_ONWARD_TERMS, clause)
        message = f"{label}: the onward transfer is covered by {clause} of the flow's clauses."
        return outcome, Finding(LEG_COVERED, INFO, message)
    outcome = LegOutcome(leg.party, leg.country, leg.activity, COVERED_NOTHING)
    kind = "onward transfer" if leg.via is not None or leg.activity == SUB_PROCESSOR else "leg"
    return outcome, Finding(LEG_NO_SAFEGUARD, ERROR, f"{label}: no safeguard for the {kind}.")


def evaluate_legs(
    legs: tuple[LegFacts, ...],
    *,
    importer_country: str,
    regime: str,
    on: dt.date,
    safeguard: SafeguardFacts | None,
    safeguard_valid: bool,
    reference: ReferenceData,
) -> tuple[tuple[LegOutcome, ...], tuple[Finding, ...]]:
    outcomes, findings = [], []
    for leg in legs:
        outcome, finding = evaluate_leg(
            leg,
            importer_country=importer_country,
            regime=regime,
            on=on,
            safeguard=safeguard,
            safeguard_valid=safeguard_valid,
            reference=reference,
        )
        outcomes.append(outcome)
        if finding is not None:
            findings.append(finding)
    return tuple(outcomes), tuple(findings)
