"""Findings that do not decide the legal tool: Clause 13's authority, Art. 3(2) importers,
special categories, regime notes."""

import datetime as dt

from transfers.rules.codes import (
    CH,
    CLAUSE_13_AUTHORITY,
    ESTABLISHMENT,
    GOVERNED_BY_EU_GDPR,
    IMPORTER_SUBJECT_TO_GDPR,
    INFO,
    PROCESSING_ABROAD,
    REGIME_AREA,
    REGIME_HOME_COUNTRY,
    REGIME_LAW,
    REPRESENTATIVE_OUTSIDE_AREA,
    SAFEGUARD_NOT_REQUIRED,
    SPECIAL_CATEGORY_WITHOUT_MEASURES,
    UK,
    WARNING,
)
from transfers.rules.facts import ExporterFacts, TransferFacts
from transfers.rules.outcomes import Finding
from transfers.rules.reference import Instrument, ReferenceData
from transfers.rules.scope import is_in_area

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
        WARNING,
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
