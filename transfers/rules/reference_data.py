"""Load the legal team's reference tables from the YAML files in transfers/data/.

Pure: reads three files and builds `rules.ReferenceData`, nothing else (no ORM, no settings).
The database-backed loader builds the same `ReferenceData` from rows with the same field names;
the schemas are documented at the top of each file. A row with a missing or unknown field, or a
value of the wrong type, is refused with the file and row named, so a typo never silently
changes a decision.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from affiliates.reference_data import COUNTRIES_FILE
from transfers.rules.reference import (
    AdequacyDecision,
    Country,
    Instrument,
    InstrumentTerms,
    ReferenceData,
    ReferenceDataError,
)

DEFAULT_REFERENCE_FOLDER = Path(__file__).resolve().parent.parent / "data"

COUNTRY_FIELDS = ("code", "name", "eu_from", "eu_until", "eea_from", "eea_until", "source")
ADEQUACY_FIELDS = (
    "regime",
    "country",
    "reference",
    "title",
    "effective_from",
    "effective_until",
    "scope",
    "scope_condition",
    "required_certification",
    "scope_note",
    "source",
    "source_url",
)
INSTRUMENT_FIELDS = (
    "code",
    "name",
    "article",
    "modules",
    "module_required",
    "requires_tia",
    "scc_based",
    "source",
    "terms",
)
TERMS_FIELDS = (
    "regime",
    "available_from",
    "repealed_from",
    "signed_before",
    "valid_until",
    "condition",
    "source",
)
DATE_FIELDS = {
    "eu_from",
    "eu_until",
    "eea_from",
    "eea_until",
    "effective_from",
    "effective_until",
    "available_from",
    "repealed_from",
    "signed_before",
    "valid_until",
}
OPTIONAL_TEXT_FIELDS = {"required_certification", "condition"}
BOOLEAN_FIELDS = {"module_required", "requires_tia", "scc_based"}


def _read_rows(path: Path) -> list[dict[str, Any]]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ReferenceDataError(f"{path.name}: expected a list of rows")
    return rows


def _value(name: str, value: Any, where: str) -> Any:
    """Check one field's type; dates may be YAML dates or ISO strings."""
    if name in DATE_FIELDS:
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ReferenceDataError(f"{where}: {name} must be a date (YYYY-MM-DD) or null")
    if name in BOOLEAN_FIELDS:
        if not isinstance(value, bool):
            raise ReferenceDataError(f"{where}: {name} must be true or false")
        return value
    if name == "modules":
        if not isinstance(value, list) or not all(type(m) is int for m in value):
            raise ReferenceDataError(f"{where}: modules must be a list of numbers 1-4")
        return tuple(value)
    if value is None and name in OPTIONAL_TEXT_FIELDS:
        return None
    if not isinstance(value, str):
        raise ReferenceDataError(f"{where}: {name} must be text")
    return value


def _fields(row: dict[str, Any], expected: tuple[str, ...], where: str) -> dict[str, Any]:
    missing = [name for name in expected if name not in row]
    unknown = [name for name in row if name not in expected]
    if missing or unknown:
        raise ReferenceDataError(f"{where}: missing fields {missing}, unknown fields {unknown}")
    return {name: _value(name, row[name], where) for name in expected if name != "terms"}


def _build(factory: type, fields: dict[str, Any], where: str) -> Any:
    try:
        return factory(**fields)
    except ValueError as error:
        raise ReferenceDataError(f"{where}: {error}") from error


def _countries(path: Path) -> list[Country]:
    return [
        _build(
            Country, _fields(row, COUNTRY_FIELDS, f"{path.name} row {n}"), f"{path.name} row {n}"
        )
        for n, row in enumerate(_read_rows(path), start=1)
    ]


def _adequacy(path: Path) -> list[AdequacyDecision]:
    decisions = []
    for n, row in enumerate(_read_rows(path), start=1):
        where = f"{path.name} row {n}"
        decisions.append(_build(AdequacyDecision, _fields(row, ADEQUACY_FIELDS, where), where))
    return decisions


def _instruments(path: Path) -> list[Instrument]:
    instruments = []
    for n, row in enumerate(_read_rows(path), start=1):
        where = f"{path.name} row {n}"
        fields = _fields(row, INSTRUMENT_FIELDS, where)
        terms_rows = row["terms"]
        if not isinstance(terms_rows, list) or not all(isinstance(t, dict) for t in terms_rows):
            raise ReferenceDataError(f"{where}: terms must be a list of entries")
        fields["terms"] = tuple(
            _build(InstrumentTerms, _fields(t, TERMS_FIELDS, f"{where} terms {m}"), where)
            for m, t in enumerate(terms_rows, start=1)
        )
        instruments.append(_build(Instrument, fields, where))
    return instruments


def load_reference_data(
    folder: Path | str = DEFAULT_REFERENCE_FOLDER, countries_file: Path | str = COUNTRIES_FILE
) -> ReferenceData:
    """Build the reference data from the countries file (kept with the Country table in
    affiliates) and the folder's adequacy.yaml and instruments.yaml."""
    folder = Path(folder)
    return ReferenceData(
        countries=tuple(_countries(Path(countries_file))),
        adequacy_decisions=tuple(_adequacy(folder / "adequacy.yaml")),
        instruments=tuple(_instruments(folder / "instruments.yaml")),
    )
