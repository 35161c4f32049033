"""Reads of the vendor register that take more than one line.

A vendor's *roles* are the roles it plays in the flows it receives (a reseller may be controller
in one and processor in another). Flows belong to the transfers app, above this one, so they are
reached through the reverse relation ``imported_transfers``, never by importing that app."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .models import Vendor, VendorCertification, VendorLocation

IMPORTED_FLOWS = "imported_transfers"


def flow_role_choices() -> list[tuple[str, str]]:
    """The roles a party can play in a flow, as the transfers app defines them."""
    flow_model = Vendor._meta.get_field(IMPORTED_FLOWS).related_model
    return list(flow_model._meta.get_field("importer_role").choices)


def legal_tool_choices() -> list[tuple[str, str]]:
    flow_model = Vendor._meta.get_field(IMPORTED_FLOWS).related_model
    return list(flow_model._meta.get_field("legal_tool").choices)


def role_annotation_name(role: str) -> str:
    return f"plays_{role}"


def vendors_with_details() -> QuerySet[Vendor]:
    """Vendors with their locations, certifications and roles in a constant number of queries
    (one for the vendors, with the roles as EXISTS columns, one per related list)."""
    roles = {
        role_annotation_name(role): Exists(
            Vendor.objects.filter(pk=OuterRef("pk"), **{f"{IMPORTED_FLOWS}__importer_role": role})
        )
        for role, _label in flow_role_choices()
    }
    return Vendor.objects.annotate(**roles).prefetch_related(
        Prefetch(
            "locations",
            queryset=VendorLocation.objects.only(
                "vendor_id", "country_id", "activity", "description"
            ),
        ),
        Prefetch("certifications", queryset=VendorCertification.objects.all()),
    )


def vendor_roles(vendor: Vendor) -> list[str]:
    """The roles annotated by vendors_with_details(), in the order the choices define."""
    return [
        role
        for role, _label in flow_role_choices()
        if getattr(vendor, role_annotation_name(role), False)
    ]
