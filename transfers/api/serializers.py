from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from affiliates.models import Affiliate, Country
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

from ..models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Purpose,
    SccAgreement,
    Transfer,
)
from ..services import transfer_create, transfer_update
from ..services.transfers import RELATIONS


class PartySerializer(serializers.Serializer):
    """One side of a flow or agreement: one of the group's affiliates or a vendor."""

    kind = serializers.ChoiceField(choices=["affiliate", "vendor"])
    id = serializers.IntegerField()
    legal_name = serializers.CharField()


def party(entity: Affiliate | Vendor | None) -> dict | None:
    if entity is None:
        return None
    kind = "affiliate" if isinstance(entity, Affiliate) else "vendor"
    return {"kind": kind, "id": entity.pk, "legal_name": entity.legal_name}


class PartiesMixin(serializers.Serializer):
    exporter = serializers.SerializerMethodField()
    importer = serializers.SerializerMethodField()

    @extend_schema_field(PartySerializer(allow_null=True))
    def get_exporter(self, obj) -> dict | None:
        return party(obj.exporter)

    @extend_schema_field(PartySerializer(allow_null=True))
    def get_importer(self, obj) -> dict | None:
        return party(obj.importer)


class TransferSerializer(PartiesMixin, serializers.ModelSerializer):
    """A flow. Write the parties with the four *_affiliate / *_vendor ids (exactly one per side);
    ``exporter`` and ``importer`` are their read-only summaries."""

    class Meta:
        model = Transfer
        exclude = ["notes"]

    def create(self, validated_data: dict) -> Transfer:
        actor, reason = validated_data.pop("actor"), validated_data.pop("reason")
        relations = {name: validated_data.pop(name) for name in RELATIONS if name in validated_data}
        return transfer_create(
            fields=validated_data, relations=relations, actor=actor, reason=reason
        )

    def update(self, transfer: Transfer, validated_data: dict) -> Transfer:
        actor, reason = validated_data.pop("actor"), validated_data.pop("reason")
        relations = {name: validated_data.pop(name) for name in RELATIONS if name in validated_data}
        return transfer_update(
            transfer=transfer,
            fields=validated_data,
            relations=relations,
            actor=actor,
            reason=reason,
        )


class SccAgreementSerializer(PartiesMixin, serializers.ModelSerializer):
    """An SCC agreement and the options it chose. Annex II's measures and the redaction reasons
    are confidential and stay in the admin; the data subjects' summary is shown."""

    class Meta:
        model = SccAgreement
        exclude = ["notes", "technical_measures", "redaction_reasons"]


class AdequacyDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdequacyDecision
        fields = "__all__"


class CountrySerializer(serializers.ModelSerializer):
    adequacy = AdequacyDecisionSerializer(
        many=True,
        source="adequacy_decisions",
        help_text="Adequacy decisions for this country under each regime (EU, UK, CH), past "
        "and present: check effective_from/effective_until and the scope.",
    )

    class Meta:
        model = Country
        fields = "__all__"


class DataCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = DataCategory
        fields = "__all__"


class DataSubjectCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = DataSubjectCategory
        fields = "__all__"


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = "__all__"


class PurposeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Purpose
        fields = "__all__"


class MissingFindingSerializer(serializers.Serializer):
    transfer = serializers.CharField(help_text="The flow's reference.")
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()


class VendorStatusSerializer(serializers.Serializer):
    """The answer to "may we send data to this vendor?"."""

    vendor = serializers.IntegerField()
    legal_name = serializers.CharField()
    status = serializers.ChoiceField(choices=ComplianceStatus.choices)
    status_label = serializers.CharField()
    why = serializers.CharField(help_text="Why the status is what it is, in one sentence.")
    missing = MissingFindingSerializer(
        many=True, help_text="The error and warning findings of the vendor's current flows."
    )
    flows = serializers.DictField(
        child=serializers.IntegerField(), help_text="Current flows by compliance status."
    )
    evaluated_at = serializers.DateTimeField(allow_null=True)
