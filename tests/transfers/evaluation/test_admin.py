"""The evaluation in the admin: status and findings on every transfer and vendor, filters by
status, finding and severity, "Re-evaluate now", and the SCC agreement form's module check."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import (
    SccAgreementFactory,
    TransferFactory,
    VendorCertificationFactory,
    country,
)
from transfers.evaluation.services import transfers_evaluate
from transfers.register.models import SccAgreement, Transfer

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:transfers_transfer_changelist"


@pytest.fixture
def flows() -> dict[str, Transfer]:
    not_permitted = TransferFactory(reference="no-tool")
    warning = TransferFactory(
        reference="elsewhere", legal_tool="adequacy", destination_country=country("DE")
    )
    VendorCertificationFactory(vendor=warning.importer_vendor, valid_from=dt.date(2023, 7, 10))
    transfers_evaluate()
    return {"not_permitted": not_permitted, "warning": warning}


def listed(client, **params) -> set[str]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return {t.reference for t in response.context["cl"].result_list}


def test_filters_by_status_finding_code_and_severity(viewer_client, flows):
    assert listed(viewer_client, compliance_status__exact="not_permitted") == {"no-tool"}
    assert listed(viewer_client, finding="no-safeguard") == {"no-tool"}
    assert listed(viewer_client, finding="destination-differs") == {"elsewhere"}
    assert listed(viewer_client, severity="warning") == {"elsewhere"}
    assert listed(viewer_client, severity="error") == {"no-tool"}


def test_the_change_page_shows_the_findings_by_severity(viewer_client, flows):
    transfer = flows["not_permitted"]

    html = viewer_client.get(
        reverse("admin:transfers_transfer_change", args=[transfer.pk])
    ).content.decode()

    assert 'class="evaluation-status status-not_permitted">Not permitted<' in html
    assert html.index("severity-error") < html.index("severity-info")
    assert "no-safeguard" in html


def test_the_vendor_page_shows_its_status_and_the_flows_needing_action(viewer_client, flows):
    vendor = flows["not_permitted"].importer_vendor

    html = viewer_client.get(reverse("admin:vendors_vendor_change", args=[vendor.pk])).content
    html = html.decode()

    assert "status-not_permitted" in html
    assert "no-tool" in html and "no-safeguard" in html
    assert listed_vendors(viewer_client, "not_permitted") == {vendor.legal_name}


def listed_vendors(client, status: str) -> set[str]:
    response = client.get(
        reverse("admin:vendors_vendor_changelist"), {"compliance_status__exact": status}
    )
    return {v.legal_name for v in response.context["cl"].result_list}


def test_editors_re_evaluate_selected_transfers(editor_client, flows):
    Transfer.objects.update(compliance_status="not_evaluated")

    response = editor_client.post(
        reverse(CHANGELIST),
        {
            "action": "reevaluate_transfers",
            "_selected_action": [flows["not_permitted"].pk],
        },
        follow=True,
    )

    assert "Re-evaluated 1 transfer(s)" in response.content.decode()
    statuses = dict(Transfer.objects.values_list("reference", "compliance_status"))
    assert statuses == {"no-tool": "not_permitted", "elsewhere": "not_evaluated"}


def test_editors_re_evaluate_a_vendors_transfers(editor_client, flows):
    Transfer.objects.update(compliance_status="not_evaluated")
    vendor = flows["warning"].importer_vendor

    response = editor_client.post(
        reverse("admin:vendors_vendor_changelist"),
        {"action": "reevaluate_vendors", "_selected_action": [vendor.pk]},
        follow=True,
    )

    assert "Re-evaluated 1 transfer(s) of 1 vendor(s)" in response.content.decode()
    assert Transfer.objects.get(reference="elsewhere").compliance_status == "action_required"


def test_viewers_are_not_offered_re_evaluation(viewer_client, flows):
    html = viewer_client.get(reverse(CHANGELIST)).content.decode()

    assert "reevaluate_transfers" not in html


def agreement_form(transfer: Transfer, **overrides) -> dict:
    data = {
        "reference": "scc-new",
        "title": "New SCCs",
        "instrument": "scc-2021/914",
        "module": 1,
        "status": "draft",
        "transfers": [transfer.pk],
        "exporter_affiliate": transfer.exporter_affiliate_id,
        "importer_vendor": transfer.importer_vendor_id,
        "docking_clause": "on",
        "clause_13_variant": "established",
        "change_reason": "New agreement",
        # the stored documents inline (read-only here)
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_agreement_whose_module_contradicts_a_covered_transfer_is_refused(editor_client):
    transfer = TransferFactory(reference="hosting")  # controller to processor: Module Two

    response = editor_client.post(
        reverse("admin:transfers_sccagreement_add"), agreement_form(transfer)
    )

    assert response.status_code == 200
    assert (
        "Transfer hosting (controller to processor) needs Module Two, not Module One"
        in response.content.decode()
    )
    assert not SccAgreement.objects.filter(reference="scc-new").exists()


def test_an_old_instrument_without_the_transfers_module_is_refused(editor_client):
    transfer = TransferFactory(reference="c2c", importer_role="controller")

    response = editor_client.post(
        reverse("admin:transfers_sccagreement_add"),
        agreement_form(transfer, instrument="scc-2010/87", module=None),
    )

    assert response.status_code == 200
    assert "Transfer c2c (controller to controller) needs Module One, which the 2010" in (
        response.content.decode()
    )


def test_an_agreement_matching_the_roles_is_saved(editor_client):
    transfer = TransferFactory()

    response = editor_client.post(
        reverse("admin:transfers_sccagreement_add"),
        agreement_form(transfer, module=2, clause_9_option=2, clause_9_period="30 days"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert SccAgreement.objects.get(reference="scc-new").transfers.get() == transfer


def test_editing_an_agreement_re_checks_its_transfers(editor_client):
    transfer = TransferFactory(reference="hosting")
    agreement = SccAgreementFactory(
        exporter_affiliate=transfer.exporter_affiliate, importer_vendor=transfer.importer_vendor
    )
    agreement.transfers.add(transfer)
    data = agreement_form(transfer, reference=agreement.reference, module=3, clause_9_option=2)

    response = editor_client.post(
        reverse("admin:transfers_sccagreement_change", args=[agreement.pk]), data
    )

    assert "needs Module Two, not Module Three" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.module == 2
