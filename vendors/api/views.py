from affiliates.api.base import RegisterWriteViewSet
from affiliates.api.pagination import RegisterCursorPagination

from ..filtersets import VendorFilterSet
from ..selectors import vendors_for_api
from .serializers import VendorSerializer


class VendorViewSet(RegisterWriteViewSet):
    queryset = vendors_for_api()
    serializer_class = VendorSerializer
    filterset_class = VendorFilterSet
    pagination_class = RegisterCursorPagination
