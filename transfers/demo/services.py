"""Load the demo register: the companies, flows and SCC agreements of the privacy policy the
product was first built for, kept as data in ``transfers/data/demo_register.yaml``.

Every row is matched by its natural key and saved only when it differs from the file (after
``full_clean``), so loading twice writes nothing and adds no history. The whole load runs in one
transaction: a bad row leaves the register as it was."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction

from affiliates.models import Affiliate, AffiliateRole, Country
from transfers import DATA_DIR
from transfers.reference.models import DataCategory, DataSubjectCategory, LegalBasis, Purpose
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation

DEMO_REGISTER_FILE = DATA_DIR / "demo_register.yaml"
CHANGE_REASON = "Demo register loaded (load_demo)"
WRITTEN = "written"

# How the file names a row of each model it refers to.
NATURAL_KEYS: dict[type[models.Model], str] = {
    Country: "code",
    Affiliate: "legal_name",
    Vendor: "legal_name",
    LegalBasis: "code",
    DataCategory: "name",
    DataSubjectCategory: "name",
    Purpose: "name",
    Transfer: "reference",
}


class DemoDataError(ValueError):
    """The demo file holds a row that cannot be loaded; the message names the row and why."""


@dataclass(frozen=True)
class Child:
    """Rows nested under a parent row in the file (e.g. a vendor's locations)."""

    label: str
    model: type[models.Model]
    parent_field: str
    key_fields: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A top-level list in the file and the model its rows become."""

    name: str
    model: type[models.Model]
    key: str
    children: dict[str, Child] = field(default_factory=dict)


# In load order: a row may only refer to rows of earlier sections, or earlier in its own section.
SECTIONS = (
    Section("data_categories", DataCategory, "name"),
    Section("data_subject_categories", DataSubjectCategory, "name"),
    Section("purposes", Purpose, "name"),
    Section(
        "affiliates",
        Affiliate,
        "legal_name",
        {"roles": Child("affiliate_roles", AffiliateRole, "affiliate", ("role",))},
    ),
    Section(
        "vendors",
        Vendor,
        "legal_name",
        {
            "locations": Child("vendor_locations", VendorLocation, "vendor", ("country",)),
            "certifications": Child(
                "vendor_certifications", VendorCertification, "vendor", ("scheme", "valid_from")
            ),
            "sub_processors": Child("sub_processors", SubProcessor, "vendor", ("sub_processor",)),
        },
    ),
    Section("transfers", Transfer, "reference"),
    Section("scc_agreements", SccAgreement, "reference"),
)


@transaction.atomic
def demo_register_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update the demo register; returns the number of rows per kind in the file,
    and under ``"written"`` how many rows this run created or changed (0 on a reload)."""
    document = read_demo_file(path or DEMO_REGISTER_FILE)
    counts: dict[str, int] = {WRITTEN: 0}
    for section in SECTIONS:
        rows = document.get(section.name) or []
        loaded = [(load_row(section, row, counts), row) for row in rows]
        counts[section.name] = len(rows)
        for child_key, child in section.children.items():
            counts[child.label] = 0
            for parent, row in loaded:
                for child_row in row.get(child_key) or []:
                    load_child(child, parent, child_row, counts)
                    counts[child.label] += 1
    if path is None:  # the demo TIAs describe the shipped demo register, not another file
        from transfers.demo.assessments import demo_assessments_load

        assessments = demo_assessments_load()
        counts["assessments"] = assessments["assessments"]
        counts[WRITTEN] += assessments["assessments_created"]
    return counts


def read_demo_file(path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DemoDataError(f"Cannot read the demo register file {path}: {error}") from error
    if not isinstance(document, dict):
        raise DemoDataError(f"{path} must hold a mapping of sections (affiliates, vendors, ...).")
    unknown = set(document) - {section.name for section in SECTIONS}
    if unknown:
        raise DemoDataError(f"{path}: unknown sections {sorted(unknown)}.")
    return document


def load_row(section: Section, row: dict[str, Any], counts: dict[str, int]) -> models.Model:
    """Save one top-level row and its many-to-many links; children are loaded afterwards."""
    model, key = section.model, section.key
    label = f"{section.name} '{row.get(key)}'"
    fields = {name: value for name, value in row.items() if name not in section.children}
    many = {name: fields.pop(name) for name in list(fields) if is_many_to_many(model, name, label)}
    values = resolve_fields(model, fields, label)
    lookup = {key: values.pop(key)}
    instance = save_if_changed(model, lookup, values, label, counts)
    for name, keys in many.items():
        link_if_changed(instance, name, keys, label, counts)
    return instance


def load_child(
    child: Child, parent: models.Model, row: dict[str, Any], counts: dict[str, int]
) -> models.Model:
    label = f"{child.label} of '{parent}' {row}"
    values = resolve_fields(child.model, row, label)
    values[model_field(child.model, child.parent_field, label).attname] = parent.pk
    lookup = {
        attname: values.pop(attname)
        for attname in (
            model_field(child.model, name, label).attname
            for name in (child.parent_field, *child.key_fields)
        )
    }
    return save_if_changed(child.model, lookup, values, label, counts)


def is_many_to_many(model: type[models.Model], name: str, label: str) -> bool:
    return model_field(model, name, label).many_to_many


def model_field(model: type[models.Model], name: str, label: str) -> models.Field:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        raise DemoDataError(f"{label}: {model.__name__} has no field '{name}'.") from None


def resolve_fields(model: type[models.Model], fields: dict[str, Any], label: str) -> dict[str, Any]:
    """Field values by attribute name, with foreign keys turned from natural keys into ids."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        field_ = model_field(model, name, label)
        if field_.many_to_one and value is not None:
            value = find(field_.related_model, value, label).pk
        values[field_.attname] = value
    return values


def find(model: type[models.Model], natural_key: Any, label: str) -> models.Model:
    key = NATURAL_KEYS[model]
    try:
        return model.objects.get(**{key: natural_key})
    except model.DoesNotExist:
        raise DemoDataError(
            f"{label}: no {model._meta.verbose_name} with {key} '{natural_key}' "
            "(it must be listed before the rows that refer to it)."
        ) from None


def save_if_changed(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    label: str,
    counts: dict[str, int],
) -> models.Model:
    """Create the row, or update the fields that differ; an identical row is not saved."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
    else:
        changed = {name: new for name, new in values.items() if getattr(instance, name) != new}
        if not changed:
            return instance
        for name, value in changed.items():
            setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DemoDataError(f"{label}: {'; '.join(error.messages)}") from error
    instance._change_reason = CHANGE_REASON
    instance.save()
    counts[WRITTEN] += 1
    return instance


def link_if_changed(
    instance: models.Model, name: str, keys: list[Any], label: str, counts: dict[str, int]
) -> None:
    """Set a many-to-many field to the rows the file names, only when the set differs."""
    related_model = instance._meta.get_field(name).related_model
    targets = [find(related_model, key, label) for key in keys or []]
    manager = getattr(instance, name)
    if set(manager.values_list("pk", flat=True)) == {target.pk for target in targets}:
        return
    instance._change_reason = CHANGE_REASON
    manager.set(targets)
    counts[WRITTEN] += 1
