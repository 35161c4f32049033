"""Reading the reference files shipped in the repo. Shared by data migrations (with historical
models) and the `load_reference_data` command (with the current ones), so the rows a fresh
database starts with are the rows the command restores."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

COUNTRIES_FILE = Path(__file__).resolve().parent / "data" / "countries.yaml"


def read_yaml_rows(path: Path) -> list[dict[str, Any]]:
    """The list of mappings a reference file holds; ISO date strings become dates."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [{key: parse_value(value) for key, value in row.items()} for row in rows]


def parse_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def upsert_rows(model: Any, rows: Iterable[dict[str, Any]], key: str | tuple[str, ...]) -> int:
    """Create or update each row by its natural key (one field or several); returns how many
    rows the file holds.

    A row whose values already match is not saved again, so reloading an unchanged file adds
    nothing to the history."""
    keys = (key,) if isinstance(key, str) else key
    count = 0
    for row in rows:
        values = dict(row)
        lookup = {name: values.pop(name) for name in keys}
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            model.objects.create(**lookup, **values)
        elif any(getattr(instance, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(instance, field, value)
            instance.save()
        count += 1
    return count


def load_countries(country_model: Any) -> int:
    return upsert_rows(country_model, read_yaml_rows(COUNTRIES_FILE), key="code")
