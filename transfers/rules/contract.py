"""The public transfer-check contract: a JSON request in, a JSON decision out.

Pure (no ORM, no settings). `parse_check_request` turns the request of
`manage.py check_transfer` and POST /api/v1/transfer-checks/ into `TransferFacts`, refusing
anything it does not understand with a `CheckRequestError` that names the field (a path such as
"importer.certifications[1]"); `decision_to_json` gives the response in exactly the published
shape. Country codes, instrument codes and certification programmes are checked against the
reference data, so a row the legal team adds is accepted without a release. `exporter` must be
present even when null, so that a forgotten exporter is never read as direct collection.

The request carries less than the register knows: certifications are bare names, taken as valid on
the date asked; a signed safeguard was signed by both parties on `signed_on`; whether the importer
is a commercial organisation, the TIA and supplementary measures are unknown (the rules' safe
defaults: scope to confirm, no TIA, no measures).
"""

import datetime as dt
import re
from typing import Any

from transfers.rules.codes import ESTABLISHMENT, EU, REGIMES, ROLES, SUBJECT_TO_LAW
from transfers.rules.facts import (
    Certification,
    ExporterFacts,
    FlowFacts,
    ImporterFacts,
    SafeguardFacts,
    TransferFacts,
)
from transfers.rules.outcomes import Decision
from transfers.rules.reference import ReferenceData

REQUEST_FIELDS = ("date", "regime", "exporter", "importer", "flow", "safeguard_in_place")
EXPORTER_FIELDS = ("country", "role", "subject_to_law", "representative_country")
IMPORTER_FIELDS = (
    "country",
    "role",
    "same_legal_entity_as_exporter",
    "subject_to_gdpr_art3_2",
    "certifications",
)
FLOW_FIELDS = (
    "remote_access_only",
    "employee_access",
    "direct_collection",
    "returns_only_data_received_from_importer",
    "special_category_data",
)
SAFEGUARD_FIELDS = ("instrument", "module", "signed_on", "processing_changed_since_signature")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
COUNTRY_HINTS = {"UK": "GB", "EL": "GR"}


class CheckRequestError(ValueError):
    """A request the contract refuses; `field` is the path of the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _path(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def _object(value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise CheckRequestError(path or "request", "must be a JSON object")
    for name in value:
        if name not in allowed:
            raise CheckRequestError(_path(path, str(name)), "unknown field")
    for name in required:
        if value.get(name) is None:
            raise CheckRequestError(_path(path, name), "is required")
    return value


def _boolean(value: Any, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CheckRequestError(path, "must be true or false")
    return value


def _choice(value: Any, path: str, allowed: tuple[str, ...] | frozenset[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise CheckRequestError(path, f"must be one of: {', '.join(sorted(allowed))}")
    return value


def _date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise CheckRequestError(path, "must be a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CheckRequestError(path, f"{value} is not a calendar date") from None


def _country(value: Any, path: str, reference: ReferenceData) -> str:
    if not isinstance(value, str):
        raise CheckRequestError(path, "must be an ISO 3166-1 alpha-2 country code")
    if value not in reference.countries_by_code:
        hint = f" (use {COUNTRY_HINTS[value]})" if value in COUNTRY_HINTS else ""
        raise CheckRequestError(path, f"{value!r} is not an ISO 3166-1 alpha-2 code{hint}")
    return value


def _exporter(value: Any, reference: ReferenceData) -> ExporterFacts | None:
    if value is None:
        return None
    data = _object(value, "exporter", EXPORTER_FIELDS, ("country", "role"))
    representative = data.get("representative_country")
    return ExporterFacts(
        country=_country(data["country"], "exporter.country", reference),
        role=_choice(data["role"], "exporter.role", ROLES),
        subject_to_law=_choice(
            data.get("subject_to_law", ESTABLISHMENT), "exporter.subject_to_law", SUBJECT_TO_LAW
        ),
        representative_country=None
        if representative is None
        else _country(representative, "exporter.representative_country", reference),
    )


def _certifications(value: Any, reference: ReferenceData) -> tuple[Certification, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CheckRequestError("importer.certifications", "must be a list of programme names")
    programmes = reference.certification_programmes
    names = [
        _choice(name, f"importer.certifications[{index}]", programmes)
        for index, name in enumerate(value)
    ]
    return tuple(Certification(name) for name in dict.fromkeys(names))


def _importer(value: Any, reference: ReferenceData) -> ImporterFacts:
    if value is None:
        raise CheckRequestError("importer", "is required")
    data = _object(value, "importer", IMPORTER_FIELDS, ("country", "role"))
    return ImporterFacts(
        country=_country(data["country"], "importer.country", reference),
        role=_choice(data["role"], "importer.role", ROLES),
        same_legal_entity_as_exporter=_boolean(
            data.get("same_legal_entity_as_exporter"), "importer.same_legal_entity_as_exporter"
        ),
        subject_to_gdpr_art3_2=_boolean(
            data.get("subject_to_gdpr_art3_2"), "importer.subject_to_gdpr_art3_2"
        ),
        certifications=_certifications(data.get("certifications"), reference),
    )


def _flow(value: Any) -> FlowFacts:
    if value is None:
        return FlowFacts()
    data = _object(value, "flow", FLOW_FIELDS, ())
    return FlowFacts(**{name: _boolean(data.get(name), f"flow.{name}") for name in FLOW_FIELDS})


def _module(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not 1 <= value <= 4:
        raise CheckRequestError("safeguard_in_place.module", "must be 1, 2, 3 or 4")
    return value


def _safeguard(value: Any, reference: ReferenceData) -> SafeguardFacts | None:
    if value is None:
        return None
    data = _object(value, "safeguard_in_place", SAFEGUARD_FIELDS, ("instrument",))
    signed = data.get("signed_on")
    signed_on = None if signed is None else _date(signed, "safeguard_in_place.signed_on")
    return SafeguardFacts(
        instrument=_choice(
            data["instrument"],
            "safeguard_in_place.instrument",
            frozenset(reference.instruments_by_code),
        ),
        module=_module(data.get("module")),
        exporter_signed_on=signed_on,
        importer_signed_on=signed_on,
        processing_changed_since_signature=_boolean(
            data.get("processing_changed_since_signature"),
            "safeguard_in_place.processing_changed_since_signature",
        ),
    )


def parse_check_request(payload: Any, today: dt.date, reference: ReferenceData) -> TransferFacts:
    """The facts of a check request; `today` is the date when the request names none."""
    data = _object(payload, "", REQUEST_FIELDS, ())
    on = today if data.get("date") is None else _date(data["date"], "date")
    regime = EU if data.get("regime") is None else _choice(data["regime"], "regime", REGIMES)
    if "exporter" not in data:
        raise CheckRequestError(
            "exporter", "is required (null when the data subject gives the data)"
        )
    return TransferFacts(
        regime=regime,
        date=on,
        exporter=_exporter(data.get("exporter"), reference),
        importer=_importer(data.get("importer"), reference),
        flow=_flow(data.get("flow")),
        safeguard=_safeguard(data.get("safeguard_in_place"), reference),
    )


# Version 2 adds `permitted` (may data be sent now) beside `lawful` (is there a legal basis), and
# `legs` (every place the data goes after the importer, and what covers it).
CONTRACT_VERSION = 2


def decision_to_json(decision: Decision) -> dict[str, Any]:
    """The published response shape, field for field."""
    adequacy = decision.adequacy
    return {
        "contract_version": CONTRACT_VERSION,
        "regime": decision.regime,
        "date": decision.date.isoformat(),
        "ruleset_version": decision.ruleset_version,
        "restricted_transfer": decision.restricted_transfer,
        "reason": decision.reason,
        "adequacy": None
        if adequacy is None
        else {
            "reference": adequacy.reference,
            "destination": adequacy.destination,
            "scope": adequacy.scope_description,
        },
        "scc_module": decision.scc_module,
        "tia_required": decision.tia_required,
        "lawful": decision.lawful,
        "permitted": decision.permitted,
        "legs": [
            {
                "party": leg.party,
                "country": leg.country,
                "activity": leg.activity,
                "covered_by": leg.covered_by,
                "reference": leg.reference,
            }
            for leg in decision.legs
        ],
        "findings": [
            {"code": f.code, "severity": f.severity, "message": f.message}
            for f in decision.findings
        ],
    }
