"""Filters for the transfers app's API: flows, SCC agreements, countries with their adequacy,
and the reference data a flow points at."""

import django_filters
from django.db.models import Q, QuerySet

from affiliates.filtersets import DATE_LOOKUPS, IdFilter, RegisterFilterSet, SinceFilter
from transfers.register.models import SccAgreement, Transfer

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
