from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from transfers.access.models import ApiKeyAccess
from vendors.models import Vendor, VendorLocation

from ..factories import (
    TransferFactory,
    VendorCertificationFactory,
    VendorFactory,
    VendorLocationFactory,
    country,
)
from .standard import FilterCase, WritableApiTests, assert_error_body


def vendor_located_in(code: str):
    return lambda test: VendorLocationFactory(country=country(code)).vendor


def vendor_certified(valid_until: date | None):
    today = timezone.localdate()
    return lambda test: (
        VendorCertificationFactory(
            scheme="EU-US DPF", valid_from=today - timedelta(days=400), valid_until=valid_until
        ).vendor
    )


def vendor_receiving(**flow):
    return lambda test: TransferFactory(**flow).importer_vendor


def vendor_payload() -> dict:
    return {
        "legal_name": "Filament Cloud Inc.",
        "kind": "service_provider",
        "country": "US",
        "services": "Slicing in the cloud",
        "status": "onboarding",
        "locations": [
            {"country": "US", "activity": "storage"},
            {"country": "IN", "activity": "access", "description": "Support desk"},
        ],
        "certifications": [{"scheme": "EU-US DPF", "valid_from": "2024-01-01"}],
    }


class TestVendorApi(WritableApiTests):
    basename = "vendor"
    factory = VendorFactory
    invalid_filter = ("certification", "Gold Star")
    filter_cases = [
        FilterCase({"kind": "reseller"}, {"kind": "reseller"}, {"kind": "service_provider"}),
        FilterCase({"country": "CN"}, lambda test: VendorFactory(country=country("CN"))),
        FilterCase({"location_country": "SG"}, vendor_located_in("SG"), vendor_located_in("US")),
        FilterCase(
            {"certification": "EU-US DPF"},
            vendor_certified(valid_until=None),
            vendor_certified(valid_until=timezone.localdate() - timedelta(days=1)),
        ),
        FilterCase(
            {"role": "controller"},
            vendor_receiving(importer_role="controller"),
            vendor_receiving(importer_role="processor"),
        ),
        FilterCase(
            {"legal_tool": "adequacy"},
            vendor_receiving(legal_tool="adequacy"),
            vendor_receiving(legal_tool="scc"),
        ),
        FilterCase({"status": "offboarded"}, {"status": "offboarded"}, {"status": "active"}),
        FilterCase(
            {"compliance_status": "not_permitted"},
            {"compliance_status": "not_permitted"},
            {"compliance_status": "compliant"},
        ),
        FilterCase({"q": "telemetry"}, {"services": "Printer telemetry analytics"}),
        FilterCase(
            {"contract_ends_on__lte": "2025-12-31"},
            {"contract_ends_on": date(2025, 6, 30)},
            {"contract_ends_on": date(2026, 6, 30)},
        ),
    ]

    def write_payload(self) -> dict:
        return vendor_payload()

    def test_updated_since_lists_only_recent_changes(self, read_client):
        old, recent = VendorFactory(), VendorFactory()
        Vendor.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
        since = (timezone.now() - timedelta(days=1)).isoformat()
        keys = [
            row["id"]
            for row in read_client.get(self.list_url(), {"updated_since": since}).json()["results"]
        ]
        assert keys == [recent.pk]

    def test_detail_shows_locations_certifications_roles_and_status(self, read_client):
        vendor = VendorFactory(compliance_status="action_required")
        VendorLocationFactory(vendor=vendor, country=country("SG"), activity="access")
        VendorCertificationFactory(vendor=vendor, valid_from=date(2024, 1, 1))
        TransferFactory(importer_vendor=vendor, importer_role="processor")
        TransferFactory(importer_vendor=vendor, importer_role="controller")
        body = read_client.get(self.detail_url(vendor)).json()
        assert body["locations"] == [{"country": "SG", "activity": "access", "description": ""}]
        assert body["certifications"][0]["scheme"] == "EU-US DPF"
        assert body["roles"] == ["controller", "processor"]
        assert body["compliance_status"] == "action_required"
        assert "notes" not in body

    def test_cursor_pages_walk_the_whole_list_once(self, read_client):
        made = {VendorFactory().pk for _ in range(5)}
        seen, url = [], self.list_url() + "?page_size=2"
        while url:
            body = read_client.get(url).json()
            seen += [row["id"] for row in body["results"]]
            url = body["next"]
        assert seen == sorted(made)


@pytest.mark.django_db
class TestVendorWrites:
    url = "/api/v1/vendors/"

    def test_create_saves_the_vendor_its_lists_and_who_did_it(self, write_client, key_owner):
        response = write_client.post(self.url, vendor_payload(), format="json")
        assert response.status_code == 201, response.content
        vendor = Vendor.objects.get(pk=response.json()["id"])
        assert sorted(vendor.locations.values_list("country", flat=True)) == ["IN", "US"]
        assert vendor.certifications.get().valid_from == date(2024, 1, 1)
        record = vendor.history.get()
        assert record.history_user == key_owner
        assert "Via the API with the key" in record.history_change_reason
        assert response.json()["locations"][0] == {
            "country": "IN",
            "activity": "access",
            "description": "Support desk",
        }

    def test_database_constraint_message_comes_back_as_400(self, write_client):
        payload = {
            **vendor_payload(),
            "contract_signed_on": "2025-05-01",
            "contract_ends_on": "2024-01-01",
        }
        errors = assert_error_body(write_client.post(self.url, payload, format="json"), 400)
        assert errors == [
            {
                "field": None,
                "code": "invalid",
                "message": "The contract cannot end before it was signed.",
            }
        ]
        assert not Vendor.objects.exists()

    def test_a_bad_nested_item_names_its_path_and_saves_nothing(self, write_client):
        payload = vendor_payload()
        payload["locations"].append({"country": "US", "activity": "access"})
        errors = assert_error_body(write_client.post(self.url, payload, format="json"), 400)
        assert [error["field"] for error in errors] == ["locations.2"]
        assert "already one of the vendor's locations" in errors[0]["message"]
        assert not Vendor.objects.exists() and not VendorLocation.objects.exists()

    def test_field_errors_name_the_field(self, write_client):
        payload = {**vendor_payload(), "kind": "friend", "country": "XX"}
        payload["locations"][0]["activity"] = "looking"
        errors = assert_error_body(write_client.post(self.url, payload, format="json"), 400)
        assert {(error["field"], error["code"]) for error in errors} == {
            ("kind", "invalid_choice"),
            ("country", "does_not_exist"),
            ("locations.0.activity", "invalid_choice"),
        }

    def test_duplicate_name_is_400_on_the_field(self, write_client):
        VendorFactory(legal_name="Filament Cloud Inc.")
        errors = assert_error_body(
            write_client.post(self.url, vendor_payload(), format="json"), 400
        )
        assert [(error["field"], error["code"]) for error in errors] == [("legal_name", "unique")]

    def test_patch_changes_fields_and_replaces_given_lists_only(self, write_client):
        vendor = VendorFactory()
        VendorLocationFactory(vendor=vendor, country=country("US"))
        VendorCertificationFactory(vendor=vendor, valid_from=date(2023, 1, 1))
        url = f"{self.url}{vendor.pk}/"
        response = write_client.patch(url, {"status": "offboarded"}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "offboarded"
        assert vendor.locations.count() == 1 and vendor.certifications.count() == 1
        response = write_client.patch(
            url, {"locations": [{"country": "DE", "activity": "storage"}]}, format="json"
        )
        assert [loc["country"] for loc in response.json()["locations"]] == ["DE"]
        assert vendor.certifications.count() == 1

    def test_status_is_not_writable(self, write_client):
        vendor = VendorFactory()
        write_client.patch(
            f"{self.url}{vendor.pk}/", {"compliance_status": "compliant"}, format="json"
        )
        vendor.refresh_from_db()
        assert vendor.compliance_status == "not_evaluated"

    def test_delete_is_not_offered(self, write_client):
        vendor = VendorFactory()
        errors = assert_error_body(write_client.delete(f"{self.url}{vendor.pk}/"), 405)
        assert errors[0]["code"] == "method_not_allowed"
        assert Vendor.objects.filter(pk=vendor.pk).exists()

    def test_staff_session_writes_need_the_csrf_token(self, legal_editor):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(legal_editor)
        errors = assert_error_body(client.post(self.url, vendor_payload(), format="json"), 403)
        assert "CSRF" in errors[0]["message"]
        assert not Vendor.objects.exists()

    def test_non_json_body_is_415(self, write_client):
        response = write_client.post(
            self.url, "legal_name=x", content_type="application/x-www-form-urlencoded"
        )
        assert_error_body(response, 415)


@pytest.mark.django_db
def test_a_key_limited_to_status_reads_only_the_status(make_key):
    from .conftest import key_client

    client = key_client(make_key(ApiKeyAccess.READ_WRITE, allowed_endpoints=["vendors/*/status"]))
    vendor = VendorFactory()
    assert client.get(f"/api/v1/vendors/{vendor.pk}/status/").status_code == 200
    [error] = assert_error_body(client.get(f"/api/v1/vendors/{vendor.pk}/"), 403)
    assert error["message"] == "This API key may not call this endpoint."
    assert_error_body(client.get("/api/v1/transfers/"), 403)
    assert client.get("/api/v1/ping/").status_code == 200
