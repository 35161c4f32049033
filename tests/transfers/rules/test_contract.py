"""The public check contract: requests are parsed strictly, errors name the field, and the
response has exactly the published shape."""

import copy
import datetime as dt
import json

import pytest

from tests.transfers.builders import reference
from transfers.rules.contract import CheckRequestError, decision_to_json, parse_check_request
from transfers.rules.decision import decide
from transfers.rules.facts import (
    Certification,
    ExporterFacts,
    FlowFacts,
    ImporterFacts,
    SafeguardFacts,
    TiaFacts,
    TransferFacts,
)

TODAY = dt.date(2024, 3, 1)

# The request of the issue, with its comments taken out.
EXAMPLE_REQUEST = {
    "date": "2024-03-01",
    "regime": "EU",
    "exporter": {
        "country": "IE",
        "role": "controller",
        "subject_to_law": "establishment",
        "representative_country": None,
    },
    "importer": {
        "country": "US",
        "role": "processor",
        "same_legal_entity_as_exporter": False,
        "subject_to_gdpr_art3_2": False,
        "certifications": ["EU-US DPF"],
    },
    "flow": {
        "remote_access_only": False,
        "employee_access": False,
        "direct_collection": False,
        "returns_only_data_received_from_importer": False,
        "special_category_data": False,
    },
    "safeguard_in_place": {
        "instrument": "scc-2021/914",
        "module": 2,
        "signed_on": "2021-07-10",
        "processing_changed_since_signature": False,
    },
}
RESPONSE_KEYS = [
    "contract_version",
    "regime",
    "date",
    "ruleset_version",
    "restricted_transfer",
    "reason",
    "adequacy",
    "scc_module",
    "tia_required",
    "lawful",
    "permitted",
    "legs",
    "findings",
]


def parse(payload):
    return parse_check_request(payload, TODAY, reference())


def with_change(path: str, value, delete: bool = False) -> dict:
    """The example request with one field changed (or deleted), by a dotted path."""
    request = copy.deepcopy(EXAMPLE_REQUEST)
    *parents, last = path.split(".")
    target = request
    for name in parents:
        target = target[name]
    if delete:
        del target[last]
    else:
        target[last] = value
    return request


def test_the_example_request_gives_these_facts():
    assert parse(EXAMPLE_REQUEST) == TransferFacts(
        regime="EU",
        date=dt.date(2024, 3, 1),
        exporter=ExporterFacts("IE", "controller", "establishment", None),
        importer=ImporterFacts("US", "processor", False, False, (Certification("EU-US DPF"),)),
        flow=FlowFacts(),
        safeguard=SafeguardFacts(
            "scc-2021/914", 2, dt.date(2021, 7, 10), dt.date(2021, 7, 10), False
        ),
        tia=TiaFacts(),
    )


def test_defaults_today_eu_and_no_flow_flags():
    facts = parse({"exporter": None, "importer": {"country": "SG", "role": "controller"}})
    assert facts.date == TODAY and facts.regime == "EU"
    assert facts.exporter is None and facts.flow == FlowFacts() and facts.safeguard is None
    assert facts.importer.certifications == () and facts.importer.commercial_organisation is None


def test_exporter_defaults_to_establishment():
    facts = parse({**EXAMPLE_REQUEST, "exporter": {"country": "DE", "role": "processor"}})
    assert facts.exporter == ExporterFacts("DE", "processor", "establishment", None)


def test_an_unsigned_safeguard_has_no_signature_dates():
    facts = parse(with_change("safeguard_in_place.signed_on", None))
    assert facts.safeguard.exporter_signed_on is None
    assert facts.safeguard.importer_signed_on is None


def test_a_certification_named_twice_is_one_certification():
    facts = parse(with_change("importer.certifications", ["EU-US DPF", "EU-US DPF"]))
    assert facts.importer.certifications == (Certification("EU-US DPF"),)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        # the request itself
        ([], "request"),
        ({**EXAMPLE_REQUEST, "purpose": "marketing"}, "purpose"),
        # unknown fields, at every level
        (with_change("exporter.vat_number", "IE123"), "exporter.vat_number"),
        (with_change("importer.name", "Acme"), "importer.name"),
        (with_change("flow.encrypted", True), "flow.encrypted"),
        (with_change("safeguard_in_place.annex", "I"), "safeguard_in_place.annex"),
        # required fields
        (with_change("exporter", None, delete=True), "exporter"),
        (with_change("importer", None), "importer"),
        (with_change("importer.country", None, delete=True), "importer.country"),
        (with_change("exporter.role", None), "exporter.role"),
        (with_change("safeguard_in_place.instrument", None), "safeguard_in_place.instrument"),
        # wrong types
        (with_change("exporter", "IE"), "exporter"),
        (with_change("flow", []), "flow"),
        (with_change("importer.same_legal_entity_as_exporter", "no"),
         "importer.same_legal_entity_as_exporter"),
        (with_change("flow.remote_access_only", 1), "flow.remote_access_only"),
        (with_change("importer.certifications", "EU-US DPF"), "importer.certifications"),
        (with_change("safeguard_in_place.module", "2"), "safeguard_in_place.module"),
        (with_change("safeguard_in_place.module", True), "safeguard_in_place.module"),
        (with_change("safeguard_in_place.processing_changed_since_signature", "false"),
         "safeguard_in_place.processing_changed_since_signature"),
        # bad codes
        (with_change("regime", "US"), "regime"),
        (with_change("regime", "eu"), "regime"),
        (with_change("exporter.role", "owner"), "exporter.role"),
        (with_change("importer.role", "joint controller"), "importer.role"),
        (with_change("exporter.subject_to_law", "yes"), "exporter.subject_to_law"),
        (with_change("importer.certifications", ["EU-US DPF", "ISO 27001"]),
         "importer.certifications[1]"),
        (with_change("safeguard_in_place.instrument", "scc-2016/2297"),
         "safeguard_in_place.instrument"),
        (with_change("safeguard_in_place.module", 5), "safeguard_in_place.module"),
        (with_change("safeguard_in_place.module", 0), "safeguard_in_place.module"),
        # unknown ISO codes
        (with_change("importer.country", "XX"), "importer.country"),
        (with_change("importer.country", "us"), "importer.country"),
        (with_change("importer.country", "USA"), "importer.country"),
        (with_change("exporter.country", 372), "exporter.country"),
        (with_change("exporter.representative_country", "ZZ"), "exporter.representative_country"),
        # bad dates
        (with_change("date", "2024-02-30"), "date"),
        (with_change("date", "20240301"), "date"),
        (with_change("date", "2024-03-01T00:00:00"), "date"),
        (with_change("date", 20240301), "date"),
        (with_change("safeguard_in_place.signed_on", "yesterday"), "safeguard_in_place.signed_on"),
    ],
)  # fmt: skip
def test_a_bad_request_names_the_field(payload, field):
    with pytest.raises(CheckRequestError) as raised:
        parse(payload)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


def test_uk_is_refused_with_a_hint():
    with pytest.raises(CheckRequestError, match="use GB"):
        parse(with_change("importer.country", "UK"))


def test_a_new_programme_in_the_data_is_accepted_without_a_release():
    """Valid certification names are those some adequacy row requires."""
    assert reference().certification_programmes == {
        "EU-US DPF",
        "UK Extension",
        "Swiss-US DPF",
        "EU-US Privacy Shield",
        "Safe Harbor",
    }


def test_the_response_has_exactly_the_published_shape():
    response = decision_to_json(decide(parse(EXAMPLE_REQUEST), reference()))
    assert list(response) == RESPONSE_KEYS
    assert response["regime"] == "EU" and response["date"] == "2024-03-01"
    assert response["restricted_transfer"] is True and response["lawful"] is True
    assert response["adequacy"] == {
        "reference": "(EU) 2023/1795",
        "destination": "US",
        "scope": response["adequacy"]["scope"],
    }
    assert response["adequacy"]["scope"].startswith("partial: ")
    assert response["scc_module"] == 2 and response["tia_required"] is False
    assert response["ruleset_version"].startswith("1.1.0+ref.")
    for finding in response["findings"]:
        assert list(finding) == ["code", "severity", "message"]


def test_the_response_survives_a_json_round_trip():
    for request in (EXAMPLE_REQUEST, with_change("importer.country", "IN"), {
        "exporter": None, "importer": {"country": "SG", "role": "controller"},
    }):  # fmt: skip
        response = decision_to_json(decide(parse(request), reference()))
        assert json.loads(json.dumps(response)) == response


def test_a_request_survives_a_json_round_trip():
    assert parse(json.loads(json.dumps(EXAMPLE_REQUEST))) == parse(EXAMPLE_REQUEST)


def test_no_adequacy_is_null_and_findings_are_listed():
    response = decision_to_json(
        decide(parse(with_change("importer.certifications", [])), reference())
    )
    assert response["adequacy"] is None
    assert {"code": "certification-missing", "severity": "info"}.items() <= (
        response["findings"][0].items()
    )
