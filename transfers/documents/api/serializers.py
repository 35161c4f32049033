"""Stored documents and document requests as the API shows and accepts them."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.representation import (
    RegisterModelSerializer,
    RegisterPrimaryKeyRelatedField,
)
from transfers.assessments.models import TransferImpactAssessment
from transfers.documents.choices import DocumentEdition, DocumentKind, DocumentState
from transfers.documents.filtersets import DocumentFilterSet
from transfers.documents.models import Document
from transfers.documents.rendering import renderer_for
from transfers.register.models import SccAgreement


class DocumentSerializer(RegisterModelSerializer):
    """A stored document and where it stands (queued, rendering, ready, failed)."""

    url = serializers.SerializerMethodField(help_text="Poll this address for the state.")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the PDF; null until the document is ready."
    )

    class Meta:
        model = Document
        exclude = list(DocumentFilterSet.api_hidden_fields)

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
