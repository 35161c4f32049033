"""Transfer or not: the governing regime, the area it protects, and the SCC module for the roles."""

import datetime as dt

from transfers.rules.codes import (
    EU,
    MODULE_FOR_ROLES,
    NOT_SUBJECT,
    REGIME_AREA,
    REGIME_HOME_COUNTRY,
    REGIME_LAW,
    SUBJECTION_TEXT,
)
from transfers.rules.facts import TransferFacts
from transfers.rules.reference import ReferenceData

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
