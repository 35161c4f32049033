"""Integrity is the database's job: each constraint refuses bad rows even when no form runs,
and full_clean turns the same rule into a message a lawyer can act on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from affiliates.models import Country
from tests.factories import (
    AffiliateFactory,
    SccAgreementFactory,
    TransferFactory,
    VendorFactory,
    country,
)
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor

pytestmark = pytest.mark.django_db


def assert_refused_by_database(create) -> None:
    """The row never lands: check constraints fail at once, deferred foreign keys at the check."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
        connection.check_constraints()


def test_reference_countries_are_loaded_with_eu_and_eea_membership():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="DE").eu_from is not None
    norway = Country.objects.get(code="NO")
    assert norway.eu_from is None and norway.eea_from is not None
    uk = Country.objects.get(code="GB")
    assert str(uk.eu_until) == "2020-12-31"


def test_duplicate_vendor_name_is_refused():
    VendorFactory(legal_name="Example Cloud Inc.")
    assert_refused_by_database(lambda: VendorFactory(legal_name="Example Cloud Inc."))
    with pytest.raises(ValidationError, match="already exists"):
        Vendor(
            legal_name="Example Cloud Inc.",
            kind="service_provider",
            country=country("US"),
            services="x",
        ).full_clean()


def test_transfer_between_the_same_affiliate_is_refused_with_a_clear_message():
    entity = AffiliateFactory()
    transfer = TransferFactory.build(
        exporter_affiliate=entity, importer_affiliate=entity, importer_vendor=None
    )
    with pytest.raises(ValidationError, match="The exporter and the importer are the same entity"):
        transfer.full_clean()
    assert_refused_by_database(transfer.save)
    assert not Transfer.objects.exists()


def test_transfer_between_the_same_vendor_is_refused():
    vendor = VendorFactory()
    transfer = TransferFactory.build(
        exporter_affiliate=None,
        exporter_vendor=vendor,
        importer_vendor=vendor,
        exporter_role="processor",
    )
    with pytest.raises(ValidationError, match="same entity"):
        transfer.full_clean()
    assert_refused_by_database(transfer.save)


def test_transfer_needs_exactly_one_importer():
    transfer = TransferFactory.build(
        exporter_affiliate=AffiliateFactory(),
        importer_affiliate=AffiliateFactory(),
        importer_vendor=VendorFactory(),
    )
    with pytest.raises(ValidationError, match="exactly one importer"):
        transfer.full_clean()
    assert_refused_by_database(transfer.save)


def test_transfer_without_exporter_is_only_allowed_for_direct_collection():
    no_exporter = TransferFactory.build(
        exporter_affiliate=None, exporter_role="", importer_vendor=VendorFactory()
    )
    with pytest.raises(ValidationError, match="exactly one exporter"):
        no_exporter.full_clean()
    direct = TransferFactory.build(
        exporter_affiliate=None,
        exporter_role="",
        direct_collection=True,
        importer_vendor=VendorFactory(),
    )
    direct.full_clean()
    direct.save()
    assert Transfer.objects.filter(direct_collection=True).count() == 1


def test_unknown_country_code_is_refused():
    vendor = VendorFactory.build(country=None, country_id="XX")
    with pytest.raises(ValidationError, match="country"):
        vendor.full_clean()
    assert_refused_by_database(vendor.save)


def test_unknown_choice_values_are_refused_by_the_database():
    assert_refused_by_database(lambda: VendorFactory(kind="spy"))
    assert_refused_by_database(lambda: TransferFactory(legal_tool="hope"))
    assert_refused_by_database(lambda: TransferFactory(importer_role="owner"))


def test_scc_module_must_be_one_to_four_and_clause_9_only_in_modules_two_and_three():
    assert_refused_by_database(lambda: SccAgreementFactory(module=5))
    agreement = SccAgreementFactory.build(
        module=1,
        clause_9_option=2,
        exporter_affiliate=AffiliateFactory(),
        importer_vendor=VendorFactory(),
    )
    with pytest.raises(ValidationError, match="Clause 9"):
        agreement.full_clean()
    assert not SccAgreement.objects.exists()


def test_vendor_cannot_be_its_own_sub_processor():
    vendor = VendorFactory()
    relation = SubProcessor(vendor=vendor, sub_processor=vendor, services="Storage")
    with pytest.raises(ValidationError, match="own sub-processor"):
        relation.full_clean()
    assert_refused_by_database(relation.save)


def test_dates_must_be_ordered():
    import datetime

    transfer = TransferFactory.build(
        exporter_affiliate=AffiliateFactory(),
        importer_vendor=VendorFactory(),
        started_on=datetime.date(2024, 2, 1),
        ended_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        transfer.full_clean()
    assert_refused_by_database(transfer.save)


def test_every_change_is_recorded_with_who_and_why(legal_editor):
    vendor = VendorFactory(legal_name="Audit Me Inc.")
    vendor._change_reason = "Contract renewed"
    vendor._history_user = legal_editor
    vendor.status = "offboarded"
    vendor.save()
    latest = vendor.history.first()
    assert latest.status == "offboarded"
    assert latest.history_change_reason == "Contract renewed"
    assert latest.history_user == legal_editor
    assert vendor.history.count() == 2
    assert latest.prev_record.status == "active"
