from django.db.models import Prefetch

from ..filtersets import AffiliateFilterSet
from ..models import Affiliate, AffiliateRole
from .base import RegisterViewSet
from .serializers import AffiliateSerializer


class AffiliateViewSet(RegisterViewSet):
    """The group's own legal entities and the roles they play for the group."""

    queryset = Affiliate.objects.prefetch_related(
        Prefetch("roles", queryset=AffiliateRole.objects.only("affiliate_id", "role"))
    )
    serializer_class = AffiliateSerializer
    filterset_class = AffiliateFilterSet
