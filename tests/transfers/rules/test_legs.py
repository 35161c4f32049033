"""Every leg of a flow is judged: a storage location in a country without adequacy, behind a
UK importer covered by adequacy, makes the flow not permitted, and the finding names the leg."""

import datetime as dt

from tests.transfers.builders import reference as load_reference_data
from transfers import rules
from transfers.rules.contract import decision_to_json
from transfers.rules.decision import decide, status_for

ON = dt.date(2026, 3, 1)


def _flow(*legs):
    return rules.TransferFacts(
        regime=rules.EU,
        date=ON,
        exporter=rules.ExporterFacts(country="DE", role=rules.CONTROLLER),
        importer=rules.ImporterFacts(country="GB", role=rules.PROCESSOR),
        legs=legs,
    )


def test_a_storage_location_without_safeguard_makes_the_flow_not_permitted():
    reference = load_reference_data()
    vault = rules.LegFacts("Example Backup Vault LLC", "CN", "storage", via="Example UK Ltd")
    decision = decide(_flow(vault), reference)
    body = decision_to_json(decision)
    assert body["lawful"] is True and body["permitted"] is False
    assert status_for(decision) == rules.NOT_PERMITTED
    messages = [f["message"] for f in body["findings"] if f["code"] == "leg-no-safeguard"]
    assert messages and messages[0].startswith(
        "Example Backup Vault LLC, China (CN), storage: no safeguard"
    )
    assert body["legs"][0]["covered_by"] == "nothing"


def test_legs_in_the_eea_keep_the_flow_permitted():
    decision = decide(
        _flow(rules.LegFacts("Example Hosting SAS", "FR", "storage")), load_reference_data()
    )
    assert decision.permitted is True and status_for(decision) == rules.COMPLIANT
