"""Reads of the vendor register that take more than one line.

A vendor's *roles* are the roles it plays in the flows it receives (a reseller may be controller
in one and processor in another). Flows belong to the transfers app, above this one, so they are
reached through the reverse relation ``imported_transfers``, never by importing that app."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection, models
from django.db.models import QuerySet

from vendors.models import Vendor, VendorCertification, VendorLocation

IMPORTED_FLOWS = "imported_transfers"
# What vendor_details_attach() gives each vendor, read by the vendor serializer.
ATTACHED = {"locations": "location_list", "certifications": "certification_list"}
ROLES_ATTRIBUTE = "flow_roles"


class LocationRow(NamedTuple):
    """A location as the API shows it (the attribute names of VendorLocation's columns)."""

    vendor_id: int
    country_id: str
    activity: str
    description: str


class CertificationRow(NamedTuple):
    vendor_id: int
    scheme: str
    valid_from: date
    valid_until: date | None
    reference: str


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


def vendors_for_api() -> QuerySet[Vendor]:
    """The vendors the API lists (without the internal notes); what each shows beyond its own
    row is read a page at a time by vendor_details_attach()."""
    return Vendor.objects.defer("notes")


def vendor_details_attach(vendors: Sequence[Vendor]) -> None:
    """Give each vendor its locations, certifications (the lists named in ATTACHED) and roles,
    all read in one query for all of them, however many (see _details_sql). Plain rows, not model
    instances: building and linking hundreds of instances, and three more round trips to the
    database, were the dearest part of a vendor list page."""
    ids = [vendor.pk for vendor in vendors if not hasattr(vendor, ROLES_ATTRIBUTE)]
    if not ids:
        return
    locations, certifications = defaultdict(list), defaultdict(list)
    played: dict[int, set[str]] = defaultdict(set)
    postgres = connection.vendor == "postgresql"
    params = [ids] * 3 if postgres else ids * 3
    with connection.cursor() as cursor:
        cursor.execute(_details_sql(postgres, len(ids)), params)
        for kind, vendor_id, text_1, text_2, text_3, date_1, date_2 in cursor.fetchall():
            if kind == LOCATION:
                locations[vendor_id].append(LocationRow(vendor_id, text_1, text_2, text_3))
            elif kind == CERTIFICATION:
                certifications[vendor_id].append(
                    CertificationRow(vendor_id, text_1, _date(date_1), _date(date_2), text_2)
                )
            else:
                played[vendor_id].add(text_1)
    for vendor in vendors:
        if vendor.pk in ids:
            setattr(vendor, ATTACHED["locations"], locations[vendor.pk])
            setattr(vendor, ATTACHED["certifications"], certifications[vendor.pk])
            roles = played[vendor.pk]
            setattr(vendor, ROLES_ATTRIBUTE, [r for r, _ in flow_role_choices() if r in roles])


LOCATION, CERTIFICATION, ROLE = 0, 1, 2
NO_DATE = "CAST(NULL AS DATE)"  # typed, so PostgreSQL can match it with the dates of the union


def _details_sql(postgres: bool, count: int) -> str:
    """Locations, certifications and distinct flow roles of some vendors, as one UNION ALL of
    rows (kind, vendor, three texts, two dates), sorted so each vendor's lists come in order.
    PostgreSQL gets the vendor ids as one array parameter, others one placeholder each."""
    quote = connection.ops.quote_name
    flow = flow_model()

    def column(model: type[models.Model], name: str) -> str:
        return quote(model._meta.get_field(name).column)

    def branch(model, key: str, values: str, distinct: str = "") -> str:
        keys = "= ANY(%s)" if postgres else f"IN ({', '.join(['%s'] * count)})"
        return (
            f"SELECT {distinct}{values} FROM {quote(model._meta.db_table)} "
            f"WHERE {column(model, key)} {keys}"
        )

    location = branch(
        VendorLocation,
        "vendor_id",
        f"{LOCATION}, {column(VendorLocation, 'vendor_id')}, "
        f"{column(VendorLocation, 'country_id')}, {column(VendorLocation, 'activity')}, "
        f"{column(VendorLocation, 'description')}, {NO_DATE}, {NO_DATE}",
    )
    certification = branch(
        VendorCertification,
        "vendor_id",
        f"{CERTIFICATION}, {column(VendorCertification, 'vendor_id')}, "
        f"{column(VendorCertification, 'scheme')}, {column(VendorCertification, 'reference')}, "
        f"NULL, {column(VendorCertification, 'valid_from')}, "
        f"{column(VendorCertification, 'valid_until')}",
    )
    role = branch(
        flow,
        "importer_vendor_id",
        f"{ROLE}, {column(flow, 'importer_vendor_id')}, {column(flow, 'importer_role')}, "
        f"NULL, NULL, {NO_DATE}, {NO_DATE}",
        distinct="DISTINCT ",
    )
    # Each vendor's locations by country, its certifications by scheme then start (unique per
    # vendor, so the order is total).
    return f"{location} UNION ALL {certification} UNION ALL {role} ORDER BY 1, 2, 3, 6"


def _date(value: Any) -> date | None:
    """A date as the database gave it: a date, or ISO text (SQLite, through UNION ALL)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def vendor_roles(vendor: Vendor) -> list[str]:
    """The vendor's roles in the flows it receives (read now unless attached already)."""
    vendor_details_attach([vendor])
    return getattr(vendor, ROLES_ATTRIBUTE)
