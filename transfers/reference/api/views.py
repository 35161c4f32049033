"""The reference lists in the API (read-only): countries with their adequacy decisions,
categories, purposes and legal bases."""

from config.api.base import RegisterViewSet
from transfers.reference.api.serializers import (
    AdequacyDecisionSerializer,
    CountrySerializer,
    DataCategorySerializer,
    DataSubjectCategorySerializer,
    LegalBasisSerializer,
    PurposeSerializer,
)
from transfers.reference.filtersets import (
    AdequacyDecisionFilterSet,
    CountryFilterSet,
    DataCategoryFilterSet,
    DataSubjectCategoryFilterSet,
    LegalBasisFilterSet,
    PurposeFilterSet,
)
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Purpose,
)
from transfers.reference.selectors import countries_with_adequacy


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
