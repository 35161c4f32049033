"""The register's flows and agreements in the API: querysets, serializers and filters only."""

from config.api.base import RegisterWriteViewSet
from config.api.pagination import RegisterCursorPagination
from transfers.register.api.serializers import SccAgreementSerializer, TransferSerializer
from transfers.register.filtersets import SccAgreementFilterSet, TransferFilterSet
from transfers.register.selectors import scc_agreements_with_details, transfers_with_details


class TransferViewSet(RegisterWriteViewSet):
    """Flows of personal data: who exports to whom, in which roles, to which country, under which
    legal tool, and their stored evaluation (status and findings). Writes need a read-write
    key."""

    queryset = transfers_with_details()
    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    pagination_class = RegisterCursorPagination


class SccAgreementViewSet(RegisterWriteViewSet):
    """SCC agreements and the options they chose (Annex II's measures stay confidential). Writes
    need a read-write key; the module must match every covered transfer's roles."""

    queryset = scc_agreements_with_details()
    serializer_class = SccAgreementSerializer
    filterset_class = SccAgreementFilterSet
