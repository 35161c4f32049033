"""Short builders for transfer facts, so that a test case reads like the situation it describes."""

import datetime as dt
from functools import cache

from transfers.rules.facts import (
    Certification,
    ExporterFacts,
    FlowFacts,
    ImporterFacts,
    SafeguardFacts,
    TiaFacts,
    TransferFacts,
)
from transfers.rules.reference import ReferenceData
from transfers.rules.reference_data import load_reference_data


@cache
def reference() -> ReferenceData:
    return load_reference_data()


def day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def certification(spec: str | tuple[str, str | None, str | None]) -> Certification:
    """ "EU-US DPF", or ("EU-US DPF", valid_from, valid_until)."""
    if isinstance(spec, str):
        return Certification(spec)
    programme, valid_from, valid_until = spec
    return Certification(programme, day(valid_from), day(valid_until))


def safeguard(
    instrument: str,
    module: int | None = None,
    signed: str | None | tuple[str | None, str | None] = "2022-01-10",
    changed: bool = False,
) -> SafeguardFacts:
    """A safeguard signed by both parties on `signed`, or on (exporter's day, importer's day)."""
    exporter_day, importer_day = signed if isinstance(signed, tuple) else (signed, signed)
    return SafeguardFacts(instrument, module, day(exporter_day), day(importer_day), changed)


def facts(
    *,
    regime: str = "EU",
    on: str = "2024-03-01",
    exporter: tuple[str, str, str] | None = ("IE", "controller", "establishment"),
    representative: str | None = None,
    importer: tuple[str, str] = ("US", "processor"),
    same_entity: bool = False,
    art3_2: bool = False,
    certs: tuple = (),
    commercial: bool | None = None,
    flow: dict | None = None,
    safeguard: SafeguardFacts | None = None,
    tia: str = "approved",
    tia_on: str | None = None,
    review_due: str | None = None,
) -> TransferFacts:
    """Defaults: an Irish controller sends data to a US processor on 2024-03-01, with an approved
    TIA, so each case only states what it is about."""
    return TransferFacts(
        regime=regime,
        date=dt.date.fromisoformat(on),
        exporter=None if exporter is None else ExporterFacts(*exporter, representative),
        importer=ImporterFacts(
            country=importer[0],
            role=importer[1],
            same_legal_entity_as_exporter=same_entity,
            subject_to_gdpr_art3_2=art3_2,
            certifications=tuple(certification(c) for c in certs),
            commercial_organisation=commercial,
        ),
        flow=FlowFacts(**(flow or {})),
        safeguard=safeguard,
        tia=TiaFacts(tia, day(tia_on), day(review_due)),
    )
