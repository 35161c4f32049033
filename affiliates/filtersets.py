"""Filters for the affiliates' API, and the base every app's filtersets share."""

import django_filters
from django.db.models import Q, QuerySet

from .choices import GroupRole
from .models import Affiliate


class RegisterFilterSet(django_filters.FilterSet):
    """Every field of the model can be filtered on (a test checks it); long text is reached
    through ``q``, a case-insensitive search over ``search_fields``.

    ``api_hidden_fields`` names the fields the API never shows (internal notes, confidential
    annexes), which therefore get no filter either."""

    q = django_filters.CharFilter(method="search", label="Search")
    search_fields: tuple[str, ...] = ()
    api_hidden_fields: tuple[str, ...] = ("notes",)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.strip()
        if not words:
            return queryset
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": words})
        return queryset.filter(query)


DATE_LOOKUPS = ["exact", "gte", "lte", "isnull"]


class AffiliateFilterSet(RegisterFilterSet):
    role = django_filters.ChoiceFilter(
        field_name="roles__role", choices=GroupRole.choices, distinct=True
    )
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    created_since = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    search_fields = (
        "legal_name",
        "short_name",
        "registration_number",
        "address",
        "activities",
        "public_description",
    )

    class Meta:
        model = Affiliate
        fields = [
            "legal_name",
            "short_name",
            "registration_number",
            "country",
            "contact_name",
            "contact_email",
            "contact_phone",
            "dpo_name",
            "dpo_email",
            "subject_to_gdpr",
            "eu_representative",
            "uk_representative",
            "is_public",
        ]
