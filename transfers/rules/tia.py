"""When a transfer impact assessment is required, and what its state means for the flow."""

import datetime as dt

from transfers.rules.codes import (
    ERROR,
    TIA_DRAFT,
    TIA_MISSING,
    TIA_NEGATIVE,
    TIA_NEGATIVE_FINDING,
    TIA_NONE,
    TIA_OUTDATED,
    TIA_OUTDATED_FINDING,
    WARNING,
)
from transfers.rules.facts import TiaFacts, TransferFacts
from transfers.rules.outcomes import Finding
from transfers.rules.reference import Instrument

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
