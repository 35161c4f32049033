"""The reference tables the database keeps from files in transfers/reference/: legal bases and
supervisory authorities.

Each loader takes the model to write to, so the data migration passes its historical model and
`load_reference_data` the current one: a fresh database and a reloaded one get the same rows.
(The rules' own view of countries, adequacy decisions and instruments is built by
``transfers.reference_data``.)"""

from pathlib import Path
from typing import Any

from affiliates.reference_data import read_yaml_rows, upsert_rows

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
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
