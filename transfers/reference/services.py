"""The reference tables the database keeps from files in transfers/data/: legal bases,
supervisory authorities, adequacy decisions, transfer instruments and their terms.

Each loader takes the model to write to, so the data migration passes its historical model and
`load_reference_data` the current one: a fresh database and a reloaded one get the same rows.
Adequacy decisions and instruments are read through the rules' loader
(``transfers.reference_data``), so the tables hold exactly what passed its checks and
``transfers.reference.selectors.reference_data_from_db`` builds the same ``ReferenceData`` back."""

from pathlib import Path
from typing import Any

from affiliates.reference_data import read_yaml_rows, upsert_rows
from transfers import DATA_DIR
from transfers.rules.codes import EEA
from transfers.rules.reference import AdequacyDecision, Instrument, InstrumentTerms
from transfers.rules.reference_data import (
    ADEQUACY_FIELDS,
    DEFAULT_REFERENCE_FOLDER,
    INSTRUMENT_FIELDS,
    TERMS_FIELDS,
    load_reference_data,
)

REFERENCE_DIR = DATA_DIR
LEGAL_BASES_FILE = REFERENCE_DIR / "legal_bases.yaml"
SUPERVISORY_AUTHORITIES_FILE = REFERENCE_DIR / "supervisory_authorities.yaml"


def load_legal_bases(legal_basis_model: Any) -> int:
    return upsert_rows(legal_basis_model, read_yaml_rows(LEGAL_BASES_FILE), key="code")


def load_supervisory_authorities(authority_model: Any) -> int:
    """Authorities keyed by country; the file names the country by its ISO code."""
    rows = [
        {"country_id": row.pop("country"), **row}
        for row in read_yaml_rows(SUPERVISORY_AUTHORITIES_FILE)
    ]
    return upsert_rows(authority_model, rows, key="country_id")


def adequacy_row(decision: AdequacyDecision) -> dict[str, Any]:
    """A decision as the AdequacyDecision table stores it: "EEA" becomes `covers_eea`, an absent
    certification the empty string."""
    row = {name: getattr(decision, name) for name in ADEQUACY_FIELDS}
    eea = row.pop("country") == EEA
    row["country_id"] = None if eea else decision.country
    row["covers_eea"] = eea
    row["required_certification"] = decision.required_certification or ""
    return row


def instrument_row(instrument: Instrument) -> dict[str, Any]:
    row = {name: getattr(instrument, name) for name in INSTRUMENT_FIELDS if name != "terms"}
    row["modules"] = list(instrument.modules)
    return row


def terms_row(terms: InstrumentTerms) -> dict[str, Any]:
    row = {name: getattr(terms, name) for name in TERMS_FIELDS}
    row["condition"] = terms.condition or ""
    return row


def load_adequacy_decisions(
    adequacy_model: Any, folder: Path | str = DEFAULT_REFERENCE_FOLDER
) -> int:
    """Adequacy decisions keyed by regime, destination and reference, read through the rules'
    loader so that the table holds exactly what passed its checks."""
    rows = [adequacy_row(d) for d in load_reference_data(folder).adequacy_decisions]
    return upsert_rows(
        adequacy_model, rows, key=("regime", "country_id", "covers_eea", "reference")
    )


def load_instruments(
    instrument_model: Any, terms_model: Any, folder: Path | str = DEFAULT_REFERENCE_FOLDER
) -> int:
    """Transfer instruments keyed by code, and their terms by instrument and regime."""
    instruments = load_reference_data(folder).instruments
    count = upsert_rows(instrument_model, [instrument_row(i) for i in instruments], key="code")
    ids = dict(instrument_model.objects.values_list("code", "pk"))
    terms = [
        {"instrument_id": ids[instrument.code], **terms_row(t)}
        for instrument in instruments
        for t in instrument.terms
    ]
    upsert_rows(terms_model, terms, key=("instrument_id", "regime"))
    return count
