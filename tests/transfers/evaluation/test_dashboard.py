"""The "What needs action" dashboard: what the legal team opens first. It lists the transfers and
vendors that need action, most severe first, and answers "what changes on <date>"."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import (
    SccAgreementFactory,
    TransferFactory,
    VendorCertificationFactory,
    VendorFactory,
    country,
)
from transfers.evaluation.services import transfers_evaluate
from transfers.register.models import Transfer

pytestmark = pytest.mark.django_db
DASHBOARD = "admin:transfers_transfer_dashboard"


def dpf_vendor(name: str):
    vendor = VendorFactory(legal_name=name)
    VendorCertificationFactory(vendor=vendor, valid_from=dt.date(2023, 7, 10))
    return vendor


@pytest.fixture
def register(db) -> dict[str, Transfer]:
    """References and vendor names in the reverse of their severity, so that alphabetical order
    would be wrong."""
    not_permitted = TransferFactory(
        reference="zz-not-permitted", importer_vendor=VendorFactory(legal_name="Zeta Inc.")
    )
    with_error = TransferFactory(
        reference="mm-error", importer_vendor=VendorFactory(legal_name="Mu Inc.")
    )
    SccAgreementFactory(
        exporter_affiliate=with_error.exporter_affiliate,
        importer_vendor=with_error.importer_vendor,
        status="signed",
        exporter_signed_on=dt.date(2022, 1, 10),
        importer_signed_on=dt.date(2022, 1, 10),
    ).transfers.add(with_error)
    warning_only = TransferFactory(
        reference="aa-warning",
        legal_tool="adequacy",
        importer_vendor=dpf_vendor("Alpha Inc."),
        destination_country=country("DE"),
    )
    compliant = TransferFactory(
        reference="bb-compliant", legal_tool="adequacy", importer_vendor=dpf_vendor("Beta Inc.")
    )
    to_uk = TransferFactory(
        reference="cc-to-uk",
        legal_tool="adequacy",
        importer_vendor=VendorFactory(legal_name="Gamma Ltd", country=country("GB")),
        destination_country=country("GB"),
    )
    transfers_evaluate()
    return {
        "not_permitted": not_permitted,
        "error": with_error,
        "warning": warning_only,
        "compliant": compliant,
        "to_uk": to_uk,
    }


def section(html: str, table_id: str) -> str:
    match = re.search(rf'<table class="dashboard-table" id="{table_id}">(.*?)</table>', html, re.S)
    assert match, f"no table {table_id}"
    return match.group(1)


def order_of(text: str, names: list[str]) -> list[str]:
    found = [name for name in names if name in text]
    return sorted(found, key=text.index)


@pytest.mark.parametrize("client_name", ["editor_client", "viewer_client"])
def test_the_dashboard_renders_for_editors_and_viewers(request, register, client_name):
    client = request.getfixturevalue(client_name)

    response = client.get(reverse(DASHBOARD))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Transfers that need action (3)" in html
    assert "Vendors that need action (3)" in html
    can_reevaluate = "Re-evaluate the whole register now" in html
    assert can_reevaluate is (client_name == "editor_client")


def test_transfers_are_listed_most_severe_first(editor_client, register):
    html = editor_client.get(reverse(DASHBOARD)).content.decode()

    table = section(html, "transfers-needing-action")
    assert order_of(table, ["aa-warning", "bb-compliant", "mm-error", "zz-not-permitted"]) == [
        "zz-not-permitted",
        "mm-error",
        "aa-warning",
    ]
    assert "tia-missing" in table and "destination-differs" in table
    assert "clause-13-authority" not in table  # info findings are not actions


def test_vendors_are_listed_most_severe_first(editor_client, register):
    html = editor_client.get(reverse(DASHBOARD)).content.decode()

    table = section(html, "vendors-needing-action")
    assert order_of(table, ["Alpha Inc.", "Beta Inc.", "Mu Inc.", "Zeta Inc."]) == [
        "Zeta Inc.",
        "Mu Inc.",
        "Alpha Inc.",
    ]


def test_what_changes_on_a_date_lists_the_transfers_that_would_differ(viewer_client, register):
    response = viewer_client.get(reverse(DASHBOARD), {"on": "2031-12-28"})

    table = section(response.content.decode(), "changes")
    assert "cc-to-uk" in table
    assert "adequacy-ended" in table
    assert Transfer.objects.get(reference="cc-to-uk").compliance_status == "compliant"


def test_a_bad_date_is_a_form_error(viewer_client, register):
    response = viewer_client.get(reverse(DASHBOARD), {"on": "2031-13-45"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_editors_re_evaluate_the_register_from_the_dashboard(editor_client, register):
    Transfer.objects.update(compliance_status="not_evaluated")

    response = editor_client.post(reverse(DASHBOARD), follow=True)

    assert "Re-evaluated the register" in response.content.decode()
    assert not Transfer.objects.filter(compliance_status="not_evaluated").exists()


def test_viewers_cannot_re_evaluate_from_the_dashboard(viewer_client, register):
    Transfer.objects.update(compliance_status="not_evaluated")

    assert viewer_client.post(reverse(DASHBOARD)).status_code == 403
    assert not Transfer.objects.exclude(compliance_status="not_evaluated").exists()


def test_the_admin_index_links_to_the_dashboard(viewer_client):
    html = viewer_client.get(reverse("admin:index")).content.decode()

    assert reverse(DASHBOARD) in html


def test_the_dashboard_needs_a_login(client):
    response = client.get(reverse(DASHBOARD))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_what_changes_on_a_date_leaves_out_flows_that_did_not_exist_then(viewer_client, register):
    Transfer.objects.filter(reference="cc-to-uk").update(started_on=dt.date(2032, 1, 1))

    html = viewer_client.get(reverse(DASHBOARD), {"on": "2031-12-28"}).content.decode()

    assert "1 transfer(s) had not started or had ended; they are left out." in html
    assert "cc-to-uk" not in html.split('id="what-changes"')[1]


def test_an_art_3_2_importer_is_a_warning_on_the_dashboard(viewer_client, db):
    transfer = TransferFactory(
        reference="art32-flow",
        importer_vendor=VendorFactory(legal_name="Targeting Inc.", subject_to_gdpr_art3_2=True),
    )
    transfers_evaluate()
    transfer.refresh_from_db()

    html = viewer_client.get(reverse(DASHBOARD)).content.decode()

    severities = {f["code"]: f["severity"] for f in transfer.findings}
    assert severities["importer-subject-to-gdpr"] == "warning"
    assert "importer-subject-to-gdpr" in section(html, "transfers-needing-action")
