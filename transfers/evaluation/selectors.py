"""Reads of the stored evaluation: what needs action (the dashboard), a vendor's status with the
reasons behind it, and the rules' answer to a hypothetical flow."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from transfers import rules
from transfers.reference.selectors import reference_data_from_db
from transfers.register.choices import TransferState
from transfers.register.models import Transfer
from transfers.rules.contract import decision_to_json, parse_check_request
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

NEEDS_ACTION = (ComplianceStatus.NOT_PERMITTED, ComplianceStatus.ACTION_REQUIRED)
NEEDS_ATTENTION = (ComplianceStatus.ACTION_REQUIRED, ComplianceStatus.NOT_PERMITTED)
MISSING_SEVERITIES = (rules.ERROR, rules.WARNING)
FLOWS_NAMED_IN_WHY = 10
DASHBOARD_ROWS = 100


def finding_marker(code: str) -> str:
    """How a finding code reads inside the stored JSON."""
    return f'"code": "{code}"'


def severity_marker(severity: str) -> str:
    return f'"severity": "{severity}"'


def _status_rank() -> Case:
    return Case(
        When(compliance_status=ComplianceStatus.NOT_PERMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _severity_rank() -> Case:
    """0 with an error finding, 1 with a warning, 2 otherwise."""
    return Case(
        When(findings__icontains=severity_marker(rules.ERROR), then=Value(0)),
        When(findings__icontains=severity_marker(rules.WARNING), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def transfers_needing_action() -> QuerySet[Transfer]:
    """Not permitted first, then action required; errors before warnings."""
    return (
        Transfer.objects.filter(compliance_status__in=NEEDS_ACTION)
        .select_related("exporter_affiliate", "exporter_vendor", "importer_affiliate")
        .select_related("importer_vendor", "destination_country")
        .annotate(status_rank=_status_rank(), severity_rank=_severity_rank())
        .order_by("status_rank", "severity_rank", "reference")
    )


def vendors_needing_action() -> QuerySet[Vendor]:
    """Not permitted first, then action required; those with an error in a current flow first."""
    current_flows = Transfer.objects.filter(
        Q(importer_vendor=OuterRef("pk")) | Q(exporter_vendor=OuterRef("pk"))
    ).exclude(state=TransferState.ENDED)
    with_error = current_flows.filter(findings__icontains=severity_marker(rules.ERROR))
    return (
        Vendor.objects.filter(compliance_status__in=NEEDS_ACTION)
        .select_related("country")
        .annotate(
            status_rank=_status_rank(),
            severity_rank=Case(
                When(Exists(with_error), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("status_rank", "severity_rank", "legal_name")
    )


def status_counts(queryset: QuerySet) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, most severe first."""
    counts = dict(queryset.order_by().values_list("compliance_status").annotate(n=Count("pk")))
    return [
        (s, ComplianceStatus(s).label, counts.get(s, 0)) for s in reversed(ComplianceStatus.values)
    ]


def flagged_flows(vendors: Iterable[Vendor]) -> dict[int, list[Transfer]]:
    """The current flows needing action of each vendor, in one query."""
    ids = [v.pk for v in vendors]
    flows = (
        Transfer.objects.filter(compliance_status__in=NEEDS_ACTION)
        .filter(Q(importer_vendor__in=ids) | Q(exporter_vendor__in=ids))
        .exclude(state=TransferState.ENDED)
        .only("reference", "compliance_status", "findings", "importer_vendor", "exporter_vendor")
        .annotate(status_rank=_status_rank())
        .order_by("status_rank", "reference")
    )
    by_vendor: dict[int, list[Transfer]] = {pk: [] for pk in ids}
    for flow in flows:
        for vendor_id in {flow.importer_vendor_id, flow.exporter_vendor_id} & set(ids):
            by_vendor[vendor_id].append(flow)
    return by_vendor


def transfer_check(payload: dict, *, today: dt.date | None = None) -> dict:
    """The decision for a check request, in the published JSON shape. `today` (default: the
    local date) is the date asked when the request names none. Raises
    `check_contract.CheckRequestError`, naming the field, for a request the contract refuses."""
    reference = reference_data_from_db()
    facts = parse_check_request(payload, today or timezone.localdate(), reference)
    return decision_to_json(rules.decide(facts, reference))


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


def transfer_ids_reaching(vendor_ids: Iterable[int], max_depth: int = 5) -> list[int]:
    """The transfers whose data reaches any of these vendors: as a party, or through a chain of
    sub-processors under the importer (walked upwards, each vendor once, at most `max_depth`
    levels: the same cap as the evaluation's legs). One query per level, then one."""
    from vendors.models import SubProcessor

    reached = {v for v in vendor_ids if v is not None}
    frontier = set(reached)
    for _ in range(max_depth):
        if not frontier:
            break
        parents = set(
            SubProcessor.objects.filter(sub_processor_id__in=frontier).values_list(
                "vendor_id", flat=True
            )
        )
        frontier = parents - reached
        reached |= frontier
    return list(
        Transfer.objects.filter(
            models.Q(importer_vendor_id__in=reached) | models.Q(exporter_vendor_id__in=reached)
        ).values_list("pk", flat=True)
    )
