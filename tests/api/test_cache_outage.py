"""With the cache's Redis down the API keeps answering: the throttle fails open, says so in the
log once, and throttles again when Redis is back."""

import logging

import pytest

from config import cache_outage

from ..factories import VendorFactory
from .conftest import key_client

pytestmark = pytest.mark.faults


@pytest.fixture(autouse=True)
def fresh_outage_warnings(monkeypatch):
    """Another test's outage within the minute must not hide this one's warning."""
    monkeypatch.setattr(cache_outage, "_last_warning", {})


def test_the_api_answers_while_the_cache_is_down_and_throttles_again_once_it_is_back(
    make_key, db, redis_server, caplog
):
    VendorFactory()
    client = key_client(make_key(throttle_rate="2/hour"))
    assert [client.get("/api/v1/ping/").status_code for _ in range(3)] == [200, 200, 429]

    redis_server.stop()
    with caplog.at_level(logging.WARNING):
        paths = ["/api/v1/ping/", "/api/v1/vendors/"] * 3
        during = [client.get(path).status_code for path in paths]

    assert during == [200] * 6
    warnings = [r for r in caplog.records if r.getMessage().startswith("Cache unavailable")]
    assert len(warnings) == 1 and "API throttling is off" in warnings[0].getMessage()

    redis_server.start()  # same port, empty: a new window's budget
    assert [client.get("/api/v1/ping/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_staff_session_uses_the_api_while_the_cache_is_down(caller, db, redis_server):
    client = caller("staff_viewer")
    redis_server.stop()

    response = client.get("/api/v1/vendors/")

    assert response.status_code == 200
