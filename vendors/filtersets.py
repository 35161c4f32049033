"""Filters for the vendors' API: every field, plus where a vendor processes data, what it is
certified for today, and the roles and legal tools of the flows it receives."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from affiliates.filtersets import DATE_LOOKUPS, RegisterFilterSet, SinceFilter
from vendors.choices import CertificationScheme
from vendors.models import Vendor, VendorCertification, VendorLocation
from vendors.selectors import IMPORTED_FLOWS, flow_role_choices, legal_tool_choices


class VendorFilterSet(RegisterFilterSet):
    location_country = django_filters.CharFilter(
        method="filter_location_country",
        label="Stores or accesses data in this country (ISO code)",
    )
    certification = django_filters.ChoiceFilter(
        choices=CertificationScheme.choices,
        method="filter_certification",
        label="Holds this certification today",
    )
    role = django_filters.ChoiceFilter(
        choices=flow_role_choices,
        method="filter_flow_role",
        label="Plays this role in at least one flow it receives",
    )
    legal_tool = django_filters.ChoiceFilter(
        choices=legal_tool_choices,
        method="filter_flow_legal_tool",
        label="Receives at least one flow under this legal tool",
    )
    updated_since = SinceFilter("updated_at")
    created_since = SinceFilter("created_at")
    evaluated_since = SinceFilter("evaluated_at")
    search_fields = ("legal_name", "services", "address", "public_description")

    class Meta:
        model = Vendor
        fields = {
            "legal_name": ["exact"],
            "kind": ["exact"],
            "country": ["exact"],
            "website": ["exact"],
            "contact_name": ["exact"],
            "contact_email": ["exact"],
            "dpo_name": ["exact"],
            "dpo_email": ["exact"],
            "status": ["exact"],
            "contract_signed_on": DATE_LOOKUPS,
            "contract_ends_on": DATE_LOOKUPS,
            "dpa_signed_on": DATE_LOOKUPS,
            "subject_to_gdpr_art3_2": ["exact"],
            "is_commercial_organisation": ["exact"],
            "is_public": ["exact"],
            "compliance_status": ["exact"],
        }

    def filter_location_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        located = VendorLocation.objects.filter(country_id=value.upper()).values("vendor_id")
        return queryset.filter(pk__in=located)

    def filter_certification(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        certified = VendorCertification.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            scheme=value,
            valid_from__lte=today,
        ).values("vendor_id")
        return queryset.filter(pk__in=certified)

    def filter_flow_role(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self.receiving_flows(queryset, importer_role=value)

    def filter_flow_legal_tool(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self.receiving_flows(queryset, legal_tool=value)

    @staticmethod
    def receiving_flows(queryset: QuerySet, **flow_filter) -> QuerySet:
        lookups = {f"{IMPORTED_FLOWS}__{key}": value for key, value in flow_filter.items()}
        return queryset.filter(pk__in=Vendor.objects.filter(**lookups).values("pk"))
