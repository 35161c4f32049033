from config.api.base import RegisterWriteViewSet
from config.api.pagination import RegisterCursorPagination
from vendors.api.serializers import VendorSerializer
from vendors.filtersets import VendorFilterSet
from vendors.selectors import vendors_for_api


class VendorViewSet(RegisterWriteViewSet):
    """Vendors (service providers, resellers, other recipients) with where they store or access
    data, their certifications, the roles they play in the flows they receive and their
    compliance status. Writes need a read-write key; ``locations`` and ``certifications``
    replace the vendor's lists when given."""

    queryset = vendors_for_api()
    serializer_class = VendorSerializer
    filterset_class = VendorFilterSet
    pagination_class = RegisterCursorPagination
