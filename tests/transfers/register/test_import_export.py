"""CSV import of vendors and transfers through the admin: row-level errors are shown before
anything is saved, and a clean file lands only after the editor confirms."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import (
    AffiliateFactory,
    DataCategoryFactory,
    TransferFactory,
    VendorFactory,
)
from transfers.register.models import SccAgreement, Transfer
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

VENDOR_HEADER = "legal_name,kind,country,services,status\n"


def csv_format_index(page: str) -> str:
    match = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page)
    assert match, "the import form offers CSV"
    return match.group(1)


def upload(client, model_url: str, content: str):
    page = client.get(model_url).content.decode()
    return client.post(
        model_url,
        {
            "format": csv_format_index(page),
            "import_file": SimpleUploadedFile("rows.csv", content.encode(), "text/csv"),
        },
    )


def test_vendor_import_with_bad_rows_shows_each_error_and_saves_nothing(editor_client):
    content = VENDOR_HEADER + (
        "Good Hosting Inc.,service_provider,US,Hosting,active\n"
        "Nowhere Ltd,service_provider,XX,Hosting,active\n"
        "Strange Kind Ltd,spy,DE,Hosting,active\n"
    )
    response = upload(editor_client, reverse("admin:vendors_vendor_import"), content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown country code &#x27;XX&#x27;" in page or "Unknown country code 'XX'" in page
    assert "spy" in page and "is not a valid choice" in page
    assert 'name="_confirm"' not in page and "Confirm import" not in page
    assert not Vendor.objects.exists()


def test_clean_vendor_file_is_imported_after_confirmation(editor_client, legal_editor):
    content = VENDOR_HEADER + "Good Hosting Inc.,service_provider,us,Hosting,active\n"
    response = upload(editor_client, reverse("admin:vendors_vendor_import"), content)
    page = response.content.decode()
    assert "Confirm import" in page
    assert not Vendor.objects.exists()
    hidden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    confirm = editor_client.post(
        reverse("admin:vendors_vendor_process_import"),
        {key: hidden[key] for key in ("import_file_name", "original_file_name", "format")},
    )
    assert confirm.status_code == 302
    vendor = Vendor.objects.get(legal_name="Good Hosting Inc.")
    assert vendor.country_id == "US"
    assert vendor.history.first().history_user == legal_editor


def test_transfer_import_names_unknown_parties_and_categories(editor_client):
    AffiliateFactory(legal_name="Group Ireland Ltd")
    VendorFactory(legal_name="Example Cloud Inc.")
    DataCategoryFactory(name="Contact information")
    header = (
        "reference,name,regime,exporter_affiliate,exporter_role,importer_vendor,importer_role,"
        "destination_country,data_categories,frequency,legal_tool,state\n"
    )
    rows = (
        "hosting,Hosting,EU,Group Ireland Ltd,controller,Example Cloud Inc.,processor,US,"
        "Contact information,continuous,scc,active\n"
        "ghost,Ghost,EU,Group Ireland Ltd,controller,Ghost Vendor LLC,processor,US,"
        "Contact information,continuous,scc,active\n"
        "stars,Stars,EU,Group Ireland Ltd,controller,Example Cloud Inc.,processor,US,"
        "Contact information;Horoscope,continuous,scc,active\n"
    )
    response = upload(editor_client, reverse("admin:transfers_transfer_import"), header + rows)
    page = response.content.decode()
    assert "No vendor named &#x27;Ghost Vendor LLC&#x27;" in page
    assert "Unknown data categories: Horoscope." in page
    assert not Transfer.objects.exists()


def test_transfer_import_refuses_a_flow_to_itself(editor_client):
    AffiliateFactory(legal_name="Group Ireland Ltd")
    header = (
        "reference,name,exporter_affiliate,exporter_role,importer_affiliate,importer_role,"
        "destination_country,frequency,legal_tool\n"
    )
    rows = (
        "loop,Loop,Group Ireland Ltd,controller,Group Ireland Ltd,processor,IE,"
        "continuous,none_needed\n"
    )
    response = upload(editor_client, reverse("admin:transfers_transfer_import"), header + rows)
    assert "The exporter and the importer are the same entity." in response.content.decode()
    assert not Transfer.objects.exists()


def test_export_is_allowed_to_viewers(viewer_client):
    VendorFactory(legal_name="Exported Inc.")
    page = viewer_client.get(reverse("admin:vendors_vendor_export")).content.decode()
    match = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page)
    response = viewer_client.post(
        reverse("admin:vendors_vendor_export"),
        {"format": match.group(1), "resource": "0", "vendorresource_legal_name": "on"},
    )
    assert response.status_code == 200
    assert b"Exported Inc." in response.content


def test_viewers_cannot_import(viewer_client):
    assert viewer_client.get(reverse("admin:vendors_vendor_import")).status_code == 403


AGREEMENT_HEADER = (
    "reference,title,module,transfers,exporter_affiliate,importer_vendor,clause_9_option,"
    "clause_9_period,clause_17_option,governing_law_country,courts_country\n"
)


def agreement_row(module: int, transfers: str) -> str:
    return (
        f"hosting-scc,Hosting SCCs,{module},{transfers},Group Ireland Ltd,Example Cloud Inc.,"
        "2,30 days,1,IE,IE\n"
    )


def test_agreement_import_refuses_a_module_that_contradicts_a_covered_transfer(editor_client):
    AffiliateFactory(legal_name="Group Ireland Ltd")
    VendorFactory(legal_name="Example Cloud Inc.")
    TransferFactory(reference="hosting", exporter_role="controller", importer_role="processor")
    content = AGREEMENT_HEADER + agreement_row(1, "hosting")
    response = upload(editor_client, reverse("admin:transfers_sccagreement_import"), content)
    page = response.content.decode()
    assert "Transfer hosting (controller to processor) needs Module Two, not Module One" in page
    assert "Confirm import" not in page
    assert not SccAgreement.objects.exists()


def test_agreement_import_names_unknown_transfers(editor_client):
    AffiliateFactory(legal_name="Group Ireland Ltd")
    VendorFactory(legal_name="Example Cloud Inc.")
    content = AGREEMENT_HEADER + agreement_row(2, "nowhere")
    response = upload(editor_client, reverse("admin:transfers_sccagreement_import"), content)
    assert "Unknown transfers: nowhere." in response.content.decode()
    assert not SccAgreement.objects.exists()


def test_agreement_with_the_right_module_is_imported_with_its_transfers(editor_client):
    AffiliateFactory(legal_name="Group Ireland Ltd")
    VendorFactory(legal_name="Example Cloud Inc.")
    transfer = TransferFactory(
        reference="hosting", exporter_role="controller", importer_role="processor"
    )
    content = AGREEMENT_HEADER + agreement_row(2, "hosting")
    response = upload(editor_client, reverse("admin:transfers_sccagreement_import"), content)
    page = response.content.decode()
    assert "Confirm import" in page
    hidden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    confirm = editor_client.post(
        reverse("admin:transfers_sccagreement_process_import"),
        {key: hidden[key] for key in ("import_file_name", "original_file_name", "format")},
    )
    assert confirm.status_code == 302
    assert list(SccAgreement.objects.get(reference="hosting-scc").transfers.all()) == [transfer]
