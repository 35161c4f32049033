"""Reads of the transfers app that take more than one line.

The rules' reference data, read from the tables the legal team edits in the admin:
`reference_data_from_db()` builds the same `rules.ReferenceData` as the YAML loader (same field
names, "EEA" for a decision that covers the whole EEA, None for an empty certification or
condition), so a database loaded from the shipped files gives the same `ruleset_version`.

It is cached in the process and rebuilt only when a reference row has changed: one query reads
the row count and the latest history entry of each reference table (countries, adequacy
decisions, instruments, instrument terms), and a different answer means someone added, saved or
deleted a row. Being read from the database, that answer also sees changes made by other
processes and forgets changes that were rolled back. A request, a task or an evaluation run pays
one query when nothing changed and five when something did.

`transfer_check()` answers the public transfer-check contract (the `check_transfer` command and
POST /api/v1/transfer-checks/) with that reference data.
"""

from __future__ import annotations

from threading import Lock
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet

from affiliates.models import Country
from transfers import rules
from transfers.reference.models import (
    AdequacyDecision,
    InstrumentTerm,
    TransferInstrument,
)
from transfers.rules.reference_data import (
    ADEQUACY_FIELDS,
    COUNTRY_FIELDS,
    INSTRUMENT_FIELDS,
    TERMS_FIELDS,
)

REFERENCE_MODELS = (Country, AdequacyDecision, TransferInstrument, InstrumentTerm)

_lock = Lock()
_cached: tuple[tuple[Any, ...], rules.ReferenceData] | None = None


def reference_data_from_db() -> rules.ReferenceData:
    """The reference data as the tables hold it now (cached while they do not change)."""
    global _cached
    version = reference_tables_version()
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
    reference = build_reference_data()
    with _lock:
        _cached = (version, reference)
    return reference


def reference_tables_version() -> tuple[Any, ...]:
    """Row count, latest history id and latest history date of each reference table, in one
    query: changes whenever a row is added, changed or deleted through the ORM or the admin."""
    quote = connection.ops.quote_name
    parts = []
    for model in REFERENCE_MODELS:
        table, history = quote(model._meta.db_table), quote(model.history.model._meta.db_table)
        parts += [
            f"(SELECT COUNT(*) FROM {table})",
            f"(SELECT MAX(history_id) FROM {history})",
            f"(SELECT MAX(history_date) FROM {history})",
        ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return tuple(cursor.fetchone())


def build_reference_data() -> rules.ReferenceData:
    """Four queries: countries, adequacy decisions, instruments, their terms."""
    return rules.ReferenceData(
        countries=tuple(rules.Country(**row) for row in Country.objects.values(*COUNTRY_FIELDS)),
        adequacy_decisions=tuple(_adequacy_decisions()),
        instruments=tuple(_instruments()),
    )


def _adequacy_decisions() -> list[rules.AdequacyDecision]:
    fields = [name for name in ADEQUACY_FIELDS if name != "country"]
    decisions = []
    for row in AdequacyDecision.objects.values(*fields, "country_id", "covers_eea"):
        values = {name: row[name] for name in fields}
        values["country"] = rules.EEA if row["covers_eea"] else row["country_id"]
        values["required_certification"] = row["required_certification"] or None
        decisions.append(rules.AdequacyDecision(**values))
    return decisions


def _instruments() -> list[rules.Instrument]:
    fields = [name for name in INSTRUMENT_FIELDS if name != "terms"]
    instruments = []
    for instrument in TransferInstrument.objects.prefetch_related("terms"):
        values = {name: getattr(instrument, name) for name in fields}
        values["modules"] = tuple(instrument.modules)
        values["terms"] = tuple(_terms(terms) for terms in instrument.terms.all())
        instruments.append(rules.Instrument(**values))
    return instruments


def _terms(terms: InstrumentTerm) -> rules.InstrumentTerms:
    values = {name: getattr(terms, name) for name in TERMS_FIELDS}
    values["condition"] = terms.condition or None
    return rules.InstrumentTerms(**values)







def countries_with_adequacy() -> QuerySet[Country]:
    return Country.objects.prefetch_related(
        Prefetch(
            "adequacy_decisions",
            queryset=AdequacyDecision.objects.order_by("regime", "effective_from", "pk"),
        )
    )
