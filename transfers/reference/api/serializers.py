"""The reference lists as the API shows them."""

from affiliates.models import Country
from config.api.representation import RegisterModelSerializer
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Purpose,
)


class AdequacyDecisionSerializer(RegisterModelSerializer):
    class Meta:
        model = AdequacyDecision
        fields = "__all__"


class CountrySerializer(RegisterModelSerializer):
    adequacy = AdequacyDecisionSerializer(
        many=True,
        source="adequacy_decisions",
        help_text="Adequacy decisions for this country under each regime (EU, UK, CH), past "
        "and present: check effective_from/effective_until and the scope.",
    )

    class Meta:
        model = Country
        fields = "__all__"


class DataCategorySerializer(RegisterModelSerializer):
    class Meta:
        model = DataCategory
        fields = "__all__"


class DataSubjectCategorySerializer(RegisterModelSerializer):
    class Meta:
        model = DataSubjectCategory
        fields = "__all__"


class LegalBasisSerializer(RegisterModelSerializer):
    class Meta:
        model = LegalBasis
        fields = "__all__"


class PurposeSerializer(RegisterModelSerializer):
    class Meta:
        model = Purpose
        fields = "__all__"
