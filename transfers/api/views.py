from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from affiliates.api.base import RegisterViewSet, RegisterWriteViewSet, conditional_response
from affiliates.api.credentials import api_credential
from affiliates.api.errors import error_body
from affiliates.api.pagination import RegisterCursorPagination
from affiliates.api.schema import ErrorBodySerializer
from transfers.api.serializers import (
    AdequacyDecisionSerializer,
    CountrySerializer,
    DataCategorySerializer,
    DataSubjectCategorySerializer,
    DocumentRequestSerializer,
    DocumentSerializer,
    LegalBasisSerializer,
    PurposeSerializer,
    SccAgreementSerializer,
    TransferCheckRequestSerializer,
    TransferCheckResponseSerializer,
    TransferImpactAssessmentSerializer,
    TransferSerializer,
    VendorStatusSerializer,
)
from transfers.check_contract import CheckRequestError
from transfers.choices import DocumentState, DownloadChannel
from transfers.downloads import client_ip, document_file_response
from transfers.filtersets import (
    AdequacyDecisionFilterSet,
    CountryFilterSet,
    DataCategoryFilterSet,
    DataSubjectCategoryFilterSet,
    DocumentFilterSet,
    LegalBasisFilterSet,
    PurposeFilterSet,
    SccAgreementFilterSet,
    TransferFilterSet,
    TransferImpactAssessmentFilterSet,
)
from transfers.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    Document,
    LegalBasis,
    Purpose,
    Transfer,
    TransferImpactAssessment,
)
from transfers.rendering import DocumentInputError
from transfers.selectors import (
    countries_with_adequacy,
    scc_agreements_with_details,
    transfer_check,
    transfers_with_details,
    vendor_status,
)
from transfers.services import document_download_record, document_request
from vendors.models import Vendor


class TransferViewSet(RegisterWriteViewSet):
    """Flows of personal data: who exports to whom, in which roles, to which country, under which
    legal tool, and their stored evaluation (status and findings). Writes need a read-write
    key."""

    queryset = transfers_with_details()
    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    pagination_class = RegisterCursorPagination


class SccAgreementViewSet(RegisterViewSet):
    """SCC agreements and the options they chose (Annex II's measures stay confidential)."""

    queryset = scc_agreements_with_details()
    serializer_class = SccAgreementSerializer
    filterset_class = SccAgreementFilterSet


class CountryViewSet(RegisterViewSet):
    """Countries with their EU/EEA membership and their adequacy decisions under each regime (EU,
    UK, CH)."""

    lookup_value_regex = "[A-Z]{2}"
    queryset = countries_with_adequacy()
    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet


class AdequacyDecisionViewSet(RegisterViewSet):
    """Adequacy decisions (and countries on a regime's list), with their dates and scope."""

    queryset = AdequacyDecision.objects.all()
    serializer_class = AdequacyDecisionSerializer
    filterset_class = AdequacyDecisionFilterSet


class DataCategoryViewSet(RegisterViewSet):
    """Categories of personal data a flow may carry."""

    queryset = DataCategory.objects.all()
    serializer_class = DataCategorySerializer
    filterset_class = DataCategoryFilterSet


class DataSubjectCategoryViewSet(RegisterViewSet):
    """Categories of the people the data is about."""

    queryset = DataSubjectCategory.objects.all()
    serializer_class = DataSubjectCategorySerializer
    filterset_class = DataSubjectCategoryFilterSet


class LegalBasisViewSet(RegisterViewSet):
    """Legal bases (GDPR articles) purposes rely on."""

    queryset = LegalBasis.objects.all()
    serializer_class = LegalBasisSerializer
    filterset_class = LegalBasisFilterSet


class PurposeViewSet(RegisterViewSet):
    """Purposes of processing and their legal bases."""

    queryset = Purpose.objects.prefetch_related("legal_bases")
    serializer_class = PurposeSerializer
    filterset_class = PurposeFilterSet


class TransferImpactAssessmentViewSet(RegisterViewSet):
    """Transfer impact assessments, summarised: what each covers, its state, risk ratings, outcome
    and next review (the analysis itself is in the report)."""

    queryset = TransferImpactAssessment.objects.all()
    serializer_class = TransferImpactAssessmentSerializer
    filterset_class = TransferImpactAssessmentFilterSet


class DocumentNotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"


class DocumentViewSet(RegisterViewSet):
    """SCC copies and TIA reports: ask for one (POST), poll it, download it when ready.

    Asking renders nothing twice: the same register state gives back the same document."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    asks_only = True  # a copy of the register, not a change to it: read keys may ask

    @extend_schema(
        request=DocumentRequestSerializer,
        responses={
            200: OpenApiResponse(DocumentSerializer, "Already rendered: ready to download."),
            202: OpenApiResponse(DocumentSerializer, "Queued or rendering: poll its url."),
        },
    )
    def create(self, request: Request) -> Response:
        asked = DocumentRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        document = self.request_document(request, asked.validated_data)
        ready = document.state == DocumentState.READY
        return Response(
            self.get_serializer(document).data,
            status=status.HTTP_200_OK if ready else status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("document-detail", args=[document.pk])},
        )

    @staticmethod
    def request_document(request: Request, asked: dict) -> Document:
        credential = api_credential(request)
        try:
            return document_request(
                kind=asked["kind"],
                source=asked["source"],
                edition=asked["edition"],
                requested_by=credential.created_by if credential else request.user,
            )
        except DocumentInputError as error:
            raise ValidationError(str(error), code="cannot_render") from error

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, "The PDF."),
            409: OpenApiResponse(ErrorBodySerializer, "Not ready yet (or failed)."),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> Response:
        """The PDF, once the document is ready; every download is logged with the caller."""
        document = self.get_object()
        if document.state != DocumentState.READY:
            raise DocumentNotReady(self.not_ready_message(document))
        response = document_file_response(document)
        credential = api_credential(request)
        document_download_record(
            document=document,
            channel=DownloadChannel.API,
            user=None if credential else request.user,
            api_key_name=credential.name if credential else "",
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        return response

    @staticmethod
    def not_ready_message(document: Document) -> str:
        if document.state == DocumentState.FAILED:
            return f"Rendering failed: {document.failure_reason} Ask for the document again."
        return f"The document is {document.get_state_display().lower()}: poll its url."


class TransferCheckView(APIView):
    """Would this flow be lawful? POST its facts (registered or hypothetical) and get the rules'
    decision: whether it is a restricted transfer, the tool, the SCC module, whether a TIA is
    needed, and the findings. Nothing is stored."""

    asks_only = True
    permission_model = Transfer

    @extend_schema(
        request=TransferCheckRequestSerializer, responses=TransferCheckResponseSerializer
    )
    def post(self, request: Request) -> Response:
        try:
            return Response(transfer_check(request.data))
        except CheckRequestError as error:
            body = error_body([])
            body["errors"].append(
                {"field": error.field, "code": "invalid", "message": error.message}
            )
            return Response(body, status=status.HTTP_400_BAD_REQUEST)


class VendorStatusView(APIView):
    """A vendor's compliance status, why, what is missing and when it was last evaluated.

    Send the ETag back in If-None-Match to get 304 while nothing changed."""

    permission_model = Vendor
    conditional_get = True

    @extend_schema(responses=VendorStatusSerializer)
    def get(self, request: Request, pk: str) -> HttpResponse:
        status = vendor_status(int(pk))
        if status is None:
            raise NotFound("No vendor with this id.")
        return conditional_response(request, VendorStatusSerializer(status).data)


class PingSerializer(serializers.Serializer):
    status = serializers.CharField()


class PingView(APIView):
    """Answers with a constant: a health check for any valid key, and the benchmark's floor."""

    open_to_every_key = True

    @extend_schema(responses=PingSerializer)
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})
