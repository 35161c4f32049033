from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from affiliates.api.representation import (
    RegisterModelSerializer,
    RegisterPrimaryKeyRelatedField,
    RegisterSerializer,
)
from affiliates.choices import LawApplicability
from affiliates.models import Affiliate, Country
from transfers import rules
from transfers.choices import DocumentEdition, DocumentKind, DocumentState, PartyRole, Regime
from transfers.filtersets import DocumentFilterSet, TransferImpactAssessmentFilterSet
from transfers.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    Document,
    LegalBasis,
    Purpose,
    SccAgreement,
    Transfer,
    TransferImpactAssessment,
)
from transfers.rendering import renderer_for
from transfers.services import transfer_create, transfer_update
from transfers.services.transfers import RELATIONS
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

TIA_HIDDEN_FIELDS = TransferImpactAssessmentFilterSet.api_hidden_fields
DOCUMENT_HIDDEN_FIELDS = DocumentFilterSet.api_hidden_fields


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


class MissingFindingSerializer(RegisterSerializer):
    transfer = serializers.CharField(help_text="The flow's reference.")
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()


class VendorStatusSerializer(RegisterSerializer):
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


class TransferImpactAssessmentSerializer(RegisterModelSerializer):
    """A TIA's summary: what it covers, where it stands, its risk ratings and outcome."""

    class Meta:
        model = TransferImpactAssessment
        exclude = list(TIA_HIDDEN_FIELDS)


class DocumentSerializer(RegisterModelSerializer):
    """A stored document and where it stands (queued, rendering, ready, failed)."""

    url = serializers.SerializerMethodField(help_text="Poll this address for the state.")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the PDF; null until the document is ready."
    )

    class Meta:
        model = Document
        exclude = list(DOCUMENT_HIDDEN_FIELDS)

    def get_url(self, document: Document) -> str:
        return reverse("document-detail", args=[document.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, document: Document) -> str | None:
        if document.state != DocumentState.READY:
            return None
        return reverse("document-download", args=[document.pk])


class DocumentRequestSerializer(serializers.Serializer):
    """Ask for an SCC copy (``scc_agreement``; edition full or data_subject) or a TIA report
    (``assessment``; edition full)."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    edition = serializers.ChoiceField(choices=DocumentEdition.choices)
    scc_agreement = RegisterPrimaryKeyRelatedField(
        queryset=SccAgreement.objects.all(), required=False, allow_null=True
    )
    assessment = RegisterPrimaryKeyRelatedField(
        queryset=TransferImpactAssessment.objects.all(), required=False, allow_null=True
    )

    def validate(self, data: dict) -> dict:
        renderer = renderer_for(data["kind"])
        if data.get(renderer.source_field) is None:
            raise serializers.ValidationError(
                {renderer.source_field: f"Name the {renderer.source_field} to make it from."},
                code="required",
            )
        if data["edition"] not in renderer.editions:
            raise serializers.ValidationError(
                {"edition": f"A {data['kind']} document comes in: {', '.join(renderer.editions)}."},
                code="invalid_choice",
            )
        data["source"] = data[renderer.source_field]
        return data


class CheckExporterSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, e.g. DE.")
    role = serializers.ChoiceField(choices=PartyRole.choices)
    subject_to_law = serializers.ChoiceField(
        choices=LawApplicability.choices, required=False, help_text="Default: establishment."
    )
    representative_country = serializers.CharField(required=False, allow_null=True)


class CheckImporterSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, e.g. US.")
    role = serializers.ChoiceField(choices=PartyRole.choices)
    same_legal_entity_as_exporter = serializers.BooleanField(required=False)
    subject_to_gdpr_art3_2 = serializers.BooleanField(required=False)
    certifications = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text='Programme names, e.g. "EU-US DPF"; taken as valid on the date asked.',
    )


class CheckFlowSerializer(serializers.Serializer):
    remote_access_only = serializers.BooleanField(required=False)
    employee_access = serializers.BooleanField(required=False)
    direct_collection = serializers.BooleanField(required=False)
    returns_only_data_received_from_importer = serializers.BooleanField(required=False)
    special_category_data = serializers.BooleanField(required=False)


class CheckSafeguardSerializer(serializers.Serializer):
    instrument = serializers.CharField(help_text='An instrument code, e.g. "scc-2021/914".')
    module = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
    processing_changed_since_signature = serializers.BooleanField(required=False)


class TransferCheckRequestSerializer(serializers.Serializer):
    """The facts of a flow, registered or hypothetical. ``exporter`` must be given, null only
    when the data subject gives the data to the importer directly."""

    date = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")
    regime = serializers.ChoiceField(
        choices=Regime.choices, required=False, allow_null=True, help_text="Default: EU."
    )
    exporter = CheckExporterSerializer(allow_null=True)
    importer = CheckImporterSerializer()
    flow = CheckFlowSerializer(required=False, allow_null=True)
    safeguard_in_place = CheckSafeguardSerializer(required=False, allow_null=True)


class CheckAdequacySerializer(serializers.Serializer):
    reference = serializers.CharField()
    destination = serializers.CharField()
    scope = serializers.CharField()


class CheckFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=rules.SEVERITIES)
    message = serializers.CharField()


class TransferCheckResponseSerializer(serializers.Serializer):
    """The rules' decision, in the shape the transfer-check contract publishes."""

    regime = serializers.ChoiceField(choices=Regime.choices)
    date = serializers.DateField()
    ruleset_version = serializers.CharField()
    restricted_transfer = serializers.BooleanField()
    reason = serializers.CharField()
    adequacy = CheckAdequacySerializer(allow_null=True)
    scc_module = serializers.IntegerField(allow_null=True)
    tia_required = serializers.BooleanField()
    lawful = serializers.BooleanField()
    findings = CheckFindingSerializer(many=True)
