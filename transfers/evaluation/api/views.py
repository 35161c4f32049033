""" "May we send data to this vendor?" and "what would this flow need?": answers from the
stored evaluation and the rules."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.base import conditional_response
from config.api.errors import error_body
from transfers.evaluation.api.serializers import (
    TransferCheckRequestSerializer,
    TransferCheckResponseSerializer,
    VendorStatusSerializer,
)
from transfers.evaluation.selectors import transfer_check, vendor_status
from transfers.register.models import Transfer
from transfers.rules.contract import CheckRequestError
from vendors.models import Vendor


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
