"""Everything that writes vendors: the model's full validation (fields, uniqueness and the
database constraints' own messages), then save, all in one transaction so a rejected change
leaves nothing behind. Every change is recorded in the history with who and why."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from affiliates.services import Actor, register_delete, register_save
from vendors.models import Vendor, VendorCertification, VendorLocation


@transaction.atomic
def vendor_create(
    *,
    fields: dict[str, Any],
    locations: Iterable[dict[str, Any]] = (),
    certifications: Iterable[dict[str, Any]] = (),
    actor: Actor,
    reason: str,
) -> Vendor:
    vendor = Vendor(**fields)
    register_save(vendor, actor=actor, reason=reason)
    vendor_locations_set(vendor=vendor, locations=locations, actor=actor, reason=reason)
    vendor_certifications_set(
        vendor=vendor, certifications=certifications, actor=actor, reason=reason
    )
    return vendor


@transaction.atomic
def vendor_update(
    *,
    vendor: Vendor,
    fields: dict[str, Any],
    locations: Iterable[dict[str, Any]] | None = None,
    certifications: Iterable[dict[str, Any]] | None = None,
    actor: Actor,
    reason: str,
) -> Vendor:
    """Change the given fields; a given list of locations or certifications replaces the
    vendor's list (rows that stay are updated in place, so their history continues)."""
    for name, value in fields.items():
        setattr(vendor, name, value)
    register_save(vendor, actor=actor, reason=reason)
    if locations is not None:
        vendor_locations_set(vendor=vendor, locations=locations, actor=actor, reason=reason)
    if certifications is not None:
        vendor_certifications_set(
            vendor=vendor, certifications=certifications, actor=actor, reason=reason
        )
    return vendor


def vendor_locations_set(
    *, vendor: Vendor, locations: Iterable[dict[str, Any]], actor: Actor, reason: str
) -> None:
    """Make the vendor's locations exactly ``locations`` (one per country)."""
    _replace_children(
        existing={location.country_id: location for location in vendor.locations.all()},
        wanted=[(item["country"].pk, item) for item in locations],
        build=lambda item: VendorLocation(vendor=vendor, **item),
        path="locations",
        actor=actor,
        reason=reason,
    )


def vendor_certifications_set(
    *, vendor: Vendor, certifications: Iterable[dict[str, Any]], actor: Actor, reason: str
) -> None:
    """Make the vendor's certifications exactly ``certifications`` (keyed by scheme and start)."""
    _replace_children(
        existing={(c.scheme, c.valid_from): c for c in vendor.certifications.all()},
        wanted=[((item["scheme"], item["valid_from"]), item) for item in certifications],
        build=lambda item: VendorCertification(vendor=vendor, **item),
        path="certifications",
        actor=actor,
        reason=reason,
    )


def _replace_children(*, existing, wanted, build, path: str, actor: Actor, reason: str) -> None:
    kept = set()
    for index, (key, item) in enumerate(wanted):
        child = existing.get(key) if key not in kept else None
        if child is None:
            child = build(item)
        else:
            for name, value in item.items():
                setattr(child, name, value)
        kept.add(key)
        register_save(child, actor=actor, reason=reason, path=f"{path}.{index}")
    for key, child in existing.items():
        if key not in kept:
            register_delete(child, actor=actor, reason=reason)
