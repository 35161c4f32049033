"""Appropriate safeguards (Art. 46): which instruments are available, signed, in force and in
the right module."""

import datetime as dt

from transfers.rules.codes import (
    ERROR,
    INFO,
    MODULE_MISMATCH,
    MODULE_MISSING,
    MODULE_NAMES,
    MODULE_ROLE_TEXT,
    NO_SAFEGUARD,
    REGIME_LAW,
    SAFEGUARD_CONDITION,
    SAFEGUARD_EXPIRED,
    SAFEGUARD_NOT_AVAILABLE,
    SAFEGUARD_NOT_YET_SIGNED,
    SAFEGUARD_PROCESSING_CHANGED,
    SAFEGUARD_REPEALED,
    SAFEGUARD_TRANSITIONAL,
    SAFEGUARD_UNKNOWN,
    SAFEGUARD_UNSIGNED,
    SAFEGUARD_WRONG_REGIME,
    WARNING,
)
from transfers.rules.facts import SafeguardFacts, TransferFacts
from transfers.rules.outcomes import Finding, SafeguardOutcome
from transfers.rules.reference import Instrument, InstrumentTerms, ReferenceData

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
