"""The admin is the legal team's home: every page renders for an editor, is read-only for a
viewer, and bad input is answered with a message, not a 500 or a half-saved row."""

from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from transfers.access.services import api_key_create
from transfers.assessments.models import SupplementaryMeasure
from transfers.documents.choices import DocumentState
from transfers.documents.services import document_download_record, document_request
from transfers.reference.models import AdequacyDecision, SupervisoryAuthority
from transfers.register.models import Transfer
from vendors.models import Vendor

from .factories import (
    AffiliateRoleFactory,
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    DataSubjectRequestFactory,
    LegalBasisFactory,
    PurposeFactory,
    SccAgreementFactory,
    SubProcessorFactory,
    TransferFactory,
    TransferImpactAssessmentFactory,
    VendorCertificationFactory,
    VendorLocationFactory,
)

pytestmark = pytest.mark.django_db

REGISTER_APPS = {"affiliates", "vendors", "transfers"}


def register_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in REGISTER_APPS
    ]


@pytest.fixture
def register(db):
    """One row of every register model, so every change page has something to show."""
    transfer = TransferFactory()
    transfer.data_categories.add(DataCategoryFactory())
    transfer.data_subject_categories.add(DataSubjectCategoryFactory())
    purpose = PurposeFactory()
    purpose.legal_bases.add(LegalBasisFactory())
    transfer.purposes.add(purpose)
    agreement = SccAgreementFactory(
        exporter_affiliate=transfer.exporter_affiliate, importer_vendor=transfer.importer_vendor
    )
    agreement.transfers.add(transfer)
    AffiliateRoleFactory(affiliate=transfer.exporter_affiliate)
    VendorLocationFactory(vendor=transfer.importer_vendor)
    VendorCertificationFactory(vendor=transfer.importer_vendor)
    SubProcessorFactory(vendor=transfer.importer_vendor)
    AdequacyDecision.objects.get_or_create(
        regime="EU",
        country_id="JP",
        reference="(EU) 2019/419",
        defaults={"effective_from": date(2019, 1, 23)},
    )
    SupervisoryAuthority.objects.get_or_create(
        country_id="IE", defaults={"name": "Data Protection Commission"}
    )
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    assessment.measures.create(
        measure=SupplementaryMeasure.objects.get(code="contract-audit"),
        law_assessment=assessment.law_assessments.first(),
    )
    assessment.actions.create(description="Ask for the transparency report")
    document = document_request(kind="scc", source=agreement, edition="full")
    type(document).objects.filter(pk=document.pk).update(state=DocumentState.READY)
    document.refresh_from_db()
    document_download_record(document=document, channel="admin")
    DataSubjectRequestFactory()
    api_key_create(name="Procurement", access="read")
    return transfer


def admin_url(model, name: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def may_change(model_admin, user, row) -> bool:
    """Whether the admin lets this user change this row (read-only admins never do)."""
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.has_change_permission(request, row)


def may_add(model_admin, user) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.has_add_permission(request)


def some_row(model):
    row = model._default_manager.first()
    assert row is not None, f"the fixture has no {model.__name__}"
    return row


@pytest.mark.parametrize("client_name", ["editor_client", "viewer_client"])
def test_every_changelist_and_change_page_renders(request, register, client_name):
    client = request.getfixturevalue(client_name)
    editor = request.getfixturevalue("legal_editor")
    for model, model_admin in register_admins():
        changelist = client.get(admin_url(model, "changelist"))
        assert changelist.status_code == 200, model
        row = some_row(model)
        change = client.get(admin_url(model, "change", row.pk))
        assert change.status_code == 200, model
        can_save = b'name="_save"' in change.content
        editable = may_change(model_admin, editor, row)
        assert can_save is (client_name == "editor_client" and editable), model


def test_viewer_cannot_add_or_change(viewer_client, register):
    for model, _ in register_admins():
        assert viewer_client.get(admin_url(model, "add")).status_code == 403, model
    vendor = some_row(Vendor)
    response = viewer_client.post(admin_url(Vendor, "change", vendor.pk), {"legal_name": "Hacked"})
    assert response.status_code == 403
    vendor.refresh_from_db()
    assert vendor.legal_name != "Hacked"


def test_editor_can_open_every_add_page(editor_client, legal_editor):
    for model, model_admin in register_admins():
        expected = 200 if may_add(model_admin, legal_editor) else 403
        assert editor_client.get(admin_url(model, "add")).status_code == expected, model


def test_changelist_search_and_filters_work(editor_client, register):
    vendor = register.importer_vendor
    response = editor_client.get(admin_url(Vendor, "changelist"), {"q": vendor.legal_name})
    assert vendor.legal_name in response.content.decode()
    response = editor_client.get(
        admin_url(Transfer, "changelist"),
        {"legal_tool__exact": "scc", "role": "importer_processor"},
    )
    assert register.reference in response.content.decode()
    response = editor_client.get(
        admin_url(Transfer, "changelist"), {"legal_tool__exact": "adequacy"}
    )
    assert register.reference not in response.content.decode()


def transfer_form_data(transfer: Transfer, **overrides) -> dict:
    data = {
        "reference": "new-flow",
        "name": "New flow",
        "regime": "EU",
        "state": "active",
        "exporter_affiliate": transfer.exporter_affiliate_id,
        "exporter_role": "controller",
        "importer_vendor": transfer.importer_vendor_id,
        "importer_role": "processor",
        "destination_country": "US",
        "data_categories": [c.pk for c in transfer.data_categories.all()],
        "data_subject_categories": [c.pk for c in transfer.data_subject_categories.all()],
        "purposes": [p.pk for p in transfer.purposes.all()],
        "frequency": "continuous",
        "legal_tool": "scc",
        "is_public": "on",
        "change_reason": "New hosting contract",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_editor_adds_a_transfer_and_the_reason_is_in_the_history(
    editor_client, register, legal_editor
):
    response = editor_client.post(admin_url(Transfer, "add"), transfer_form_data(register))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Transfer.objects.get(reference="new-flow")
    record = created.history.first()
    assert record.history_user == legal_editor
    assert record.history_change_reason == "New hosting contract"
    history_page = editor_client.get(admin_url(Transfer, "history", created.pk))
    assert "New hosting contract" in history_page.content.decode()


def test_transfer_to_itself_gets_a_form_error_and_nothing_is_saved(editor_client, register):
    data = transfer_form_data(
        register,
        importer_vendor=None,
        importer_affiliate=register.exporter_affiliate_id,
    )
    response = editor_client.post(admin_url(Transfer, "add"), data)
    assert response.status_code == 200
    assert "The exporter and the importer are the same entity." in response.content.decode()
    assert not Transfer.objects.filter(reference="new-flow").exists()


def test_unknown_country_gets_a_form_error(editor_client, register):
    response = editor_client.post(
        admin_url(Transfer, "add"), transfer_form_data(register, destination_country="XX")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Transfer.objects.filter(reference="new-flow").exists()
