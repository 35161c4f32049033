"""Serializers that read fast: DRF's output, without DRF's cost per request.

A ModelSerializer builds its fields anew for every request (introspecting the model and deep-
copying each declared field, choices and querysets included), then looks every value up through
several layers. On a page of 50 vendors with their locations and certifications that is most of
the request. PlannedRepresentationMixin builds the fields once per serializer class (a
prototype) and turns each into a reader: plain attributes are read directly, foreign keys give
their stored id, many-to-many their ids, dates and times their ISO text, a nested list named in
``Meta.prepared`` is read from the list ``prepare()`` attached; anything else goes through the
field's own DRF code. tests/api/test_representation.py checks the output equals DRF's, field
for field, for every serializer of the API.

``prepare(instances)`` lets a serializer read what it needs for a whole page at once (a few
queries for 1 or 200 rows); a list calls it once for its page, a single object for itself.

Only for serializers whose output does not depend on the request (no ``context`` in a field).
Times are given in the server's time zone (settings.TIME_ZONE): DRF would follow a time zone
activated for the request, and nothing here activates one."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import ISO_8601, api_settings

from config.api.text import with_text_validator

Reader = Callable[[Any], Any]
SKIP = object()  # a field DRF would leave out (SkipField)

# Field types whose DRF representation of a model value of the matching type is the value itself.
PLAIN_FIELDS = (
    drf_fields.BooleanField,
    drf_fields.CharField,
    drf_fields.ChoiceField,
    drf_fields.IntegerField,
    drf_fields.JSONField,
    drf_fields.ReadOnlyField,
)


class PlannedListSerializer(serializers.ListSerializer):
    """A page: prepared once, then each row represented."""

    def to_representation(self, data) -> list[dict[str, Any]]:
        rows = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        self.child.prepare(rows)
        return [self.child.represent(row) for row in rows]


class PlannedRepresentationMixin:
    """Mix into a (Model)Serializer before the DRF class."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        meta = getattr(cls, "Meta", None)
        if meta is not None and not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = PlannedListSerializer
        return super().many_init(*args, **kwargs)

    @classmethod
    def prepare(cls, instances: Sequence[Any]) -> None:
        """Read, for all these rows at once, what their representation needs beyond the row."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        self.prepare([instance])
        return self.represent(instance)

    def represent(self, instance: Any) -> dict[str, Any]:
        representation = {}
        for name, read in type(self)._readers():
            value = read(instance)
            if value is not SKIP:
                representation[name] = value
        return representation

    @classmethod
    def _readers(cls) -> list[tuple[str, Reader]]:
        readers = cls.__dict__.get("_planned_readers")
        if readers is None:
            prototype = cls()
            readers = [
                (field.field_name, reader_for(field, prototype))
                for field in prototype._readable_fields
            ]
            cls._planned_readers = readers
        return readers


def reader_for(field: drf_fields.Field, prototype: serializers.Serializer) -> Reader:
    """The fastest reader that gives exactly what DRF would for this field."""
    attrs = field.source_attrs
    meta = getattr(prototype, "Meta", None)
    model = getattr(meta, "model", None)
    prepared = getattr(meta, "prepared", {}).get(field.field_name)
    if prepared is not None:
        return _prepared_reader(field, prepared, _drf_reader(field))
    model_field = _model_field(model, attrs[0]) if model and len(attrs) == 1 else None
    if model_field is not None:
        if isinstance(field, relations.PrimaryKeyRelatedField) and model_field.many_to_one:
            return _attribute_reader(model_field.attname)
        if isinstance(field, relations.ManyRelatedField) and model_field.many_to_many:
            return _pk_list_reader(model_field.name)
        if type(field) is drf_fields.DateField and _iso_format(field, api_settings.DATE_FORMAT):
            return _date_reader(model_field.attname)
        if type(field) is drf_fields.DateTimeField and _server_time_zone(field):
            return _datetime_reader(model_field.attname, _drf_reader(field))
        if isinstance(field, PLAIN_FIELDS) and _types_agree(field, model_field):
            return _attribute_reader(model_field.attname)
    return _drf_reader(field)


def _iso_format(field: drf_fields.Field, default: str) -> bool:
    return getattr(field, "format", default) == ISO_8601


def _server_time_zone(field: drf_fields.DateTimeField) -> bool:
    return (
        settings.USE_TZ
        and _iso_format(field, api_settings.DATETIME_FORMAT)
        and not hasattr(field, "timezone")
    )


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _types_agree(field: drf_fields.Field, model_field: models.Field) -> bool:
    """DRF would only re-state the model's value: same value out, no formatting."""
    if isinstance(field, drf_fields.ChoiceField | drf_fields.ReadOnlyField):
        return True
    if isinstance(field, drf_fields.JSONField):
        return isinstance(model_field, models.JSONField) and not field.binary
    if isinstance(field, drf_fields.BooleanField):
        return isinstance(model_field, models.BooleanField)
    if isinstance(field, drf_fields.IntegerField):
        return isinstance(model_field, models.IntegerField | models.AutoField)
    return isinstance(model_field, models.CharField | models.TextField)


def _attribute_reader(attname: str) -> Reader:
    return lambda instance: getattr(instance, attname)


def _pk_list_reader(name: str) -> Reader:
    return lambda instance: [related.pk for related in getattr(instance, name).all()]


def _date_reader(attname: str) -> Reader:
    def read(instance: Any) -> str | None:
        value = getattr(instance, attname)
        return value.isoformat() if isinstance(value, date) else value

    return read


def _datetime_reader(attname: str, otherwise: Reader) -> Reader:
    """DRF's ISO text of an aware time in the server's time zone, "Z" for UTC; DRF's own code
    for anything else (a naive time)."""
    zone = timezone.get_default_timezone()

    def read(instance: Any) -> str | None:
        value = getattr(instance, attname)
        if value is None:
            return None
        if value.utcoffset() is None:
            return otherwise(instance)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return read


def _prepared_reader(field: drf_fields.Field, attribute: str, otherwise: Reader) -> Reader:
    """A nested list that prepare() attached as a plain list, else the relation itself."""

    def read(instance: Any) -> Any:
        rows = getattr(instance, attribute, None)
        return otherwise(instance) if rows is None else field.to_representation(rows)

    return read


def _drf_reader(field: drf_fields.Field) -> Reader:
    """DRF's own path (Serializer.to_representation), with the field built once."""

    def read(instance: Any) -> Any:
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return SKIP
        value = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if value is None else field.to_representation(attribute)

    return read


MAX_BIGINT = 2**63 - 1


class RegisterPrimaryKeyRelatedField(relations.PrimaryKeyRelatedField):
    """A related row by its key, refusing before any query the keys no database row can have: a
    text with a NUL character (PostgreSQL cannot even compare it) or an integer beyond 64 bits."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("incorrect_type", data_type="text with a NUL character")
        if isinstance(data, int) and not isinstance(data, bool) and abs(data) > MAX_BIGINT:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class RegisterModelSerializer(PlannedRepresentationMixin, serializers.ModelSerializer):
    """The base of every model serializer of the API."""

    serializer_related_field = RegisterPrimaryKeyRelatedField

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple:
        """Every text field refuses control characters (multi-line text keeps tab and line
        breaks): see config/api/text.py."""
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        return field_class, with_text_validator(field_class, field_kwargs, model_field)


class RegisterSerializer(PlannedRepresentationMixin, serializers.Serializer):
    """The base of the API's serializers of plain data (a vendor's status)."""
