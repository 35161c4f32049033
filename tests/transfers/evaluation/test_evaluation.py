"""The register evaluated: each stored row becomes the rules' facts, the answer is stored on the
transfer and its vendors, it is re-run when anything it depends on changes, and it can be asked
for another date without writing anything."""

import datetime as dt
from io import StringIO

import pytest
from celery.signals import task_prerun
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from affiliates.models import Country
from tests.factories import (
    AffiliateFactory,
    DataCategoryFactory,
    SccAgreementFactory,
    SubProcessorFactory,
    TransferFactory,
    VendorCertificationFactory,
    VendorFactory,
    VendorLocationFactory,
    country,
)
from transfers import rules
from transfers.evaluation.services import (
    evaluation_queryset,
    tia_facts_for,
    transfer_evaluate,
    transfer_facts,
    transfers_evaluate,
    what_changes_on,
)
from transfers.reference.models import AdequacyDecision, InstrumentTerm
from transfers.reference.selectors import reference_data_from_db
from transfers.register.models import Transfer

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 3, 1)
DPF_START = dt.date(2023, 7, 10)


def facts_of(transfer: Transfer, on: dt.date = TODAY) -> rules.TransferFacts:
    loaded = evaluation_queryset().get(pk=transfer.pk)
    return transfer_facts(loaded, on, reference_data_from_db())


def dpf(vendor, valid_from=DPF_START, valid_until=None):
    return VendorCertificationFactory(
        vendor=vendor, scheme="EU-US DPF", valid_from=valid_from, valid_until=valid_until
    )


def signed_agreement(transfer: Transfer, signed_on=dt.date(2022, 1, 10), **kwargs):
    agreement = SccAgreementFactory(
        exporter_affiliate=transfer.exporter_affiliate,
        exporter_vendor=None,
        importer_vendor=transfer.importer_vendor,
        status="signed",
        exporter_signed_on=signed_on,
        importer_signed_on=signed_on,
        **kwargs,
    )
    agreement.transfers.add(transfer)
    return agreement


def stored(transfer: Transfer) -> Transfer:
    transfer.refresh_from_db()
    return transfer


def codes(transfer: Transfer) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in transfer.findings}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the receivers schedule, as the commit of a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# ------------------------------------------------------------------------ rows to facts


def test_an_eu_affiliate_exporter_is_established_in_the_area():
    transfer = TransferFactory()

    exporter = facts_of(transfer).exporter

    assert exporter == rules.ExporterFacts("IE", "controller", rules.ESTABLISHMENT, None)


def test_an_art3_2_affiliate_exporter_names_its_representative_by_regime():
    eu_rep = AffiliateFactory(country=country("DE"))
    uk_rep = AffiliateFactory(country=country("GB"))
    singapore = AffiliateFactory(
        country=country("SG"),
        subject_to_gdpr="art3_2",
        eu_representative=eu_rep,
        uk_representative=uk_rep,
    )
    eu = TransferFactory(exporter_affiliate=singapore)
    uk = TransferFactory(exporter_affiliate=singapore, regime="UK")

    assert facts_of(eu).exporter == rules.ExporterFacts("SG", "controller", rules.ART3_2, "DE")
    assert facts_of(uk).exporter.representative_country == "GB"
    assert facts_of(TransferFactory(exporter_affiliate=singapore, regime="CH")).exporter == (
        rules.ExporterFacts("SG", "controller", rules.ART3_2, None)
    )


def test_an_affiliate_in_the_regimes_home_country_is_established_there():
    """The UK store is not subject to the EU GDPR today, but it is to the UK GDPR, and it was
    to the EU GDPR while the UK was treated as a member state."""
    uk_store = AffiliateFactory(country=country("GB"), subject_to_gdpr="no")
    uk_flow = TransferFactory(exporter_affiliate=uk_store, regime="UK")
    eu_flow = TransferFactory(exporter_affiliate=uk_store, regime="EU")

    assert facts_of(uk_flow).exporter.subject_to_law == rules.ESTABLISHMENT
    assert facts_of(eu_flow).exporter.subject_to_law == rules.NOT_SUBJECT
    assert facts_of(eu_flow, dt.date(2019, 6, 1)).exporter.subject_to_law == rules.ESTABLISHMENT


@pytest.mark.parametrize(
    ("code", "art3_2", "expected"),
    [
        ("DE", False, rules.ESTABLISHMENT),
        ("US", True, rules.ART3_2),
        ("US", False, rules.NOT_SUBJECT),
    ],
)
def test_a_vendor_exporter_is_subject_by_establishment_art3_2_or_not(code, art3_2, expected):
    vendor = VendorFactory(country=country(code), subject_to_gdpr_art3_2=art3_2)
    transfer = TransferFactory(
        exporter_affiliate=None,
        exporter_vendor=vendor,
        exporter_role="processor",
        importer_vendor=None,
        importer_affiliate=AffiliateFactory(country=country("SG")),
        importer_role="controller",
    )

    exporter = facts_of(transfer).exporter

    assert (exporter.country, exporter.role, exporter.subject_to_law) == (
        code,
        "processor",
        expected,
    )
    assert exporter.representative_country is None


def test_direct_collection_has_no_exporter():
    transfer = TransferFactory(exporter_affiliate=None, exporter_role="", direct_collection=True)

    facts = facts_of(transfer)

    assert facts.exporter is None
    assert facts.flow.direct_collection


def test_a_vendor_importer_brings_its_country_certifications_and_scope_facts():
    vendor = VendorFactory(
        country=country("CA"), subject_to_gdpr_art3_2=True, is_commercial_organisation=False
    )
    dpf(vendor, dt.date(2023, 8, 1), dt.date(2024, 7, 31))
    VendorCertificationFactory(vendor=vendor, scheme="ISO 27001", valid_from=dt.date(2020, 1, 1))
    transfer = TransferFactory(importer_vendor=vendor, importer_role="controller")

    importer = facts_of(transfer).importer

    assert importer.country == "CA"
    assert importer.role == "controller"
    assert importer.subject_to_gdpr_art3_2 is True
    assert importer.commercial_organisation is False
    assert set(importer.certifications) == {
        rules.Certification("EU-US DPF", dt.date(2023, 8, 1), dt.date(2024, 7, 31)),
        rules.Certification("ISO 27001", dt.date(2020, 1, 1), None),
    }
    assert importer.same_legal_entity_as_exporter is False


def test_an_affiliate_importer_is_a_commercial_organisation_without_certifications():
    importer = AffiliateFactory(country=country("CN"), subject_to_gdpr="art3_2")
    transfer = TransferFactory(importer_vendor=None, importer_affiliate=importer)

    facts = facts_of(transfer).importer

    assert (facts.country, facts.certifications, facts.commercial_organisation) == ("CN", (), True)
    assert facts.subject_to_gdpr_art3_2 is True


def test_employee_access_means_the_same_legal_entity():
    transfer = TransferFactory(employee_access=True)

    facts = facts_of(transfer)

    assert facts.importer.same_legal_entity_as_exporter
    assert facts.flow.employee_access


def test_flow_flags_are_copied_and_special_data_comes_from_the_flag_or_a_category():
    flagged = TransferFactory(
        remote_access_only=True, returns_only_received_data=True, special_category_data=True
    )
    by_category = TransferFactory()
    by_category.data_categories.add(DataCategoryFactory(name="Health", special_category=True))
    ordinary = TransferFactory()
    ordinary.data_categories.add(DataCategoryFactory(name="Contact"))

    assert facts_of(flagged).flow == rules.FlowFacts(
        remote_access_only=True,
        returns_only_data_received_from_importer=True,
        special_category_data=True,
    )
    assert facts_of(by_category).flow.special_category_data
    assert not facts_of(ordinary).flow.special_category_data


def test_the_tia_and_measures_are_none_until_tias_are_recorded():
    transfer = TransferFactory()

    assert tia_facts_for(transfer, TODAY) == rules.TiaFacts()
    assert facts_of(transfer).tia.status == rules.TIA_NONE
    assert facts_of(transfer).flow.supplementary_measures is False


def test_the_register_record_goes_along_for_the_contradiction_findings():
    transfer = TransferFactory(legal_tool="adequacy", destination_country=country("IN"))

    assert facts_of(transfer).recorded == rules.RecordedFacts("adequacy", "IN")


def test_the_safeguard_is_the_signed_agreement_in_place_with_the_latest_signature():
    transfer = TransferFactory()
    signed_agreement(transfer, dt.date(2022, 1, 10))
    latest = signed_agreement(
        transfer, dt.date(2023, 5, 2), processing_changed_since_signature=True
    )
    signed_agreement(transfer, dt.date(2023, 9, 1), terminated_on=dt.date(2024, 1, 31))
    draft = SccAgreementFactory(status="draft")
    draft.transfers.add(transfer)

    safeguard = facts_of(transfer).safeguard

    assert safeguard == rules.SafeguardFacts(
        "scc-2021/914", 2, dt.date(2023, 5, 2), dt.date(2023, 5, 2), True
    )
    assert latest.pk  # the agreement described above


def test_on_an_earlier_date_the_agreement_concluded_by_then_is_preferred():
    transfer = TransferFactory()
    signed_agreement(transfer, dt.date(2022, 1, 10), module=2)
    signed_agreement(transfer, dt.date(2023, 5, 2), module=2)

    assert facts_of(transfer, dt.date(2022, 6, 1)).safeguard.concluded_on == dt.date(2022, 1, 10)


def test_a_draft_alone_is_the_safeguard_and_the_rules_say_it_is_unsigned():
    transfer = TransferFactory()
    SccAgreementFactory(status="draft").transfers.add(transfer)

    safeguard = facts_of(transfer).safeguard

    assert (safeguard.exporter_signed_on, safeguard.importer_signed_on) == (None, None)


def test_a_terminated_agreement_is_no_safeguard():
    transfer = TransferFactory()
    signed_agreement(transfer, terminated_on=dt.date(2023, 12, 31))
    SccAgreementFactory(status="terminated").transfers.add(transfer)

    assert facts_of(transfer).safeguard is None
    assert facts_of(transfer, dt.date(2023, 6, 1)).safeguard is not None


def test_eu_clauses_with_the_uk_addendum_are_the_addendum_under_the_uk_gdpr():
    uk_flow = TransferFactory(regime="UK")
    eu_flow = TransferFactory()
    for transfer in (uk_flow, eu_flow):
        signed_agreement(transfer, uk_addendum=True)

    assert facts_of(uk_flow).safeguard.instrument == "uk-addendum"
    assert facts_of(eu_flow).safeguard.instrument == "scc-2021/914"


def test_binding_corporate_rules_are_the_bcr_instrument_binding_on_the_date():
    transfer = TransferFactory(legal_tool="bcr")

    safeguard = facts_of(transfer).safeguard

    assert safeguard == rules.SafeguardFacts("bcr", None, TODAY, TODAY)


# ----------------------------------------------------------------------- stored results


def test_evaluation_stores_status_findings_decision_and_time():
    transfer = TransferFactory()
    before = timezone.now()

    decision = transfer_evaluate(transfer=transfer)

    saved = stored(transfer)
    assert saved.compliance_status == "not_permitted" == rules.status_for(decision)
    assert codes(saved) == {"no-safeguard": "error", "tia-missing": "error", **codes(saved)}
    assert "clause-13-authority" in codes(saved)
    assert saved.decision["ruleset_version"] == rules.ruleset_version(reference_data_from_db())
    assert saved.decision["scc_module"] == 2 and "date" not in saved.decision
    assert saved.evaluated_at >= before
    assert transfer.compliance_status == "not_permitted"  # the instance given is updated too


def test_a_dpf_certified_importer_is_compliant_under_the_adequacy_decision():
    transfer = TransferFactory(legal_tool="adequacy")
    dpf(transfer.importer_vendor)

    transfer_evaluate(transfer=transfer)

    saved = stored(transfer)
    assert saved.compliance_status == "compliant"
    assert saved.decision["adequacy"]["reference"] == "(EU) 2023/1795"


def test_a_recorded_tool_that_contradicts_the_decision_is_a_finding():
    transfer = TransferFactory(legal_tool="adequacy")

    transfer_evaluate(transfer=transfer)

    assert codes(stored(transfer))["legal-tool-contradicted"] == "warning"


def test_a_destination_other_than_the_importers_country_is_a_finding():
    transfer = TransferFactory(legal_tool="adequacy", destination_country=country("DE"))
    dpf(transfer.importer_vendor)

    transfer_evaluate(transfer=transfer)

    saved = stored(transfer)
    assert codes(saved) == {"destination-differs": "warning"}
    assert saved.compliance_status == "action_required"


def test_a_vendor_is_the_worst_of_its_current_flows_as_importer_or_exporter():
    vendor = VendorFactory(subject_to_gdpr_art3_2=True)
    dpf(vendor)
    compliant = TransferFactory(importer_vendor=vendor, legal_tool="adequacy")
    not_permitted_but_ended = TransferFactory(
        importer_vendor=vendor, importer_role="controller", regime="UK", state="ended"
    )
    transfers_evaluate()
    vendor.refresh_from_db()
    assert vendor.compliance_status == "compliant"
    assert stored(not_permitted_but_ended).compliance_status == "not_permitted"

    as_exporter = TransferFactory(
        exporter_affiliate=None,
        exporter_vendor=vendor,
        exporter_role="processor",
        importer_vendor=None,
        importer_affiliate=AffiliateFactory(country=country("SG")),
        importer_role="processor",
    )
    transfers_evaluate()

    vendor.refresh_from_db()
    assert stored(as_exporter).compliance_status == "not_permitted"
    assert vendor.compliance_status == "not_permitted"
    assert vendor.evaluated_at is not None
    assert stored(compliant).compliance_status == "compliant"


def test_a_vendor_without_current_flows_is_compliant_after_a_full_run():
    idle = VendorFactory()

    summary = transfers_evaluate()

    idle.refresh_from_db()
    assert (idle.compliance_status, summary.vendors) == ("compliant", 1)


def test_a_second_run_rewrites_only_what_changed():
    TransferFactory.create_batch(3)
    first = transfers_evaluate()

    second = transfers_evaluate()

    assert (first.changed, second.changed, second.evaluated) == (3, 0, 3)
    assert second.statuses == {"not_permitted": 3}


# ------------------------------------------------------------------- another date


def test_a_date_in_the_past_or_future_is_answered_without_storing():
    transfer = TransferFactory(legal_tool="adequacy")
    dpf(transfer.importer_vendor)
    transfer_evaluate(transfer=transfer)

    before_dpf = transfer_evaluate(transfer=transfer, on_date=dt.date(2023, 1, 1), store=False)
    after_lapse = transfer_evaluate(transfer=transfer, on_date=dt.date(2040, 1, 1), store=False)

    assert before_dpf.adequacy is None and not before_dpf.lawful
    assert before_dpf.date == dt.date(2023, 1, 1)
    assert after_lapse.adequacy is not None
    assert stored(transfer).compliance_status == "compliant"
    with pytest.raises(ValueError, match="Only today's evaluation is stored"):
        transfer_evaluate(transfer=transfer, on_date=dt.date(2023, 1, 1))


def test_what_changes_when_the_uk_adequacy_decision_ends():
    """The EU's UK adequacy decision is recorded until 27 Dec 2031 (adequacy.yaml)."""
    to_uk = TransferFactory(
        legal_tool="adequacy",
        importer_vendor=VendorFactory(country=country("GB")),
        destination_country=country("GB"),
    )
    to_uk_fallback = TransferFactory(
        importer_vendor=VendorFactory(country=country("GB")), destination_country=country("GB")
    )
    signed_agreement(to_uk_fallback)
    transfers_evaluate()

    assert what_changes_on(on_date=dt.date(2031, 12, 27)) == []
    changes = what_changes_on(on_date=dt.date(2031, 12, 28))

    by_reference = {change.reference: change for change in changes}
    assert set(by_reference) == {to_uk.reference, to_uk_fallback.reference}
    ended = by_reference[to_uk.reference]
    assert (ended.stored_status, ended.status) == ("compliant", "not_permitted")
    assert ("adequacy-ended", "error") in ended.added
    assert ("no-safeguard", "error") in ended.added
    assert changes[0] is ended  # most severe first
    assert by_reference[to_uk_fallback.reference].status == "action_required"
    assert stored(to_uk).compliance_status == "compliant"


def test_dry_run_and_date_write_nothing():
    transfer = TransferFactory()
    out = StringIO()

    call_command("evaluate_transfers", "--dry-run", stdout=out)
    call_command("evaluate_transfers", "--date", "2031-12-28", stdout=out)

    saved = stored(transfer)
    assert (saved.compliance_status, saved.evaluated_at, saved.findings) == (
        "not_evaluated",
        None,
        [],
    )
    assert f"{transfer.reference}: not evaluated -> not permitted" in out.getvalue()
    assert "nothing was written" in out.getvalue()


def test_the_command_stores_today_and_reports_the_counts():
    TransferFactory()
    out = StringIO()

    call_command("evaluate_transfers", stdout=out)

    assert "Evaluated 1 transfers" in out.getvalue()
    assert "1 not permitted; 1 changed" in out.getvalue()
    assert Transfer.objects.get().evaluated_at is not None


def test_a_bad_date_is_refused_naming_the_option():
    with pytest.raises(CommandError, match="--date: '2031-13-01' is not a date"):
        call_command("evaluate_transfers", "--date", "2031-13-01")


# ------------------------------------------------------------------ re-run on change


@pytest.fixture
def evaluated_flow():
    """A transfer to a US vendor, evaluated: not permitted (no DPF, no agreement)."""
    transfer = TransferFactory()
    transfers_evaluate()
    assert stored(transfer).compliance_status == "not_permitted"
    return transfer


def test_a_changed_transfer_is_re_evaluated_after_commit(evaluated_flow, on_commit):
    with on_commit():
        evaluated_flow.legal_tool = "none_needed"
        evaluated_flow.save()

    assert codes(stored(evaluated_flow))["legal-tool-contradicted"] == "warning"


def test_a_new_certification_makes_the_flow_compliant(evaluated_flow, on_commit):
    evaluated_flow.legal_tool = "adequacy"
    evaluated_flow.save()
    with on_commit():
        dpf(evaluated_flow.importer_vendor)

    assert stored(evaluated_flow).compliance_status == "compliant"
    evaluated_flow.importer_vendor.refresh_from_db()
    assert evaluated_flow.importer_vendor.compliance_status == "compliant"


def test_a_signed_agreement_covering_the_flow_re_evaluates_it(evaluated_flow, on_commit):
    with on_commit():
        agreement = signed_agreement(evaluated_flow)

    assert "no-safeguard" not in codes(stored(evaluated_flow))
    with on_commit():
        agreement.transfers.remove(evaluated_flow)

    assert "no-safeguard" in codes(stored(evaluated_flow))


def test_a_terminated_agreement_re_evaluates_its_flows(evaluated_flow, on_commit):
    agreement = signed_agreement(evaluated_flow)
    transfers_evaluate()
    with on_commit():
        agreement.terminated_on = dt.date(2020, 1, 1)
        agreement.status = "terminated"
        agreement.save()

    assert "no-safeguard" in codes(stored(evaluated_flow))


def test_a_vendor_change_re_evaluates_its_flows(evaluated_flow, on_commit):
    vendor = evaluated_flow.importer_vendor
    with on_commit():
        vendor.subject_to_gdpr_art3_2 = True
        vendor.save()

    assert "importer-subject-to-gdpr" in codes(stored(evaluated_flow))


@pytest.mark.parametrize("factory", [VendorLocationFactory, SubProcessorFactory])
def test_vendor_locations_and_sub_processors_re_evaluate_its_flows(
    evaluated_flow, on_commit, factory
):
    Transfer.objects.filter(pk=evaluated_flow.pk).update(evaluated_at=None)
    with on_commit():
        factory(vendor=evaluated_flow.importer_vendor)

    assert stored(evaluated_flow).evaluated_at is not None


def test_an_affiliate_change_re_evaluates_its_flows(evaluated_flow, on_commit):
    exporter = evaluated_flow.exporter_affiliate
    with on_commit():
        exporter.country = country("SG")
        exporter.subject_to_gdpr = "no"
        exporter.save()

    saved = stored(evaluated_flow)
    assert saved.compliance_status == "compliant"
    assert not saved.decision["restricted_transfer"]


def test_a_representative_change_re_evaluates_the_flows_it_represents(on_commit):
    representative = AffiliateFactory(country=country("DE"))
    exporter = AffiliateFactory(
        country=country("SG"), subject_to_gdpr="art3_2", eu_representative=representative
    )
    transfer = TransferFactory(exporter_affiliate=exporter)
    transfers_evaluate()
    with on_commit():
        representative.country = country("CH")
        representative.save()

    assert codes(stored(transfer))["representative-outside-area"] == "warning"


def test_a_special_data_category_re_evaluates_its_flows(on_commit):
    transfer = TransferFactory()
    signed_agreement(transfer)
    category = DataCategoryFactory(name="Health data")
    transfers_evaluate()
    with on_commit():
        transfer.data_categories.add(category)
    assert "special-category-without-measures" not in codes(stored(transfer))

    with on_commit():
        category.special_category = True
        category.save()

    assert codes(stored(transfer))["special-category-without-measures"] == "warning"


def test_an_ended_adequacy_decision_re_evaluates_the_whole_register(on_commit):
    transfer = TransferFactory(legal_tool="adequacy")
    dpf(transfer.importer_vendor)
    transfers_evaluate()
    decision = AdequacyDecision.objects.get(regime="EU", reference="(EU) 2023/1795")
    with on_commit():
        decision.effective_until = dt.date(2024, 1, 1)
        decision.save()

    saved = stored(transfer)
    assert saved.compliance_status == "not_permitted"
    assert "adequacy-ended" in codes(saved)


def test_a_repealed_instrument_re_evaluates_the_whole_register(evaluated_flow, on_commit):
    signed_agreement(evaluated_flow)
    transfers_evaluate()
    terms = InstrumentTerm.objects.get(instrument__code="scc-2021/914", regime="EU")
    with on_commit():
        terms.repealed_from = dt.date(2024, 1, 1)
        terms.save()

    assert codes(stored(evaluated_flow))["safeguard-repealed"] == "error"


def test_a_country_joining_the_eea_re_evaluates_the_whole_register(evaluated_flow, on_commit):
    with on_commit():
        united_states = Country.objects.get(code="US")
        united_states.eea_from = dt.date(2000, 1, 1)
        united_states.save()

    saved = stored(evaluated_flow)
    assert saved.compliance_status == "compliant"
    assert not saved.decision["restricted_transfer"]


def test_a_deleted_or_moved_flow_refreshes_the_vendor_it_left(evaluated_flow, on_commit):
    vendor = evaluated_flow.importer_vendor
    vendor.refresh_from_db()
    assert vendor.compliance_status == "not_permitted"
    with on_commit():
        evaluated_flow.importer_vendor = VendorFactory()
        evaluated_flow.save()

    vendor.refresh_from_db()
    assert vendor.compliance_status == "compliant"
    new_vendor = stored(evaluated_flow).importer_vendor
    assert new_vendor.compliance_status == "not_permitted"
    with on_commit():
        evaluated_flow.delete()

    new_vendor.refresh_from_db()
    assert new_vendor.compliance_status == "compliant"


def test_changes_in_one_transaction_are_evaluated_in_one_run(evaluated_flow, on_commit):
    vendor = evaluated_flow.importer_vendor
    runs = []

    def count(sender=None, **kwargs):
        runs.append(sender.name)

    task_prerun.connect(count)
    try:
        with on_commit():
            dpf(vendor)
            VendorLocationFactory(vendor=vendor)
            vendor.save()
    finally:
        task_prerun.disconnect(count)

    assert runs.count("transfers.evaluation.tasks.evaluate_transfers_task") == 1


# -------------------------------------------------------------------------- queries


def build_register(size: int) -> None:
    """Flows with every kind of related row the facts read."""
    representative = AffiliateFactory(country=country("DE"))
    for n in range(size):
        exporter = AffiliateFactory(
            country=country("SG"), subject_to_gdpr="art3_2", eu_representative=representative
        )
        transfer = TransferFactory(exporter_affiliate=exporter)
        dpf(transfer.importer_vendor)
        transfer.data_categories.add(DataCategoryFactory(name=f"Category {n}"))
        signed_agreement(transfer)


def queries_of(**kwargs) -> int:
    with CaptureQueriesContext(connection) as context:
        transfers_evaluate(queryset=Transfer.objects.all(), **kwargs)
    return len(context)


def test_queries_per_batch_do_not_depend_on_the_batch_size():
    reference_data_from_db()  # warm: one query to confirm the reference data is unchanged
    build_register(4)
    one_batch_of_4 = queries_of(batch_size=4)
    Transfer.objects.update(compliance_status="not_evaluated", findings=[], decision=None)
    build_register(8)
    Transfer.objects.update(compliance_status="not_evaluated", findings=[], decision=None)

    one_batch_of_12 = queries_of(batch_size=12)
    Transfer.objects.update(compliance_status="not_evaluated", findings=[], decision=None)
    three_batches_of_4 = queries_of(batch_size=4)

    # Outside the batches: the reference-data check, and the empty page that ends the run.
    fixed = 2
    per_batch = one_batch_of_4 - fixed
    assert one_batch_of_12 == one_batch_of_4
    assert three_batches_of_4 == fixed + 3 * per_batch


def build_flows_with_legs(count: int) -> None:
    """`count` flows, each to its own importer that stores in India and engages a sub-processor
    (storing in Mexico) that engages its own (accessing from the Philippines)."""
    for _ in range(count):
        importer, sub, sub_sub = VendorFactory.create_batch(3)
        VendorLocationFactory(vendor=importer, country=country("IN"), activity="storage")
        VendorLocationFactory(vendor=sub, country=country("MX"), activity="storage")
        VendorLocationFactory(vendor=sub_sub, country=country("PH"), activity="access")
        SubProcessorFactory(vendor=importer, sub_processor=sub)
        SubProcessorFactory(vendor=sub, sub_processor=sub_sub)
        TransferFactory(importer_vendor=importer)


def test_the_queries_of_a_batch_with_legs_do_not_grow_with_the_batch_size(
    django_assert_num_queries,
):
    reference_data_from_db()
    build_flows_with_legs(3)
    with CaptureQueriesContext(connection) as three:
        transfers_evaluate(batch_size=100)
    Transfer.objects.update(compliance_status="not_evaluated", findings=[], decision=None)
    build_flows_with_legs(9)

    with django_assert_num_queries(len(three)):
        summary = transfers_evaluate(batch_size=100)

    assert summary.evaluated == 12
    for transfer in Transfer.objects.all():
        legs = [f["message"] for f in transfer.findings if f["code"] == "leg-no-safeguard"]
        assert len(legs) == 5, legs  # IN storage; sub (US), MX storage; sub-sub (US), PH access
        assert any("Philippines (PH), remote access" in message for message in legs), legs


@pytest.mark.postgres
def test_a_batch_is_evaluated_and_stored_on_postgresql(django_assert_num_queries):
    build_register(6)
    TransferFactory.create_batch(6)
    reference_data_from_db()
    with CaptureQueriesContext(connection) as small:
        summary = transfers_evaluate(batch_size=12)
    Transfer.objects.update(compliance_status="not_evaluated", findings=[], decision=None)
    build_register(12)
    Transfer.objects.update(compliance_status="not_evaluated", findings=[], decision=None)

    with django_assert_num_queries(len(small)):
        larger = transfers_evaluate(batch_size=24)

    assert summary.statuses == {"compliant": 6, "not_permitted": 6}
    assert larger.evaluated == larger.changed == 24
    # The admin's finding filter reads the JSON as text: the same on PostgreSQL's jsonb.
    fallback = Transfer.objects.filter(findings__icontains='"code": "safeguard-fallback"')
    assert fallback.count() == 18


def test_a_flow_that_started_later_is_absent_on_an_earlier_date_not_not_permitted():
    """The law of 1 Aug 2020 applies to the flows of 1 Aug 2020: one started in 2023 is absent."""
    later = TransferFactory(started_on=dt.date(2023, 3, 1))
    ended = TransferFactory(started_on=dt.date(2019, 1, 1), ended_on=dt.date(2020, 7, 31))
    existing = TransferFactory(started_on=dt.date(2019, 1, 1))
    out = StringIO()

    changes = what_changes_on(on_date=dt.date(2020, 8, 1))
    call_command("evaluate_transfers", "--date", "2020-08-01", stdout=out)

    assert {change.reference for change in changes} == {existing.reference}
    printed = out.getvalue()
    assert later.reference not in printed and ended.reference not in printed
    assert f"{existing.reference}: not evaluated -> not permitted" in printed
    left_out = "On 2020-08-01, 2 transfer(s) had not started or had ended; they are left out."
    assert left_out in printed
    assert later.reference in {c.reference for c in what_changes_on(on_date=dt.date(2023, 3, 1))}
