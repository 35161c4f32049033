from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import TransferFactory, VendorFactory
from .standard import assert_error_body

EVALUATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def status_url(vendor) -> str:
    return f"/api/v1/vendors/{vendor.pk}/status/"


def flow(vendor, reference: str, status: str, findings=(), **extra):
    return TransferFactory(
        reference=reference,
        importer_vendor=vendor,
        compliance_status=status,
        findings=list(findings),
        evaluated_at=EVALUATED,
        **extra,
    )


@pytest.fixture
def vendor_needing_action(db):
    vendor = VendorFactory(compliance_status="not_permitted", evaluated_at=EVALUATED)
    flow(vendor, "a-ok", "compliant", [{"code": "ADEQUACY", "severity": "info", "message": "OK"}])
    flow(
        vendor,
        "b-tia",
        "action_required",
        [
            {"code": "TIA_MISSING", "severity": "error", "message": "No TIA on file."},
            {"code": "SCC_OLD", "severity": "warning", "message": "Review the SCCs."},
        ],
    )
    flow(
        vendor,
        "c-none",
        "not_permitted",
        [{"code": "NO_TOOL", "severity": "error", "message": "No legal tool."}],
    )
    flow(
        vendor,
        "d-ended",
        "not_permitted",
        [{"code": "X", "severity": "error", "message": "Old"}],
        state="ended",
    )
    return vendor


def test_status_says_what_why_and_what_is_missing(read_client, vendor_needing_action):
    body = read_client.get(status_url(vendor_needing_action)).json()
    assert body == {
        "vendor": vendor_needing_action.pk,
        "legal_name": vendor_needing_action.legal_name,
        "status": "not_permitted",
        "status_label": "Not permitted",
        "why": "2 of 3 current flows need attention: "
        "b-tia (action required), c-none (not permitted).",
        "missing": [
            {
                "transfer": "b-tia",
                "code": "TIA_MISSING",
                "severity": "error",
                "message": "No TIA on file.",
            },
            {
                "transfer": "b-tia",
                "code": "SCC_OLD",
                "severity": "warning",
                "message": "Review the SCCs.",
            },
            {
                "transfer": "c-none",
                "code": "NO_TOOL",
                "severity": "error",
                "message": "No legal tool.",
            },
        ],
        "flows": {"not_evaluated": 0, "compliant": 1, "action_required": 1, "not_permitted": 1},
        "evaluated_at": "2026-03-01T10:30:00+01:00",
    }


def test_compliant_and_unevaluated_vendors_are_explained(read_client):
    compliant = VendorFactory(compliance_status="compliant", evaluated_at=EVALUATED)
    flow(compliant, "only", "compliant")
    assert read_client.get(status_url(compliant)).json()["why"] == (
        "All 1 current flows to or from this vendor are compliant."
    )
    fresh = VendorFactory()
    body = read_client.get(status_url(fresh)).json()
    assert (body["status"], body["evaluated_at"], body["missing"]) == ("not_evaluated", None, [])
    assert body["why"] == "The vendor's flows have not been evaluated yet."


def test_etag_304_until_a_flow_is_reevaluated(read_client, vendor_needing_action):
    etag = read_client.get(status_url(vendor_needing_action)).headers["ETag"]
    response = read_client.get(status_url(vendor_needing_action), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    flow(
        vendor_needing_action,
        "e-new",
        "action_required",
        [{"code": "N", "severity": "error", "message": "New"}],
    )
    response = read_client.get(status_url(vendor_needing_action), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_query_count_does_not_grow_with_the_flows(read_client):
    vendor = VendorFactory()
    read_client.get(status_url(vendor))
    counts = []
    for reference in ("one", "two", "three"):
        flow(
            vendor,
            reference,
            "action_required",
            [{"code": "C", "severity": "error", "message": "m"}],
        )
        with CaptureQueriesContext(connection) as queries:
            assert read_client.get(status_url(vendor)).status_code == 200
        counts.append(len(queries))
    assert counts == [counts[0]] * 3 and counts[0] <= 3


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("anonymous", 401),
        ("read_key", 200),
        ("revoked_key", 401),
        ("staff_viewer", 200),
        ("staff_without_permissions", 403),
    ],
)
def test_status_auth_matrix(caller, kind, status, db):
    vendor = VendorFactory()
    response = caller(kind).get(status_url(vendor))
    if status == 200:
        assert response.json()["vendor"] == vendor.pk
    else:
        assert_error_body(response, status)


def test_unknown_vendor_is_404(read_client):
    assert_error_body(read_client.get("/api/v1/vendors/424242/status/"), 404)
