"""The TIA report as a reader sees it (text extracted from the real PDF), the stored-document
behaviour it shares with the SCC copies, the `tia_pdf` command and the admin's workflow."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import (
    TransferFactory,
    TransferImpactAssessmentFactory,
    UserFactory,
    approve_assessment,
    country,
    fill_assessment,
)
from transfers.assessments.models import CountryProfile, TransferImpactAssessment
from transfers.assessments.report import report_inputs
from transfers.assessments.selectors import assessment_probability
from transfers.assessments.services import add_months
from transfers.documents.choices import DocumentState
from transfers.documents.models import Document, DocumentDownload
from transfers.documents.services import document_render, document_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer(tia_transfer):
    return tia_transfer


def render(assessment) -> tuple[Document, str]:
    """The stored report of the assessment as it stands, and its text."""
    requested = document_request(kind="tia", source=assessment, edition="full")
    document = document_render(document_id=requested.pk)
    assert document.state == DocumentState.READY, document.failure_reason
    with document.file.open("rb") as pdf:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)
    return document, re.sub(r"\s+", " ", text)


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def approved(transfer, legal_editor):
    assessor = UserFactory(first_name="Ada", last_name="Assessor")
    legal_editor.first_name, legal_editor.last_name = "Bo", "Approver"
    legal_editor.save()
    assessment = fill_assessment(
        TransferImpactAssessmentFactory(transfer=transfer, assessor=assessor)
    )
    assessment.residual_risk_note = "Acceptable with the audit and challenge duties."
    assessment.save()
    return approve_assessment(assessment, legal_editor)


def test_the_report_says_everything_a_reader_needs(approved, transfer):
    document, text = render(approved)
    today = timezone.localdate()
    # cover
    assert "Customer support tickets" in text
    assert (
        f"{transfer.exporter_affiliate.legal_name} → {transfer.importer_vendor.legal_name}" in text
    )
    assert "Approved" in text
    assert f"Input hash (SHA-256) {document.input_hash}" in text
    # one-page summary
    assert "Outcome Proceed with the supplementary measures" in text
    assert "Risk before measures High" in text and "Risk after measures Medium" in text
    assert f"Next review {long_date(add_months(today, 12))}" in text
    assert "Ask for the transparency report" in text
    # the flow picture (SVG text)
    assert "SUB-PROCESSOR" in text and "Support Desk Pvt Ltd" in text and "India (IN)" in text
    # steps with answers and sources
    for step in (
        "Step 1 Know your transfer",
        "Step 2 Identify the transfer tool",
        "Step 3 Assess the law and practice",
        "Step 4 Identify and adopt",
        "Step 5 Procedural steps",
        "Step 6 Re-evaluate",
    ):
        assert step in text
    assert "Categories of data Contact details, Health data" in text
    assert "Special categories Yes: Health data" in text
    assert "FISA Section 702" in text and "50 U.S.C. § 1881a" in text
    assert "Answer to: Is the importer, its parent or any sub-processor" in text
    assert "Duty to review and challenge access requests" in text
    assert "To be checked" in text  # unverified reference data is flagged to the reader
    # sign-off
    assert f"Approved by Bo Approver, {long_date(today)}" in text
    assert "Accepted by the approver: Acceptable with the audit and challenge duties." in text
    assert "Assessed by Ada Assessor" in text
    # sources with dates
    assert "EDPB Recommendations 01/2020" in text and "18 June 2021" in text
    assert "20 April 2024" in text  # the FISA 702 source's date


def test_the_probability_block_shows_the_formula_every_input_and_the_result(approved):
    _, text = render(approved)
    result = assessment_probability(approved)
    assert "p_i = p_targeted × p_readable × p_cannot_resist" in text
    assert "p_year = 1 − Π (1 − p_i)" in text
    assert "p_period = 1 − (1 − p_year)^n" in text
    assert "FISA Section 702 (United States of America) 0.02 0.1 0.5 0.1000 %" in text
    assert f"Combined per year (p_year) {result.p_year * 100:.4f} %" in text
    assert "Assessment period (n) 5 years" in text
    assert f"Over the period (p_period) {result.p_period * 100:.2f} %" in text
    assert "Exporter's threshold 10.00 % over 5 years" in text
    assert "Result Within the threshold" in text
    assert "Encrypted at rest; the importer challenges orders." in text  # the rationale


def test_a_draft_report_says_it_is_not_approved(transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    _, text = render(assessment)
    assert "This assessment has not been approved: it is not a basis for the transfer." in text
    assert "Still to complete" in text
    assert "Approved by Not approved" in text


def test_an_outdated_report_says_why(approved, transfer):
    transfer.destination_country = country("CN")
    transfer.save()
    approved.refresh_from_db()
    _, text = render(approved)
    assert "This assessment is outdated since" in text
    assert "The destination country changed: United States of America → China." in text


def test_same_inputs_give_back_the_stored_report_and_a_change_a_new_version(approved):
    first, _ = render(approved)
    again = document_request(kind="tia", source=approved, edition="full")
    assert again.pk == first.pk and again.rendered_at == first.rendered_at
    approved.refresh_from_db()
    TransferImpactAssessment.objects.filter(pk=approved.pk).update(
        probability_threshold=Decimal("0.05")
    )
    approved.refresh_from_db()
    second, _ = render(approved)
    assert second.version == 2 and second.input_hash != first.input_hash
    assert Document.objects.filter(assessment=approved).count() == 2  # older versions stay


def test_report_inputs_are_json_and_hold_no_database_objects(approved):
    import json

    inputs = report_inputs(approved)
    assert json.loads(json.dumps(inputs)) == inputs


def queries_for(assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        report_inputs(assessment)
    return len(queries.captured_queries)


def test_report_inputs_take_no_more_queries_for_a_longer_assessment(transfer):
    short = fill_assessment(TransferImpactAssessmentFactory(transfer=TransferFactory()))
    long = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assert long.law_assessments.count() > short.law_assessments.count()
    assert long.measures.count() > short.measures.count()
    assert queries_for(long) == queries_for(short)


# --------------------------------------------------------------------------- tia_pdf


def test_tia_pdf_writes_the_report_and_logs_the_download(approved, tmp_path):
    output = tmp_path / "tia.pdf"
    out = io.StringIO()
    call_command("tia_pdf", str(approved.pk), "--output", str(output), stdout=out)
    assert output.read_bytes().startswith(b"%PDF")
    assert f"Wrote {output}" in out.getvalue()
    assert (
        DocumentDownload.objects.filter(document__assessment=approved, channel="command").count()
        == 1
    )


@pytest.mark.parametrize(
    ("tia_id", "message"),
    [
        ("999999", "There is no transfer impact assessment with id 999999."),
        ("abc", "TIA_ID must be a number, not 'abc'."),
    ],
)
def test_tia_pdf_says_what_is_wrong_with_a_bad_id(tmp_path, tia_id, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("tia_pdf", tia_id, "--output", str(tmp_path / "x.pdf"))


def test_tia_pdf_refuses_a_missing_folder(approved, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("tia_pdf", str(approved.pk), "--output", str(tmp_path / "no" / "x.pdf"))


# ----------------------------------------------------------------------------- admin


def workflow_url(assessment, step: str) -> str:
    return reverse("admin:transfers_transferimpactassessment_workflow", args=[assessment.pk, step])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_admin_starts_an_assessment_with_steps_1_and_2_from_the_register(
    editor_client, legal_editor, transfer
):
    url = reverse("admin:transfers_transferimpactassessment_add")
    response = editor_client.post(
        url, {"transfer": transfer.pk, "assessed_on": "2026-11-29", "change_reason": "New TIA"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = TransferImpactAssessment.objects.get(transfer=transfer)
    assert assessment.assessor == legal_editor
    assert assessment.register_snapshot["importer"]["name"] == transfer.importer_vendor.legal_name
    page = editor_client.get(response["Location"])
    assert "Step 1: know your transfer (from the register)" in page.content.decode()
    assert "Support Desk Pvt Ltd" in page.content.decode()


def test_admin_refuses_an_eea_destination_with_a_form_error(editor_client, transfer):
    transfer.destination_country = country("FR")
    transfer.save()
    response = editor_client.post(
        reverse("admin:transfers_transferimpactassessment_add"),
        {"transfer": transfer.pk, "assessed_on": "2026-11-29"},
    )
    assert response.status_code == 200
    assert "France is in the EEA" in response.content.decode()
    assert not TransferImpactAssessment.objects.exists()


def test_admin_workflow_submit_approve_and_report(client, legal_editor, transfer):
    assessor = UserFactory(username="assessor", is_staff=True)
    assessor.groups.set(legal_editor.groups.all())
    assessment = fill_assessment(
        TransferImpactAssessmentFactory(transfer=transfer, assessor=assessor)
    )
    client.force_login(assessor)
    response = client.post(workflow_url(assessment, "submit"), follow=True)
    assert "Version 1 submitted for review." in messages_of(response)
    response = client.post(
        workflow_url(assessment, "approve"), {"accept_residual_risk": "on"}, follow=True
    )
    assert "You assessed this TIA: someone else must approve it." in messages_of(response)

    client.force_login(legal_editor)
    page = client.get(workflow_url(assessment, "approve"))
    assert "I have reviewed this assessment and accept its residual risk" in page.content.decode()
    response = client.post(workflow_url(assessment, "approve"), {})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(
        workflow_url(assessment, "approve"),
        {"accept_residual_risk": "on", "residual_risk_note": "Fine."},
        follow=True,
    )
    assessment.refresh_from_db()
    assert assessment.state == "approved" and assessment.approver == legal_editor
    response = client.post(workflow_url(assessment, "report"), follow=True)
    assert "Report version 1: queued." in messages_of(response)


@pytest.mark.parametrize("step", ["approve", "submit", "report", "new_version"])
def test_the_viewer_cannot_change_anything(viewer_client, transfer, step):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    assert viewer_client.post(workflow_url(assessment, step), {}).status_code == 403
    assert not Document.objects.exists()
    assert TransferImpactAssessment.objects.get().state == "draft"


def test_an_unknown_workflow_step_is_refused(editor_client, transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    assert editor_client.post(workflow_url(assessment, "destroy"), {}).status_code == 403


def test_admin_download_of_a_report_is_logged(approved, editor_client):
    document, _ = render(approved)
    response = editor_client.get(reverse("admin:transfers_document_download", args=[document.pk]))
    assert response.status_code == 200
    assert DocumentDownload.objects.get(document=document).channel == "admin"


def test_a_viewer_may_not_download_a_report(approved, client, legal_viewer):
    """A TIA report is confidential: a 403 page saying so, and no download logged."""
    document, _ = render(approved)
    client.force_login(legal_viewer)
    response = client.get(reverse("admin:transfers_document_download", args=[document.pk]))
    assert response.status_code == 403
    assert "TIA reports are confidential" in response.content.decode()
    assert not DocumentDownload.objects.filter(document=document).exists()


def test_answering_a_laws_questions_in_the_admin(editor_client, transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    row = assessment.law_assessments.get(law__code="cloud-act")
    url = reverse("admin:transfers_lawassessment_change", args=[row.pk])
    assert (
        "Is the importer, its parent or a sub-processor a provider"
        in editor_client.get(url).content.decode()
    )
    response = editor_client.post(
        url,
        {
            "applies": "true",
            "answer_0": "Yes: a US cloud provider.",
            "answer_1": "Yes.",
            "answer_2": "Yes, Clause 15.",
            "conclusion": "Applies.",
            "p_targeted": "0.01",
            "p_readable": "1",
            "p_cannot_resist": "1",
            "factors_rationale": "Large provider.",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.applies is True and row.unanswered_questions == []
    assert row.answers[0]["answer"] == "Yes: a US cloud provider."


def test_editing_a_profile_in_the_admin_raises_its_version_and_outdates(approved, editor_client):
    profile = CountryProfile.objects.get(code="us")
    url = reverse("admin:transfers_countryprofile_change", args=[profile.pk])
    page = editor_client.get(url)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"summary": profile.summary + " Updated.", "reviewed_on": "2026-11-30"})
    formset = page.context["inline_admin_formsets"][0].formset
    data.update(management_form(formset))
    for index, law_form in enumerate(formset.forms):
        data[f"{formset.prefix}-{index}-id"] = law_form.instance.pk
        data[f"{formset.prefix}-{index}-profile"] = profile.pk
        for name, value in law_form.initial.items():
            if value is None:
                continue
            data[f"{formset.prefix}-{index}-{name}"] = value
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    profile.refresh_from_db()
    assert profile.version == 2
    approved.refresh_from_db()
    assert approved.state == "outdated"
    assert "“United States” (assessed at version 1)" in approved.outdated_reason


def management_form(formset) -> dict:
    prefix = formset.prefix
    return {
        f"{prefix}-TOTAL_FORMS": len(formset.forms),
        f"{prefix}-INITIAL_FORMS": len(formset.forms),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
