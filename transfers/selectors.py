"""Reads of the register that take more than one line: what the API lists, and a vendor's
status with the reasons behind it."""

from collections import Counter
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from affiliates.models import Country
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

from .choices import TransferState
from .models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    Purpose,
    SccAgreement,
    Transfer,
)

PARTY_FIELDS = ("exporter_affiliate", "exporter_vendor", "importer_affiliate", "importer_vendor")
NEEDS_ATTENTION = (ComplianceStatus.ACTION_REQUIRED, ComplianceStatus.NOT_PERMITTED)
# "What is missing" for a vendor: the findings of these severities in its flows.
MISSING_SEVERITIES = ("error", "warning")
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


def vendor_status(vendor: Vendor) -> dict[str, Any]:
    """The vendor's stored status, why it is so, and what is missing, from its flows' stored
    evaluations (this reads; the evaluation service writes)."""
    flows = list(vendor_flows(vendor).values_list("reference", "compliance_status", "findings"))
    counts = Counter(status for _reference, status, _findings in flows)
    flagged = [(reference, status) for reference, status, _ in flows if status in NEEDS_ATTENTION]
    return {
        "vendor": vendor.pk,
        "legal_name": vendor.legal_name,
        "status": vendor.compliance_status,
        "status_label": ComplianceStatus(vendor.compliance_status).label,
        "why": status_explanation(vendor.compliance_status, len(flows), flagged),
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
        "evaluated_at": vendor.evaluated_at,
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
