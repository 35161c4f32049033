from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.representation import RegisterModelSerializer
from vendors.models import Vendor, VendorCertification, VendorLocation
from vendors.selectors import ATTACHED, flow_role_choices, vendor_details_attach, vendor_roles
from vendors.services import vendor_create, vendor_update


class VendorLocationSerializer(RegisterModelSerializer):
    class Meta:
        model = VendorLocation
        fields = ["country", "activity", "description"]


class VendorCertificationSerializer(RegisterModelSerializer):
    class Meta:
        model = VendorCertification
        fields = ["scheme", "valid_from", "valid_until", "reference"]


class VendorSerializer(RegisterModelSerializer):
    """A vendor with where it processes data, its certifications, the roles it plays in the
    flows it receives, and its current compliance status (set by the evaluation).

    On writes, ``locations`` and ``certifications`` replace the vendor's lists when given."""

    locations = VendorLocationSerializer(many=True, required=False)
    certifications = VendorCertificationSerializer(many=True, required=False)
    roles = serializers.SerializerMethodField(
        help_text="Roles the vendor plays in the flows it receives."
    )

    class Meta:
        model = Vendor
        exclude = ["notes"]
        prepared = ATTACHED

    @classmethod
    def prepare(cls, vendors) -> None:
        vendor_details_attach(vendors)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(flow_role_choices())))
    def get_roles(self, vendor: Vendor) -> list[str]:
        return vendor_roles(vendor)

    def create(self, validated_data: dict) -> Vendor:
        actor, reason = validated_data.pop("actor"), validated_data.pop("reason")
        return vendor_create(
            locations=validated_data.pop("locations", ()),
            certifications=validated_data.pop("certifications", ()),
            fields=validated_data,
            actor=actor,
            reason=reason,
        )

    def update(self, vendor: Vendor, validated_data: dict) -> Vendor:
        actor, reason = validated_data.pop("actor"), validated_data.pop("reason")
        return vendor_update(
            vendor=vendor,
            locations=validated_data.pop("locations", None),
            certifications=validated_data.pop("certifications", None),
            fields=validated_data,
            actor=actor,
            reason=reason,
        )
