"""Schemathesis drives every operation of the schema against the app (in-process, WSGI) with a
read-write key: no 5xx, and every response matches what the schema says."""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.config import SchemathesisConfig

from config.wsgi import application
from transfers.access.models import ApiKeyAccess
from transfers.documents.services import document_request

from ..factories import (
    SccAgreementFactory,
    TransferFactory,
    TransferImpactAssessmentFactory,
    VendorLocationFactory,
)

# Examples and fuzzing with valid and invalid data. The coverage phase (every boundary value of
# every parameter, some 5,000 calls here) is left to a manual `schemathesis run` (see README).
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}}, "generation": {"mode": "all"}}
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)

# No 5xx, and status, content type, headers and body as documented. Not "schema-valid data is
# accepted": a well-formed id or country code may name no row, which is a 400, not a bug.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def register(db):
    """A small register so that ids 1, 2, ... exist and details answer 200 as well as 404."""
    for _ in range(2):
        transfer = TransferFactory()
        VendorLocationFactory(vendor=transfer.importer_vendor)
        agreement = SccAgreementFactory()
        agreement.transfers.add(transfer)
        TransferImpactAssessmentFactory(transfer=transfer)
        document_request(kind="scc", source=agreement, edition="full")


@pytest.fixture
def test_transaction_kept():
    """Calling the WSGI app directly (not through Django's test client) would close the test's
    database connection after each request (close_old_connections sees a transaction open);
    keep it, as the test client does."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_headers(make_key, register, test_transaction_kept) -> dict[str, str]:
    cache.clear()
    return {"X-API-Key": make_key(ApiKeyAccess.READ_WRITE, throttle_rate="100000/minute")}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_conforms(case, api_headers):
    case.call_and_validate(headers=api_headers, checks=CHECKS)
