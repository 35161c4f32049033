"""Loading the TIA reference files (country profiles, measures catalogue) into their tables.

Takes the model classes as arguments so a data migration can pass its historical models and a
command the current ones: the rows a fresh database starts with are the rows a reload restores.
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from transfers import DATA_DIR

REFERENCE_DIR = DATA_DIR
PROFILES_FILE = REFERENCE_DIR / "country_profiles.yaml"
MEASURES_FILE = REFERENCE_DIR / "measures.yaml"
PROBABILITY_DEFAULTS = ("default_p_targeted", "default_p_readable", "default_p_cannot_resist")


def read_reference(path: Path) -> list[dict[str, Any]]:
    """The list of mappings a reference file holds (YAML dates arrive as dates)."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def load_country_profiles(profile_model: Any, law_model: Any) -> int:
    """Create or update every profile and its laws by code; returns how many laws it wrote."""
    written = 0
    for row in read_reference(PROFILES_FILE):
        values = dict(row)
        laws = values.pop("laws", [])
        country = values.pop("country", None)
        profile, _ = profile_model.objects.update_or_create(
            code=values.pop("code"),
            defaults={**values, "country_id": country, "generic": country is None},
        )
        for position, law in enumerate(laws, start=1):
            law_values = law_row(law)
            law_model.objects.update_or_create(
                profile=profile,
                code=law_values.pop("code"),
                defaults={**law_values, "position": position},
            )
            written += 1
    return written


def law_row(law: dict[str, Any]) -> dict[str, Any]:
    """A law's field values: questions one per line, probabilities as exact decimals."""
    values = dict(law)
    values["questions"] = "\n".join(values.get("questions", []))
    for field in PROBABILITY_DEFAULTS:
        if values.get(field) is not None:
            values[field] = Decimal(str(values[field]))
    return values


def load_measures(measure_model: Any) -> int:
    """Create or update every catalogue entry by code; returns how many it wrote."""
    rows = read_reference(MEASURES_FILE)
    for row in rows:
        values = dict(row)
        measure_model.objects.update_or_create(code=values.pop("code"), defaults=values)
    return len(rows)
