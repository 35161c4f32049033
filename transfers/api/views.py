from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from affiliates.api.base import RegisterViewSet, RegisterWriteViewSet, conditional_response
from affiliates.api.pagination import RegisterCursorPagination
from vendors.models import Vendor

from ..filtersets import (
    AdequacyDecisionFilterSet,
    CountryFilterSet,
    DataCategoryFilterSet,
    DataSubjectCategoryFilterSet,
    LegalBasisFilterSet,
    PurposeFilterSet,
    SccAgreementFilterSet,
    TransferFilterSet,
)
from ..models import AdequacyDecision, DataCategory, DataSubjectCategory, LegalBasis, Purpose
from ..selectors import (
    countries_with_adequacy,
    scc_agreements_with_details,
    transfers_with_details,
    vendor_status,
)
from .serializers import (
    AdequacyDecisionSerializer,
    CountrySerializer,
    DataCategorySerializer,
    DataSubjectCategorySerializer,
    LegalBasisSerializer,
    PurposeSerializer,
    SccAgreementSerializer,
    TransferSerializer,
    VendorStatusSerializer,
)


class TransferViewSet(RegisterWriteViewSet):
    queryset = transfers_with_details()
    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    pagination_class = RegisterCursorPagination


class SccAgreementViewSet(RegisterViewSet):
    queryset = scc_agreements_with_details()
    serializer_class = SccAgreementSerializer
    filterset_class = SccAgreementFilterSet


class CountryViewSet(RegisterViewSet):
    lookup_value_regex = "[A-Z]{2}"
    queryset = countries_with_adequacy()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet


class AdequacyDecisionViewSet(RegisterViewSet):
    queryset = AdequacyDecision.objects.all()
    serializer_class = AdequacyDecisionSerializer
    filterset_class = AdequacyDecisionFilterSet


class DataCategoryViewSet(RegisterViewSet):
    queryset = DataCategory.objects.all()
    serializer_class = DataCategorySerializer
    filterset_class = DataCategoryFilterSet


class DataSubjectCategoryViewSet(RegisterViewSet):
    queryset = DataSubjectCategory.objects.all()
    serializer_class = DataSubjectCategorySerializer
    filterset_class = DataSubjectCategoryFilterSet


class LegalBasisViewSet(RegisterViewSet):
    queryset = LegalBasis.objects.all()
    serializer_class = LegalBasisSerializer
    filterset_class = LegalBasisFilterSet


class PurposeViewSet(RegisterViewSet):
    queryset = Purpose.objects.prefetch_related("legal_bases")
    serializer_class = PurposeSerializer
    filterset_class = PurposeFilterSet


class VendorStatusView(GenericAPIView):
    """A vendor's compliance status, why, what is missing and when it was last evaluated.

    Send the ETag back in If-None-Match to get 304 while nothing changed."""

    queryset = Vendor.objects.only("id", "legal_name", "compliance_status", "evaluated_at")
    serializer_class = VendorStatusSerializer
    conditional_get = True

    def get(self, request: Request, pk: int) -> Response:
        status = self.get_serializer(vendor_status(self.get_object()))
        return conditional_response(request, status.data)


class PingSerializer(serializers.Serializer):
    status = serializers.CharField()


class PingView(APIView):
    """Answers with a constant: a health check for any valid key, and the benchmark's floor."""

    open_to_every_key = True

    @extend_schema(responses=PingSerializer)
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})
