"""Filters of the reference lists in the API (countries, adequacy decisions, categories,
purposes, legal bases)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from affiliates.filtersets import DATE_LOOKUPS, RegisterFilterSet
from affiliates.models import Country
from transfers.reference.choices import Regime
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Purpose,
)


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
