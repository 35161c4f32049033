from django.db.models import Prefetch

from affiliates.api.serializers import AffiliateSerializer
from affiliates.filtersets import AffiliateFilterSet
from affiliates.models import Affiliate, AffiliateRole
from config.api.base import RegisterViewSet


class AffiliateViewSet(RegisterViewSet):
    """The group's own legal entities and the roles they play for the group."""

    queryset = Affiliate.objects.prefetch_related(
        Prefetch("roles", queryset=AffiliateRole.objects.only("affiliate_id", "role"))
    )
    serializer_class = AffiliateSerializer
    filterset_class = AffiliateFilterSet
