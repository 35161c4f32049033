"""Flows and SCC agreements as the API shows and accepts them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from affiliates.models import Affiliate
from config.api.representation import RegisterModelSerializer
from transfers.register.models import SccAgreement, Transfer
from transfers.register.services import (
    RELATIONS,
    scc_agreement_save,
    transfer_create,
    transfer_update,
)
from vendors.models import Vendor


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


class TransferSerializer(PartiesMixin, RegisterModelSerializer):
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


class SccAgreementSerializer(PartiesMixin, RegisterModelSerializer):
    """An SCC agreement and the options it chose. Annex II's measures and the redaction reasons
    are confidential and stay in the admin; the data subjects' summary is shown."""

    class Meta:
        model = SccAgreement
        exclude = ["notes", "technical_measures", "redaction_reasons"]

    def create(self, validated_data: dict) -> SccAgreement:
        return self.save_agreement(SccAgreement(), validated_data)

    def update(self, agreement: SccAgreement, validated_data: dict) -> SccAgreement:
        return self.save_agreement(agreement, validated_data)

    @staticmethod
    def save_agreement(agreement: SccAgreement, validated_data: dict) -> SccAgreement:
        actor, reason = validated_data.pop("actor"), validated_data.pop("reason")
        return scc_agreement_save(
            agreement=agreement,
            transfers=validated_data.pop("transfers", None),
            fields=validated_data,
            actor=actor,
            reason=reason,
        )
