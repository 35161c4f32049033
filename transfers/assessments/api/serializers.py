"""TIA summaries as the API shows them."""


from config.api.representation import (
    RegisterModelSerializer,
)
from transfers.assessments.filtersets import TransferImpactAssessmentFilterSet
from transfers.assessments.models import TransferImpactAssessment


class TransferImpactAssessmentSerializer(RegisterModelSerializer):
    """A TIA's summary: what it covers, where it stands, its risk ratings and outcome."""

    class Meta:
        model = TransferImpactAssessment
        exclude = list(TransferImpactAssessmentFilterSet.api_hidden_fields)
