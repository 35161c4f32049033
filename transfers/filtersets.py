"""Filters for the transfers app's API: flows, SCC agreements, countries with their adequacy,
and the reference data a flow points at."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from affiliates.filtersets import DATE_LOOKUPS, IdFilter, RegisterFilterSet, SinceFilter
from affiliates.models import Country
from transfers.choices import Regime
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

PARTY_FIELDS = ["exporter_affiliate", "exporter_vendor", "importer_affiliate", "importer_vendor"]


class PartiesFilterMixin(django_filters.FilterSet):
    """``vendor`` / ``affiliate``: either side of the flow or agreement."""

    vendor = IdFilter(method="filter_vendor", label="Vendor on either side")
    affiliate = IdFilter(method="filter_affiliate", label="Affiliate on either side")

    def filter_vendor(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Q(exporter_vendor=value) | Q(importer_vendor=value))

    def filter_affiliate(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(Q(exporter_affiliate=value) | Q(importer_affiliate=value))


class TransferFilterSet(PartiesFilterMixin, RegisterFilterSet):
    updated_since = SinceFilter("updated_at")
    created_since = SinceFilter("created_at")
    evaluated_since = SinceFilter("evaluated_at")
    search_fields = (
        "reference",
        "name",
        "special_category_safeguards",
        "nature",
        "retention",
        "subject_matter_and_duration",
        "derogation",
    )

    class Meta:
        model = Transfer
        fields = {
            **{party: ["exact"] for party in PARTY_FIELDS},
            "reference": ["exact"],
            "name": ["exact"],
            "regime": ["exact"],
            "exporter_role": ["exact"],
            "importer_role": ["exact"],
            "destination_country": ["exact"],
            "data_categories": ["exact"],
            "data_subject_categories": ["exact"],
            "purposes": ["exact"],
            "special_category_data": ["exact"],
            "frequency": ["exact"],
            "legal_tool": ["exact"],
            "remote_access_only": ["exact"],
            "employee_access": ["exact"],
            "direct_collection": ["exact"],
            "returns_only_received_data": ["exact"],
            "state": ["exact"],
            "started_on": DATE_LOOKUPS,
            "ended_on": DATE_LOOKUPS,
            "is_public": ["exact"],
            "compliance_status": ["exact"],
        }


class SccAgreementFilterSet(PartiesFilterMixin, RegisterFilterSet):
    updated_since = SinceFilter("updated_at")
    created_since = SinceFilter("created_at")
    search_fields = ("reference", "title", "technical_measures_summary", "clause_11_body_name")
    api_hidden_fields = ("notes", "technical_measures", "redaction_reasons")

    class Meta:
        model = SccAgreement
        fields = {
            **{party: ["exact"] for party in PARTY_FIELDS},
            "reference": ["exact"],
            "title": ["exact"],
            "instrument": ["exact"],
            "module": ["exact"],
            "transfers": ["exact"],
            "status": ["exact"],
            "exporter_signatory": ["exact"],
            "exporter_signatory_position": ["exact"],
            "exporter_signed_on": DATE_LOOKUPS,
            "importer_signatory": ["exact"],
            "importer_signatory_position": ["exact"],
            "importer_signed_on": DATE_LOOKUPS,
            "terminated_on": DATE_LOOKUPS,
            "processing_changed_since_signature": ["exact"],
            "docking_clause": ["exact"],
            "clause_9_option": ["exact"],
            "clause_9_period": ["exact"],
            "clause_11_optional_body": ["exact"],
            "clause_13_variant": ["exact"],
            "clause_17_option": ["exact"],
            "governing_law_country": ["exact"],
            "courts_country": ["exact"],
            "uk_addendum": ["exact"],
            "uk_addendum_start_date": DATE_LOOKUPS,
            "uk_addendum_ending_party": ["exact"],
            "swiss_adaptation": ["exact"],
        }


def in_force_on(day) -> Q:
    """Adequacy decisions in force on ``day``."""
    still_in_force = Q(effective_until__isnull=True) | Q(effective_until__gte=day)
    return Q(effective_from__lte=day) & still_in_force


class CountryFilterSet(RegisterFilterSet):
    adequate_under = django_filters.ChoiceFilter(
        choices=Regime.choices,
        method="filter_adequacy",
        label="Has an adequacy decision under this regime (on adequate_on, default today)",
    )
    adequate_on = django_filters.DateFilter(
        method="filter_adequacy",
        label="Has an adequacy decision in force on this date (under adequate_under, if given)",
    )
    search_fields = ("code", "name")

    class Meta:
        model = Country
        fields = {
            "code": ["exact"],
            "name": ["exact"],
            "eu_from": DATE_LOOKUPS,
            "eu_until": DATE_LOOKUPS,
            "eea_from": DATE_LOOKUPS,
            "eea_until": DATE_LOOKUPS,
            "source": ["exact"],
        }

    def filter_adequacy(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Both parameters feed one condition; applying it twice changes nothing."""
        day = self.form.cleaned_data.get("adequate_on") or timezone.localdate()
        decisions = AdequacyDecision.objects.filter(in_force_on(day))
        if regime := self.form.cleaned_data.get("adequate_under"):
            decisions = decisions.filter(regime=regime)
        return queryset.filter(code__in=decisions.values("country_id"))


class AdequacyDecisionFilterSet(RegisterFilterSet):
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label="In force on")
    search_fields = ("reference", "title", "scope_note")

    class Meta:
        model = AdequacyDecision
        fields = {
            "regime": ["exact"],
            "country": ["exact"],
            "covers_eea": ["exact"],
            "reference": ["exact"],
            "effective_from": DATE_LOOKUPS,
            "effective_until": DATE_LOOKUPS,
            "scope": ["exact"],
            "scope_condition": ["exact"],
            "required_certification": ["exact"],
            "source": ["exact"],
            "source_url": ["exact"],
        }

    def filter_in_force_on(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(in_force_on(value))


class DataCategoryFilterSet(RegisterFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = DataCategory
        fields = ["name", "special_category", "source"]


class DataSubjectCategoryFilterSet(RegisterFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = DataSubjectCategory
        fields = ["name", "source"]


class LegalBasisFilterSet(RegisterFilterSet):
    search_fields = ("code", "name", "article")

    class Meta:
        model = LegalBasis
        fields = ["code", "name", "article", "source"]


class PurposeFilterSet(RegisterFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Purpose
        fields = ["name", "legal_bases", "source"]


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


class DocumentFilterSet(RegisterFilterSet):
    """Stored documents. What a document was made from (``inputs``, which holds the confidential
        annex of a full copy) and where its file lies are never shown: download it instead. Nor is
    who asked for it (the download log keeps that)."""

    requested_since = SinceFilter("requested_at")
    queued_since = SinceFilter("queued_at")
    started_since = SinceFilter("started_at")
    rendered_since = SinceFilter("rendered_at")
    search_fields = ("failure_reason",)
    api_hidden_fields = ("inputs", "file", "requested_by")

    class Meta:
        model = Document
        fields = {
            "kind": ["exact"],
            "edition": ["exact"],
            "scc_agreement": ["exact"],
            "assessment": ["exact"],
            "input_hash": ["exact"],
            "version": ["exact"],
            "state": ["exact"],
            "size_bytes": ["exact", "gte", "lte"],
            "page_count": ["exact", "gte", "lte"],
            "render_seconds": ["gte", "lte"],
            "attempts": ["exact", "gte"],
        }
