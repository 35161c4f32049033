"""The vendor status and transfer-check payloads, as the API documents them."""

from rest_framework import serializers

from affiliates.choices import LawApplicability
from config.api.representation import RegisterSerializer
from transfers import rules
from transfers.reference.choices import Regime
from transfers.register.choices import PartyRole
from vendors.choices import ComplianceStatus


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


class CheckLegSerializer(serializers.Serializer):
    party = serializers.CharField()
    country = serializers.CharField()
    activity = serializers.CharField()
    covered_by = serializers.ChoiceField(
        choices=["in-area", "adequacy", "flow-clauses", "onward-terms", "nothing"]
    )
    reference = serializers.CharField(allow_blank=True)


class TransferCheckResponseSerializer(serializers.Serializer):
    """The rules' decision, in the shape the transfer-check contract publishes (version 2:
    `permitted` beside `lawful`, and `legs`)."""

    contract_version = serializers.IntegerField(
        help_text="2 since the answer separates `lawful` from `permitted` and lists `legs`."
    )
    regime = serializers.ChoiceField(choices=Regime.choices)
    date = serializers.DateField()
    ruleset_version = serializers.CharField()
    restricted_transfer = serializers.BooleanField()
    reason = serializers.CharField()
    adequacy = CheckAdequacySerializer(allow_null=True)
    scc_module = serializers.IntegerField(allow_null=True)
    tia_required = serializers.BooleanField()
    lawful = serializers.BooleanField(
        help_text="A legal basis exists and is valid on the date (not: data may be sent)."
    )
    permitted = serializers.BooleanField(
        help_text="Data may be sent now: lawful, the TIA done and positive where required, and "
        "no error finding on the flow or any leg."
    )
    legs = CheckLegSerializer(many=True)
    findings = CheckFindingSerializer(many=True)
