from affiliates.api.base import RegisterWriteViewSet
from affiliates.api.pagination import RegisterCursorPagination

from ..filtersets import VendorFilterSet
from ..selectors import vendors_with_details
from .serializers import VendorSerializer


class VendorViewSet(RegisterWriteViewSet):
    queryset = vendors_with_details()
    serializer_class = VendorSerializer
    filterset_class = VendorFilterSet
    pagination_class = RegisterCursorPagination
