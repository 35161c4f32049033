"""Every field of every model the API lists can be filtered on (the NetBox rule), and the fields
the API hides (internal notes, confidential annexes) appear in no serializer."""

import pytest
from django.db import models
from django.urls import URLResolver, get_resolver


def registered_viewsets(patterns=None) -> list[type]:
    """Every viewset the API's URLs route to (each router's list and detail share one)."""
    found: dict[str, type] = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found.update((v.__name__, v) for v in registered_viewsets(pattern.url_patterns))
            continue
        viewset = getattr(pattern.callback, "cls", None)
        if viewset is not None and getattr(pattern.callback, "actions", None):
            found[viewset.__name__] = viewset
    return list(found.values())


VIEWSETS = sorted(registered_viewsets(), key=lambda viewset: viewset.__name__)


def filterable_fields(model: type[models.Model]) -> list[models.Field]:
    """Concrete fields and many-to-many relations; not the auto id, and not JSON documents,
    which no database filters the same way (the status filters cover what they say)."""
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and not isinstance(field, models.JSONField)
    ]


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_model_field_has_a_filter(viewset):
    filterset = viewset.filterset_class
    model = viewset.queryset.model
    assert filterset is not None and filterset._meta.model is model
    filtered = {f.field_name.split("__")[0] for f in filterset.base_filters.values()}
    covered = filtered | set(filterset.search_fields) | set(filterset.api_hidden_fields)
    missing = [field.name for field in filterable_fields(model) if field.name not in covered]
    assert not missing, f"{filterset.__name__} has no filter for {missing}"


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_hidden_fields_are_not_serialized(viewset):
    shown = set(viewset.serializer_class().fields)
    hidden = set(viewset.filterset_class.api_hidden_fields)
    assert not shown & hidden, shown & hidden


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_endpoint_describes_itself_in_the_schema(viewset):
    assert viewset.__dict__.get("__doc__"), f"{viewset.__name__} needs a docstring"
