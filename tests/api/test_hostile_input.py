"""Hostile input against the API, with real keys on real endpoints: deeply nested JSON, bodies
over the limit and control characters are refused in the error body (never a 500), nothing is
saved; every 4xx under /api/ speaks that body, while the public pages keep their HTML pages."""

import pytest
from django.core.cache import cache
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from transfers.access.models import ApiKeyAccess
from transfers.documents.models import Document
from transfers.register.models import Transfer
from vendors.models import Vendor

from ..factories import SccAgreementFactory, TransferFactory
from .conftest import key_client
from .standard import assert_error_body

NESTED = "[" * 5000 + "]" * 5000  # 10 KB that end in a RecursionError in Python's decoder
WRITE_METHODS = ("post", "put", "patch")


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    cache.clear()
    yield
    cache.clear()


def json_write_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation of the schema that takes a JSON body."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITE_METHODS
    ]


def post_json(client: APIClient, url: str, body: str, method: str = "post"):
    return getattr(client, method)(url, body, content_type="application/json")


def vendor_payload(**fields) -> dict:
    return {
        "legal_name": "Filament Cloud Inc.",
        "kind": "service_provider",
        "country": "US",
        "services": "Slicing in the cloud",
        "locations": [{"country": "US", "activity": "storage", "description": "Main site"}],
        **fields,
    }


def test_the_schema_has_write_operations_to_attack():
    operations = json_write_operations()
    assert ("post", "/api/v1/vendors/") in operations
    assert ("post", "/api/v1/transfer-checks/") in operations


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), json_write_operations())
def test_deeply_nested_json_is_a_400_on_every_json_endpoint(method, path, make_key):
    transfer = TransferFactory()
    ids = {
        "vendors": transfer.importer_vendor.pk,
        "transfers": transfer.pk,
        "scc-agreements": SccAgreementFactory().pk,
    }
    collection = path.removeprefix("/api/v1/").split("/")[0]
    url = path.replace("{id}", str(ids.get(collection, 0)))
    assert "{" not in url, f"add a row for {path} to this test"
    client = key_client(make_key(ApiKeyAccess.READ_WRITE))
    client.raise_request_exception = False
    vendors_before = Vendor.objects.count()

    response = post_json(client, url, NESTED, method)

    [error] = assert_error_body(response, 400)
    assert (error["field"], error["code"]) == (None, "too_deep")
    assert "32 levels" in error["message"]
    assert Vendor.objects.count() == vendors_before
    assert Transfer.objects.count() == 1 and not Document.objects.exists()


@pytest.mark.django_db
def test_nesting_is_measured_outside_strings_and_up_to_the_limit(write_client):
    brackets_in_text = vendor_payload(services="[" * 5000 + "{" * 5000)
    response = write_client.post("/api/v1/vendors/", brackets_in_text, format="json")
    assert response.status_code == 201, response.content
    assert Vendor.objects.get().services.startswith("[[[[")

    at_the_limit = "[" * 32 + "]" * 32
    [error] = assert_error_body(post_json(write_client, "/api/v1/vendors/", at_the_limit), 400)
    assert error["code"] != "too_deep"  # decoded, then refused for not being a vendor
    over_it = "[" * 33 + "]" * 33
    [error] = assert_error_body(post_json(write_client, "/api/v1/vendors/", over_it), 400)
    assert error["code"] == "too_deep"


@pytest.mark.django_db
def test_a_body_over_the_limit_is_a_413_in_the_error_body(write_client, settings):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = vendor_payload(services="x" * (limit + 1))

    response = write_client.post("/api/v1/vendors/", body, format="json")

    [error] = assert_error_body(response, 413)
    assert error == {
        "field": None,
        "code": "too_large",
        "message": f"The request body is larger than the limit of {limit} bytes.",
    }
    assert not Vendor.objects.exists()


@pytest.mark.django_db
def test_a_five_megabyte_body_to_a_question_is_a_413_too(read_client):
    body = '{"regime": "' + "x" * 5_000_000 + '"}'
    assert_error_body(post_json(read_client, "/api/v1/transfer-checks/", body), 413)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        (vendor_payload(legal_name="Filament\x07Cloud"), "legal_name", "control_character"),
        (vendor_payload(legal_name="Filament\nCloud"), "legal_name", "control_character"),
        (vendor_payload(legal_name="Filament\tCloud"), "legal_name", "control_character"),
        (vendor_payload(services="Slicing\x1b[31m"), "services", "control_character"),
        (vendor_payload(services="Slicing\x85"), "services", "control_character"),
        (vendor_payload(contact_name="Ada\x7f"), "contact_name", "control_character"),
        (
            vendor_payload(
                locations=[{"country": "US", "activity": "storage", "description": "\0"}]
            ),
            "locations.0.description",
            "control_character",
        ),
        (
            vendor_payload(
                locations=[{"country": "US", "activity": "storage", "description": "a\x08"}]
            ),
            "locations.0.description",
            "control_character",
        ),
        (vendor_payload(website="https://example.org/\x0c"), "website", "control_character"),
    ],
    ids=["bell", "newline", "tab", "escape", "c1", "del", "nul-nested", "backspace-nested", "url"],
)
def test_control_characters_are_a_400_naming_the_field(write_client, payload, field, code):
    response = write_client.post("/api/v1/vendors/", payload, format="json")

    errors = assert_error_body(response, 400)
    assert [(error["field"], error["code"]) for error in errors] == [(field, code)]
    assert "U+" in errors[0]["message"]
    assert not Vendor.objects.exists()


@pytest.mark.django_db
def test_multi_line_text_keeps_its_tabs_and_line_breaks(write_client):
    services = "Slicing in the cloud:\r\n\t- models\n\t- support"
    response = write_client.post(
        "/api/v1/vendors/", vendor_payload(services=services), format="json"
    )
    assert response.status_code == 201, response.content
    assert Vendor.objects.get().services == services


@pytest.mark.django_db
def test_control_characters_are_refused_in_plain_questions_too(read_client):
    """The transfer check's serializers are plain ones: the parser's rule holds for them too,
    for member names as well as values."""
    check = {
        "exporter": {"country": "DE", "role": "controller"},
        "importer": {"country": "U\x01S", "role": "processor"},
    }
    errors = assert_error_body(
        read_client.post("/api/v1/transfer-checks/", check, format="json"), 400
    )
    assert [(error["field"], error["code"]) for error in errors] == [
        ("importer.country", "control_character")
    ]
    check["importer"] = {"country": "US", "ro\x1ble": "processor"}
    errors = assert_error_body(
        read_client.post("/api/v1/transfer-checks/", check, format="json"), 400
    )
    assert [error["field"] for error in errors] == ["importer"]


@pytest.mark.django_db
def test_a_lone_surrogate_is_a_400_not_a_database_error(write_client):
    body = '{"legal_name": "Filament", "kind": "reseller", "country": "US", "services": "\\udc00"}'
    errors = assert_error_body(post_json(write_client, "/api/v1/vendors/", body), 400)
    assert [(e["field"], e["code"]) for e in errors] == [
        ("services", "surrogate_characters_not_allowed")
    ]
    assert not Vendor.objects.exists()


# Every 4xx under /api/ speaks the error body, whoever answers it.


@pytest.mark.django_db
def test_unknown_addresses_under_api_are_json_404s(read_client):
    for url in ("/api/nothing/", "/api/v1/nothing/", "/api/v1/vendors/not-an-id/"):
        [error] = assert_error_body(read_client.get(url), 404)
        assert error["code"] == "not_found"


@pytest.mark.django_db
def test_methods_not_allowed_are_json_405s_with_allow(read_client, legal_editor):
    response = read_client.post("/api/schema/", "{}", content_type="application/json")
    [error] = assert_error_body(response, 405)
    assert error["code"] == "method_not_allowed" and "GET" in response["Allow"]
    staff = APIClient()
    staff.force_login(legal_editor)
    [error] = assert_error_body(staff.delete("/api/docs/"), 405)
    assert error["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_not_acceptable_and_unsupported_media_type_are_json(write_client):
    [error] = assert_error_body(write_client.get("/api/v1/vendors/", HTTP_ACCEPT="text/html"), 406)
    assert error["code"] == "not_acceptable"
    response = write_client.post("/api/v1/vendors/", "<vendor/>", content_type="application/xml")
    [error] = assert_error_body(response, 415)
    assert error["code"] == "unsupported_media_type"


@pytest.mark.django_db
def test_csrf_failures_under_api_are_json_403s(legal_editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(legal_editor)
    for url in ("/api/v1/vendors/", "/api/docs/"):
        [error] = assert_error_body(client.post(url, vendor_payload(), format="json"), 403)
        assert "CSRF" in error["message"], url
    assert not Vendor.objects.exists()


@pytest.mark.django_db
def test_a_disallowed_host_is_a_json_400_under_api(read_client):
    [error] = assert_error_body(read_client.get("/api/v1/ping/", HTTP_HOST="evil.example"), 400)
    assert error["code"] == "bad_request"


@pytest.mark.django_db
def test_the_public_pages_keep_their_html_pages(client: Client):
    too_large = client.post("/request-a-copy/", {"name": "A" * 5_000_000}, HTTP_ACCEPT="text/html")
    assert too_large.status_code == 413
    assert too_large["Content-Type"].startswith("text/html")
    assert "Your request is too large" in too_large.content.decode()
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404 and not_found["Content-Type"].startswith("text/html")
