"""Invariants of the transfer rules, checked on generated facts (hypothesis).

- a flow inside the regime's area is never a transfer (EDPB 05/2021, criterion 3);
- adequacy never needs a TIA (primer section 3);
- the module always matches the roles (SCC decision, Annex; primer section 4);
- a decision depends on nothing but its facts and the reference data: the same facts give the
  same decision, whatever the order of the reference rows.
"""

import copy
import dataclasses
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import transfers.rules as rules
from tests.transfers.builders import reference
from transfers.rules.contract import decision_to_json
from transfers.rules.decision import decide, status_for
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

# The module table of the SCC decision, written out again rather than imported.
MODULE_BY_ROLES = {
    ("controller", "controller"): 1,
    ("controller", "processor"): 2,
    ("processor", "processor"): 3,
    ("processor", "controller"): 4,
}
HOME_COUNTRY = {"UK": "GB", "CH": "CH"}
FINDING_CODES = {
    value
    for name, value in vars(rules).items()
    if name.isupper() and isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", value)
}

REF = reference()
CODES = sorted(REF.countries_by_code)
PROGRAMMES = sorted(REF.certification_programmes)
INSTRUMENTS = sorted(REF.instruments_by_code)
# Countries with their own rules or history, drawn more often than the other 240.
INTERESTING = ["US", "GB", "CH", "CA", "JP", "KR", "BR", "IN", "CN", "FR", "DE", "NO", "LI", "GI"]

days = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31))
maybe_days = st.none() | days
countries = st.sampled_from(INTERESTING) | st.sampled_from(CODES)
roles = st.sampled_from(["controller", "processor"])

certifications = st.builds(
    Certification, st.sampled_from(PROGRAMMES), maybe_days, maybe_days
).filter(lambda c: c.valid_from is None or c.valid_until is None or c.valid_from <= c.valid_until)

exporters = st.none() | st.builds(
    ExporterFacts,
    countries,
    roles,
    st.sampled_from(["establishment", "art3_2", "no"]),
    st.none() | countries,
)
importers = st.builds(
    ImporterFacts,
    countries,
    roles,
    st.booleans(),
    st.booleans(),
    st.lists(certifications, max_size=3).map(tuple),
    st.none() | st.booleans(),
)
flows = st.builds(
    FlowFacts,
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
safeguards = st.none() | st.builds(
    SafeguardFacts,
    st.sampled_from(INSTRUMENTS),
    st.none() | st.sampled_from([1, 2, 3, 4]),
    maybe_days,
    maybe_days,
    st.booleans(),
)
tias = st.builds(
    TiaFacts,
    st.sampled_from(["none", "draft", "approved", "outdated", "negative"]),
    maybe_days,
    maybe_days,
)
transfers = st.builds(
    TransferFacts,
    st.sampled_from(["EU", "UK", "CH"]),
    days,
    exporters,
    importers,
    flows,
    safeguards,
    tias,
)


def in_area_country(regime: str, on: dt.date) -> st.SearchStrategy[str]:
    """A destination inside the regime's area on the date, read from the country rows."""
    if regime in HOME_COUNTRY:
        return st.just(HOME_COUNTRY[regime])
    return st.sampled_from([c.code for c in REF.countries if c.in_eu_or_eea_on(on)])


@given(transfers, st.data())
def test_a_flow_inside_the_area_is_never_a_transfer(transfer, data):
    inside = data.draw(in_area_country(transfer.regime, transfer.date))
    importer = dataclasses.replace(transfer.importer, country=inside)
    decision = decide(dataclasses.replace(transfer, importer=importer), REF)
    assert not decision.restricted_transfer
    assert decision.lawful and decision.adequacy is None
    assert decision.scc_module is None and not decision.tia_required


@given(transfers)
def test_adequacy_never_needs_a_tia(transfer):
    decision = decide(transfer, REF)
    if decision.adequacy is not None:
        assert not decision.tia_required
        assert not {f.code for f in decision.findings} & {"tia-missing", "tia-outdated"}


@given(transfers)
def test_the_module_always_matches_the_roles(transfer):
    decision = decide(transfer, REF)
    if decision.scc_module is not None:
        roles_ = (transfer.exporter.role, transfer.importer.role)
        assert decision.scc_module == MODULE_BY_ROLES[roles_]


@given(transfers)
def test_a_decision_depends_only_on_its_facts(transfer):
    first = decide(transfer, REF)
    assert decide(copy.deepcopy(transfer), REF) == first
    assert decide(transfer, REF) == first


@settings(max_examples=25)
@given(transfers, st.randoms(use_true_random=False))
def test_the_order_of_reference_rows_changes_nothing(transfer, random):
    def shuffled(rows):
        rows = list(rows)
        random.shuffle(rows)
        return tuple(rows)

    other = ReferenceData(
        countries=shuffled(REF.countries),
        adequacy_decisions=shuffled(REF.adequacy_decisions),
        instruments=shuffled(REF.instruments),
    )
    assert decide(transfer, other) == decide(transfer, REF)


@given(transfers)
def test_decisions_are_consistent(transfer):
    decision = decide(transfer, REF)
    if not decision.restricted_transfer:
        assert decision.lawful and decision.adequacy is None
        assert decision.scc_module is None and not decision.tia_required
    if decision.adequacy is not None:
        assert decision.lawful
    not_permitted = decision.restricted_transfer and not decision.lawful
    assert (status_for(decision) == "not_permitted") == not_permitted
    for finding in decision.findings:
        assert finding.code in FINDING_CODES
        assert finding.severity in ("info", "warning", "error")
    assert decision.regime == transfer.regime and decision.date == transfer.date


@given(transfers)
def test_every_decision_fits_the_response_shape(transfer):
    response = decision_to_json(decide(transfer, REF))
    assert list(response) == [
        "contract_version", "regime", "date", "ruleset_version", "restricted_transfer", "reason",
        "adequacy",
        "scc_module", "tia_required", "lawful", "permitted", "legs", "findings",
    ]  # fmt: skip
    assert response["scc_module"] in (None, 1, 2, 3, 4)
