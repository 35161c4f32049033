"""TIA summaries in the API (read-only)."""

from config.api.base import RegisterViewSet
from transfers.assessments.api.serializers import TransferImpactAssessmentSerializer
from transfers.assessments.filtersets import TransferImpactAssessmentFilterSet
from transfers.assessments.models import TransferImpactAssessment


class TransferImpactAssessmentViewSet(RegisterViewSet):
    """Transfer impact assessments, summarised: what each covers, its state, risk ratings, outcome
    and next review (the analysis itself is in the report)."""

    queryset = TransferImpactAssessment.objects.all()
    serializer_class = TransferImpactAssessmentSerializer
    filterset_class = TransferImpactAssessmentFilterSet
