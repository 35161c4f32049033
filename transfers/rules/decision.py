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

from collections.abc import Iterable
from dataclasses import replace

from transfers.rules.adequacy import find_adequacy
from transfers.rules.codes import (
    ACTION_REQUIRED,
    COMPLIANT,
    DESTINATION_DIFFERS,
    ERROR,
    EU,
    INFO,
    LEGAL_TOOL_CONTRADICTED,
    LEGAL_TOOL_TEXT,
    NOT_PERMITTED,
    SAFEGUARD_FALLBACK,
    STATUSES,
    TOOL_ADEQUACY,
    TOOL_NONE_NEEDED,
    WARNING,
)
from transfers.rules.facts import (
    ImporterFacts,
    RecordedFacts,
    SafeguardFacts,
    TransferFacts,
    _require,
)
from transfers.rules.findings import (
    _clause_13_findings,
    _importer_subject_to_gdpr,
    _not_a_transfer_findings,
    _regime_findings,
    _special_category_finding,
)
from transfers.rules.legs import evaluate_legs
from transfers.rules.outcomes import (
    AdequacyMatch,
    AdequacyOutcome,
    Decision,
    Finding,
    SafeguardOutcome,
)
from transfers.rules.reference import Instrument, ReferenceData, ruleset_version
from transfers.rules.safeguards import _no_safeguard, evaluate_safeguard
from transfers.rules.scope import governing_regime, is_restricted_transfer, required_scc_module
from transfers.rules.tia import evaluate_tia, tia_required_for

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
    decision = _with_legs(_decide_flow(facts, reference), facts, reference)
    if facts.recorded is not None:
        register_findings = [
            *_recorded_tool_findings(facts.recorded, decision),
            *_destination_findings(facts.recorded, facts.importer, reference),
        ]
        decision = replace(decision, findings=(*decision.findings, *register_findings))
    return replace(decision, permitted=_permitted(decision))


def _with_legs(decision: Decision, facts: TransferFacts, reference: ReferenceData) -> Decision:
    """The decision with every leg judged: the flow's clauses cover a leg only while they are
    the valid basis of a restricted transfer."""
    if not facts.legs or facts.exporter is None or facts.flow.direct_collection:
        return decision
    safeguard_valid = (
        decision.restricted_transfer and decision.lawful and facts.safeguard is not None
    )
    outcomes, findings = evaluate_legs(
        facts.legs,
        importer_country=facts.importer.country,
        regime=governing_regime(facts.regime, facts.date, reference),
        on=facts.date,
        safeguard=facts.safeguard,
        safeguard_valid=safeguard_valid,
        reference=reference,
    )
    return replace(decision, legs=outcomes, findings=(*decision.findings, *findings))


def _permitted(decision: Decision) -> bool:
    """May data be sent now: a legal basis, and no error finding on the flow or any leg."""
    if not decision.lawful or any(not leg.covered for leg in decision.legs):
        return False
    return not any(finding.severity == ERROR for finding in decision.findings)


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
    """The register's status: not permitted without a lawful basis for a restricted transfer
    or with a leg that no safeguard covers;
    action required while any error or warning finding needs work; compliant otherwise."""
    if decision.restricted_transfer and not decision.lawful:
        return NOT_PERMITTED
    if any(not leg.covered for leg in decision.legs):
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
