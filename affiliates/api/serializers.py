from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from affiliates.choices import GroupRole
from affiliates.models import Affiliate
from config.api.representation import RegisterModelSerializer


class AffiliateSerializer(RegisterModelSerializer):
    roles = serializers.SerializerMethodField(
        help_text="The roles this entity plays for the group."
    )

    class Meta:
        model = Affiliate
        exclude = ["notes"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(GroupRole.choices)))
    def get_roles(self, affiliate: Affiliate) -> list[str]:
        return [role.role for role in affiliate.roles.all()]
