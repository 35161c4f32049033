"""Filters of the TIA list in the API."""

from affiliates.filtersets import DATE_LOOKUPS, IdFilter, RegisterFilterSet, SinceFilter
from transfers.assessments.models import TransferImpactAssessment


class TransferImpactAssessmentFilterSet(RegisterFilterSet):
    """TIA summaries. The analysis itself (the six steps' text, the register snapshot) and who
    assessed and approved stay in the admin and the report."""

    vendor = IdFilter(field_name="transfer__importer_vendor", label="Importer vendor of the flow")
    updated_since = SinceFilter("updated_at")
    created_since = SinceFilter("created_at")
    submitted_since = SinceFilter("submitted_at")
    search_fields = ("outdated_reason",)
    api_hidden_fields = (
        "assessor",
        "approver",
        "register_snapshot",
        "step1_notes",
        "step2_notes",
        "step3_conclusion",
        "step4_notes",
        "step5_procedural_steps",
        "step6_monitoring",
        "residual_risk_note",
    )

    class Meta:
        model = TransferImpactAssessment
        fields = {
            "transfer": ["exact"],
            "scc_agreement": ["exact"],
            "destination_country": ["exact"],
            "version": ["exact"],
            "state": ["exact"],
            "assessed_on": DATE_LOOKUPS,
            "approved_on": DATE_LOOKUPS,
            "review_months": ["exact"],
            "next_review_on": DATE_LOOKUPS,
            "risk_before": ["exact"],
            "risk_after": ["exact"],
            "use_probability": ["exact"],
            "assessment_period_years": ["exact"],
            "probability_threshold": ["exact"],
            "outcome": ["exact"],
            "residual_risk_accepted": ["exact"],
            "outdated_on": DATE_LOOKUPS,
        }
