"""Reads of the vendor register that take more than one line.

A vendor's *roles* are the roles it plays in the flows it receives (a reseller may be controller
in one and processor in another). Flows belong to the transfers app, above this one, so they are
reached through the reverse relation ``imported_transfers``, never by importing that app."""

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from django.db.models import Prefetch, QuerySet

from .models import Vendor, VendorCertification, VendorLocation

IMPORTED_FLOWS = "imported_transfers"
# Prefetched into plain lists (to_attr): no related manager per vendor, read by the serializer.
PREFETCHED = {"locations": "location_list", "certifications": "certification_list"}
ROLES_ATTRIBUTE = "flow_roles"


def flow_model() -> type:
    """The model of the flows a vendor receives (transfers.Transfer), reached through the
    relation rather than imported."""
    return Vendor._meta.get_field(IMPORTED_FLOWS).related_model


@lru_cache(maxsize=1)
def flow_role_choices() -> tuple[tuple[str, str], ...]:
    """The roles a party can play in a flow, as the transfers app defines them."""
    return tuple(flow_model()._meta.get_field("importer_role").choices)


def legal_tool_choices() -> list[tuple[str, str]]:
    return list(flow_model()._meta.get_field("legal_tool").choices)


def vendors_with_details() -> QuerySet[Vendor]:
    """Vendors with their locations and certifications, each prefetched into the plain list
    named in PREFETCHED (one query per list for a page of any size); their roles are read for a
    whole page at once by vendor_roles_attach()."""
    # Explicit orders: the models' default ones sort by the vendor's and the country's names,
    # which joins two tables for nothing when the rows are grouped by vendor anyway.
    return Vendor.objects.defer("notes").prefetch_related(
        Prefetch(
            "locations",
            queryset=VendorLocation.objects.only(
                "vendor_id", "country_id", "activity", "description"
            ).order_by("country_id"),
            to_attr=PREFETCHED["locations"],
        ),
        Prefetch(
            "certifications",
            queryset=VendorCertification.objects.order_by("scheme", "valid_from", "pk"),
            to_attr=PREFETCHED["certifications"],
        ),
    )


def vendor_roles_attach(vendors: Sequence[Vendor]) -> None:
    """Give each vendor its ``flow_roles`` (in the order the choices define), with one query
    for all of them: the distinct (vendor, role) pairs of the flows they receive, read from the
    flows' side so the database uses their index on the importer."""
    pairs = (
        flow_model()
        .objects.filter(importer_vendor_id__in=[vendor.pk for vendor in vendors])
        .values_list("importer_vendor_id", "importer_role")
        .order_by()
        .distinct()
    )
    played = defaultdict(set)
    for vendor_id, role in pairs:
        played[vendor_id].add(role)
    for vendor in vendors:
        roles = played[vendor.pk]
        setattr(vendor, ROLES_ATTRIBUTE, [role for role, _ in flow_role_choices() if role in roles])


def vendor_roles(vendor: Vendor) -> list[str]:
    """The vendor's roles in the flows it receives (read now unless attached already)."""
    if not hasattr(vendor, ROLES_ATTRIBUTE):
        vendor_roles_attach([vendor])
    return getattr(vendor, ROLES_ATTRIBUTE)
