"""Authentication, throttling and the one error body, across the API."""

import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from transfers.access.models import ApiKey, ApiKeyAccess

from ..factories import VendorFactory
from .conftest import key_client
from .standard import assert_error_body


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    cache.clear()
    yield
    cache.clear()


def test_authorization_header_works_like_x_api_key(make_key, db):
    raw_key = make_key()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    assert client.get("/api/v1/ping/").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("trk_nothing", "Malformed API key."),
        ("trk_0000ffff_wrongsecret", "Unknown API key."),
        ("password", "Malformed API key."),
    ],
)
def test_bad_keys_get_401_saying_why(header, message, db):
    [error] = assert_error_body(key_client(header).get("/api/v1/vendors/"), 401)
    assert (error["field"], error["code"], error["message"]) == (
        None,
        "authentication_failed",
        message,
    )


def test_a_revoked_key_stops_working_at_once(make_key, db):
    raw_key = make_key()
    client = key_client(raw_key)
    assert client.get("/api/v1/ping/").status_code == 200
    ApiKey.objects.update(revoked_at=timezone.now())
    [error] = assert_error_body(client.get("/api/v1/ping/"), 401)
    assert error["message"] == "This API key was revoked."


def test_anonymous_gets_401_with_a_challenge_and_no_data(db):
    VendorFactory(legal_name="Secret Vendor Ltd")
    response = APIClient().get("/api/v1/vendors/")
    [error] = assert_error_body(response, 401)
    assert error["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert b"Secret Vendor" not in response.content


def test_only_the_hash_of_a_key_is_stored(make_key, db):
    raw_key = make_key()
    stored = ApiKey.objects.get()
    assert raw_key not in {stored.hashed_key, stored.prefix, stored.name}
    assert stored.hashed_key == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key.startswith(f"trk_{stored.prefix}_")


def test_last_used_is_recorded_at_most_once_a_minute(make_key, db):
    client = key_client(make_key())
    client.get("/api/v1/ping/")
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    client.get("/api/v1/ping/")
    assert ApiKey.objects.get().last_used_at == first
    ApiKey.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/ping/")
    assert ApiKey.objects.get().last_used_at > first


# Rates per day in these tests: a fixed window that resets mid-test (at midnight UTC) is as
# unlikely as it gets.


def test_a_key_over_its_rate_gets_429_with_retry_after(make_key, db):
    client = key_client(make_key(throttle_rate="2/day"))
    assert [client.get("/api/v1/ping/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/ping/")
    [error] = assert_error_body(response, 429)
    assert error["code"] == "throttled"
    assert 1 <= int(response.headers["Retry-After"]) <= 24 * 3600


def test_each_key_has_its_own_budget(make_key, db):
    busy = key_client(make_key(throttle_rate="1/day"))
    calm = key_client(make_key(throttle_rate="1/day"))
    assert busy.get("/api/v1/ping/").status_code == 200
    assert busy.get("/api/v1/ping/").status_code == 429
    assert calm.get("/api/v1/ping/").status_code == 200


def test_the_default_rate_applies_to_keys_without_their_own(make_key, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_key": "1/day", "staff": "1/day"},
    }
    client = key_client(make_key())
    assert client.get("/api/v1/ping/").status_code == 200
    assert_error_body(client.get("/api/v1/ping/"), 429)


def test_a_read_key_may_not_write(make_key, db):
    [error] = assert_error_body(
        key_client(make_key(ApiKeyAccess.READ)).post("/api/v1/vendors/", {}, format="json"), 403
    )
    assert error == {
        "field": None,
        "code": "permission_denied",
        "message": "This API key is read-only.",
    }


def test_unknown_api_address_is_a_json_404(read_client):
    [error] = assert_error_body(read_client.get("/api/v1/no-such-thing/"), 404)
    assert error["message"] == "No API endpoint at this address."


def test_malformed_json_is_400(write_client):
    response = write_client.post("/api/v1/vendors/", "{not json", content_type="application/json")
    [error] = assert_error_body(response, 400)
    assert error["code"] == "parse_error"


def test_invalid_cursor_is_a_404_in_the_error_shape(read_client):
    assert_error_body(read_client.get("/api/v1/vendors/", {"cursor": "garbage"}), 404)


# Inputs PostgreSQL cannot take as they are: refused or normalised before any query, never a 500
# (found by Schemathesis against PostgreSQL).


def test_a_nul_character_in_a_key_is_a_400(write_client):
    payload = {"legal_name": "Nul Ltd", "kind": "reseller", "country": "U\x00S", "services": "x"}
    errors = assert_error_body(write_client.post("/api/v1/vendors/", payload, format="json"), 400)
    assert [error["field"] for error in errors] == ["country"]


def test_an_id_beyond_64_bits_is_a_400(write_client):
    payload = {"kind": "scc", "edition": "full", "scc_agreement": 2**70}
    errors = assert_error_body(write_client.post("/api/v1/documents/", payload, format="json"), 400)
    assert [error["field"] for error in errors] == ["scc_agreement"]


def test_times_with_any_iso_offset_are_accepted(read_client):
    VendorFactory()
    response = read_client.get("/api/v1/vendors/", {"updated_since": "2000-01-01T00:00:00-19:49"})
    assert response.status_code == 200 and len(response.json()["results"]) == 1


def test_a_time_outside_the_calendar_in_utc_is_a_400(read_client):
    response = read_client.get("/api/v1/vendors/", {"updated_since": "0001-01-01T00:00:00+01:00"})
    [error] = assert_error_body(response, 400)
    assert error["field"] == "updated_since"
