"""The API's serializers build their fields once (affiliates.api.representation); their output
must be exactly DRF's, field for field, for every endpoint, on rows with every kind of value."""

from datetime import date

import pytest
from rest_framework import serializers

from config.api.representation import PlannedRepresentationMixin
from transfers.documents.services import document_request
from transfers.evaluation.api.serializers import VendorStatusSerializer
from transfers.evaluation.selectors import vendor_status
from vendors.api.serializers import VendorCertificationSerializer, VendorLocationSerializer

from ..factories import (
    AdequacyDecisionFactory,
    AffiliateRoleFactory,
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    LegalBasisFactory,
    PurposeFactory,
    SccAgreementFactory,
    TransferFactory,
    TransferImpactAssessmentFactory,
    VendorCertificationFactory,
    VendorLocationFactory,
    country,
)
from .test_filters_cover_fields import VIEWSETS


@pytest.fixture
def register(db):
    """Rows with nulls, dates, datetimes, JSON, choices, relations and nested lists."""
    transfer = TransferFactory(
        started_on=date(2024, 1, 2),
        findings=[{"code": "TIA_MISSING", "severity": "error", "message": "No TIA."}],
        compliance_status="action_required",
    )
    transfer.data_categories.add(DataCategoryFactory(special_category=True))
    transfer.data_subject_categories.add(DataSubjectCategoryFactory())
    purpose = PurposeFactory()
    purpose.legal_bases.add(LegalBasisFactory())
    transfer.purposes.add(purpose)
    vendor = transfer.importer_vendor
    VendorLocationFactory(vendor=vendor, country=country("SG"), description="Support")
    VendorLocationFactory(vendor=vendor, country=country("US"))
    VendorCertificationFactory(vendor=vendor, valid_from=date(2023, 7, 17))
    AffiliateRoleFactory(affiliate=transfer.exporter_affiliate)
    agreement = SccAgreementFactory(exporter_signed_on=date(2024, 3, 1), module=3)
    agreement.transfers.add(transfer)
    AdequacyDecisionFactory(country=country("JP"), effective_until=date(2030, 1, 1))
    TransferImpactAssessmentFactory(transfer=transfer)
    document_request(kind="scc", source=agreement, edition="data_subject")
    return transfer


def drf_representation(serializer_class, instance) -> dict:
    """What DRF itself would output: its Serializer.to_representation on a fresh serializer."""
    return serializers.Serializer.to_representation(serializer_class(), instance)


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_endpoint_represents_rows_as_drf_does(register, viewset):
    serializer_class = viewset.serializer_class
    assert issubclass(serializer_class, PlannedRepresentationMixin)
    rows = list(viewset.queryset.all()[:20])
    assert rows, f"the fixture has no {viewset.queryset.model.__name__}"
    for row in rows:
        assert serializer_class(row).data == drf_representation(serializer_class, row)


@pytest.mark.parametrize(
    "serializer_class", [VendorLocationSerializer, VendorCertificationSerializer]
)
def test_nested_lists_are_represented_as_drf_does(register, serializer_class):
    for row in serializer_class.Meta.model.objects.all():
        assert serializer_class(row).data == drf_representation(serializer_class, row)


def test_a_vendor_status_is_represented_as_drf_does(register):
    status = vendor_status(register.importer_vendor_id)
    assert status["missing"]
    assert VendorStatusSerializer(status).data == drf_representation(VendorStatusSerializer, status)
