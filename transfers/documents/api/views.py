"""Stored documents in the API: ask for one (202), poll it, download it once ready."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.base import RegisterViewSet
from config.api.credentials import api_credential
from config.api.schema import ErrorBodySerializer
from transfers.documents.api.serializers import DocumentRequestSerializer, DocumentSerializer
from transfers.documents.choices import DocumentState, DownloadChannel
from transfers.documents.downloads import (
    CONFIDENTIAL_REFUSAL,
    client_ip,
    credential_may_download_edition,
    document_file_response,
    user_may_download_edition,
)
from transfers.documents.filtersets import DocumentFilterSet
from transfers.documents.models import Document
from transfers.documents.rendering import DocumentInputError
from transfers.documents.services import document_download_record, document_request


class DocumentNotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"


class ConfidentialDocument(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "confidential"
    default_detail = CONFIDENTIAL_REFUSAL


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
        """The PDF, once the document is ready; every download is logged with the caller.

        A full edition is confidential: refused (403, nothing logged) to a key without its flag
        and to a staff login without the permission."""
        document = self.get_object()
        credential = api_credential(request)
        if not self.may_download_edition(request, credential, document):
            raise ConfidentialDocument()
        if document.state != DocumentState.READY:
            raise DocumentNotReady(self.not_ready_message(document))
        response = document_file_response(document)
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
    def may_download_edition(request: Request, credential, document: Document) -> bool:
        if credential is not None:
            return credential_may_download_edition(credential, document)
        return user_may_download_edition(request.user, document)

    @staticmethod
    def not_ready_message(document: Document) -> str:
        if document.state == DocumentState.FAILED:
            return f"Rendering failed: {document.failure_reason} Ask for the document again."
        return f"The document is {document.get_state_display().lower()}: poll its url."
