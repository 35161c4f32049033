"""Reads for the REST API: the register with its relations in a fixed number of queries, and a
vendor's status with the reasons behind it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.db import connection, models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from affiliates.models import Country
from transfers import rules
from transfers.choices import TransferState
from transfers.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    Purpose,
    SccAgreement,
    Transfer,
)
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

PARTY_FIELDS = ("exporter_affiliate", "exporter_vendor", "importer_affiliate", "importer_vendor")


NEEDS_ATTENTION = (ComplianceStatus.ACTION_REQUIRED, ComplianceStatus.NOT_PERMITTED)


MISSING_SEVERITIES = (rules.ERROR, rules.WARNING)


FLOWS_NAMED_IN_WHY = 10


def transfers_with_details() -> QuerySet[Transfer]:
    """Flows with both parties and the ids of their categories and purposes: a constant number
    of queries for a page of any size."""
    return Transfer.objects.select_related(*PARTY_FIELDS).prefetch_related(
        Prefetch("data_categories", queryset=DataCategory.objects.only("id")),
        Prefetch("data_subject_categories", queryset=DataSubjectCategory.objects.only("id")),
        Prefetch("purposes", queryset=Purpose.objects.only("id")),
    )


def scc_agreements_with_details() -> QuerySet[SccAgreement]:
    return SccAgreement.objects.select_related(*PARTY_FIELDS).prefetch_related(
        Prefetch("transfers", queryset=Transfer.objects.only("id", "reference"))
    )


def countries_with_adequacy() -> QuerySet[Country]:
    return Country.objects.prefetch_related(
        Prefetch(
            "adequacy_decisions",
            queryset=AdequacyDecision.objects.order_by("regime", "effective_from", "pk"),
        )
    )


def vendor_flows(vendor: Vendor) -> QuerySet[Transfer]:
    """The current (not ended) flows the vendor receives or passes on."""
    return (
        Transfer.objects.filter(Q(importer_vendor=vendor) | Q(exporter_vendor=vendor))
        .exclude(state=TransferState.ENDED)
        .order_by("reference")
    )


@lru_cache(maxsize=1)
def _vendor_status_sql() -> str:
    """One query for a vendor and its current flows (see vendor_status_rows)."""
    quote = connection.ops.quote_name

    def column(model: type[models.Model], name: str) -> str:
        return quote(model._meta.get_field(name).column)

    vendor, flow = quote(Vendor._meta.db_table), quote(Transfer._meta.db_table)
    return (
        f"SELECT v.{column(Vendor, 'legal_name')}, v.{column(Vendor, 'compliance_status')}, "
        f"v.{column(Vendor, 'evaluated_at')}, t.{column(Transfer, 'reference')}, "
        f"t.{column(Transfer, 'compliance_status')}, t.{column(Transfer, 'findings')} "
        f"FROM {vendor} v LEFT JOIN {flow} t ON t.{column(Transfer, 'state')} <> %s "
        f"AND (t.{column(Transfer, 'importer_vendor')} = v.{column(Vendor, 'id')} "
        f"OR t.{column(Transfer, 'exporter_vendor')} = v.{column(Vendor, 'id')}) "
        f"WHERE v.{column(Vendor, 'id')} = %s ORDER BY t.{column(Transfer, 'reference')}"
    )


@dataclass(frozen=True)
class StatusRows:
    legal_name: str
    compliance_status: str
    evaluated_at: datetime | None
    flows: list[tuple[str, str, list]]


def vendor_status_rows(vendor_id: int) -> StatusRows | None:
    """The vendor's name, stored status and evaluation time, and its current flows' references,
    statuses and findings (as vendor_flows() selects them), or None for no such vendor.

    Written in SQL, as one query: the status endpoint is the one API consumers call before each
    sending of data, and the ORM's two queries cost it more than everything else it does."""
    with connection.cursor() as cursor:
        cursor.execute(_vendor_status_sql(), [TransferState.ENDED, vendor_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    legal_name, status, evaluated_at = rows[0][:3]
    return StatusRows(
        legal_name=legal_name,
        compliance_status=status,
        evaluated_at=_as_datetime(evaluated_at),
        flows=[
            (reference, flow_status, _as_json(findings))
            for *_vendor, reference, flow_status, findings in rows
            if reference is not None
        ],
    )


def _as_datetime(value: Any) -> datetime | None:
    """A timestamp as the database gave it: aware (PostgreSQL), or naive UTC (SQLite)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def vendor_status(vendor_id: int) -> dict[str, Any] | None:
    """The vendor's stored status, why it is so, and what is missing, from its flows' stored
    evaluations (this reads; the evaluation service writes); None for no such vendor."""
    rows = vendor_status_rows(vendor_id)
    if rows is None:
        return None
    flows = rows.flows
    counts = Counter(status for _reference, status, _findings in flows)
    flagged = [(reference, status) for reference, status, _ in flows if status in NEEDS_ATTENTION]
    return {
        "vendor": vendor_id,
        "legal_name": rows.legal_name,
        "status": rows.compliance_status,
        "status_label": ComplianceStatus(rows.compliance_status).label,
        "why": status_explanation(rows.compliance_status, len(flows), flagged),
        "missing": [
            {
                "transfer": reference,
                "code": str(finding.get("code", "")),
                "severity": finding["severity"],
                "message": str(finding.get("message", "")),
            }
            for reference, _status, findings in flows
            for finding in findings or []
            if isinstance(finding, dict) and finding.get("severity") in MISSING_SEVERITIES
        ],
        "flows": {status: counts.get(status, 0) for status in ComplianceStatus.values},
        "evaluated_at": rows.evaluated_at,
    }


def status_explanation(status: str, flow_count: int, flagged: list[tuple[str, str]]) -> str:
    """One sentence a procurement officer can act on."""
    if status == ComplianceStatus.NOT_EVALUATED:
        return "The vendor's flows have not been evaluated yet."
    if flow_count == 0:
        return "No current flow to or from this vendor is recorded."
    if not flagged:
        return f"All {flow_count} current flows to or from this vendor are compliant."
    named = ", ".join(
        f"{reference} ({ComplianceStatus(status).label.lower()})"
        for reference, status in flagged[:FLOWS_NAMED_IN_WHY]
    )
    more = len(flagged) - FLOWS_NAMED_IN_WHY
    tail = f" and {more} more" if more > 0 else ""
    return f"{len(flagged)} of {flow_count} current flows need attention: {named}{tail}."
