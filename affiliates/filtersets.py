"""Filters for the affiliates' API, and the base every app's filtersets share."""

import copy
from datetime import UTC
from functools import lru_cache

import django_filters
from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from affiliates.choices import GroupRole
from affiliates.models import Affiliate

# Ids are 64-bit: a larger number is refused as invalid input (400) before it reaches the database.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """An object's id. It is not looked up: an id that matches nothing gives an empty list."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, handed to the database in UTC: PostgreSQL refuses offsets
    beyond ±15:59 that ISO allows, and a time that cannot be told in UTC is invalid input."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.utcoffset() is None:
            return moment
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(
                "Give a time within years 1 to 9999.", code="invalid"
            ) from None


class SinceFilter(django_filters.IsoDateTimeFilter):
    """``<field> >= the given time``, e.g. updated_since=2026-01-31T00:00:00Z."""

    field_class = UtcDateTimeField

    def __init__(self, field_name: str, **kwargs) -> None:
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(field_name=field_name, **kwargs)


class StrictFilterForm(forms.Form):
    """What the schema says, and no more: a parameter given empty (``?updated_since=``) is
    refused unless it is free text, and a boolean is ``true`` or ``false``. django-filter would
    silently ignore both, so a client's typo returned the whole list instead of a 400."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            free_text = isinstance(field, forms.CharField) and not isinstance(
                field, forms.ChoiceField
            )
            if not free_text and any(value == "" for value in values):
                self.add_error(name, forms.ValidationError("Give a value.", code="blank"))
            elif isinstance(field, forms.NullBooleanField) and any(
                value not in ("true", "false") for value in values
            ):
                self.add_error(
                    name, forms.ValidationError('Give "true" or "false".', code="invalid")
                )
        return cleaned


class RegisterFilterSet(django_filters.FilterSet):
    """Every field of the model can be filtered on (a test checks it); long text is reached
    through ``q``, a case-insensitive search over ``search_fields``.

    ``api_hidden_fields`` names the fields the API never shows (internal notes, confidential
    annexes), which therefore get no filter either."""

    q = django_filters.CharFilter(method="search", label="Search")
    search_fields: tuple[str, ...] = ()
    api_hidden_fields: tuple[str, ...] = ("notes",)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        """django-filter's, except that a bound filterset copies only the filters the request
        uses (each filter here reads the one parameter of its own name). Deep-copying every
        filter of the model, and then building and validating a form field for each, to read
        two of them, was a third of a vendor list page's time."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        used = self.base_filters
        if self.is_bound:
            used = {name: filter_ for name, filter_ in used.items() if name in self.data}
        self.filters = copy.deepcopy(used)
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self) -> type[forms.Form]:
        if not self.is_bound:
            return super().get_form_class()
        return self.form_class_for(tuple(self.filters))

    @classmethod
    @lru_cache(maxsize=256)
    def form_class_for(cls, names: tuple[str, ...]) -> type[forms.Form]:
        fields = {name: cls.base_filters[name].field for name in names}
        return type(f"{cls.__name__}Form", (StrictFilterForm, cls._meta.form), fields)

    @classmethod
    def filter_for_lookup(cls, field: models.Field, lookup_type: str):
        """Relations filter on the related key's value (``?country=US``, ``?purposes=3``)
        rather than django-filter's default choice of existing rows, which costs a query and
        answers 400 for a valid id that matches nothing."""
        if field.is_relation and lookup_type == "exact":
            if isinstance(field.target_field, models.IntegerField | models.AutoField):
                return IdFilter, {"distinct": field.many_to_many}
            return django_filters.CharFilter, {"distinct": field.many_to_many}
        return super().filter_for_lookup(field, lookup_type)

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
    updated_since = SinceFilter("updated_at")
    created_since = SinceFilter("created_at")
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
