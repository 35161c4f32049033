"""TIA summaries, stored documents (ask, poll, download) and the transfer check."""

import io

import pytest
from django.contrib.auth.models import Group
from pypdf import PdfReader

from transfers.access.groups import LEGAL_EDITORS
from transfers.access.models import ApiKeyAccess
from transfers.documents.models import DocumentDownload
from transfers.documents.services import document_request

from ..factories import (
    SccAgreementFactory,
    TransferFactory,
    TransferImpactAssessmentFactory,
    UserFactory,
    VendorFactory,
    approve_assessment,
    fill_assessment,
)
from .conftest import key_client
from .standard import FilterCase, ReadOnlyApiTests, assert_error_body


def approved_assessment(test):
    """Approved by a legal editor (who holds the approval permission), not its assessor."""
    approver = UserFactory(is_staff=True)
    approver.groups.add(Group.objects.get(name=LEGAL_EDITORS))
    assessment = fill_assessment(TransferImpactAssessmentFactory())
    return approve_assessment(assessment, approver)


def assessment_of_vendor(vendor_name: str):
    def build(test):
        vendor = VendorFactory(legal_name=vendor_name)
        return TransferImpactAssessmentFactory(transfer=TransferFactory(importer_vendor=vendor))

    return build


class TestTransferImpactAssessmentApi(ReadOnlyApiTests):
    basename = "transferimpactassessment"
    factory = TransferImpactAssessmentFactory
    invalid_filter = ("state", "pondering")
    filter_cases = [
        FilterCase({"state": "approved"}, approved_assessment, {}),
        FilterCase({"outcome": "proceed_with_measures"}, approved_assessment, {}),
    ]

    def test_summary_leaves_the_analysis_out(self, read_client):
        assessment = approved_assessment(self)
        body = read_client.get(self.detail_url(assessment)).json()
        assert body["state"] == "approved" and body["transfer"] == assessment.transfer_id
        assert body["risk_after"] == "medium" and body["next_review_on"]
        for hidden in ("step3_conclusion", "register_snapshot", "assessor", "approver"):
            assert hidden not in body
        assert "Answer to:" not in str(body)

    def test_vendor_filter_finds_the_assessments_of_its_flows(self, read_client):
        wanted = assessment_of_vendor("Cloud A")(self)
        assessment_of_vendor("Cloud B")(self)
        vendor = wanted.transfer.importer_vendor
        rows = read_client.get(self.list_url(), {"vendor": vendor.pk}).json()["results"]
        assert [row["id"] for row in rows] == [wanted.pk]


def queued_document(**kwargs):
    return document_request(kind="scc", source=SccAgreementFactory(), edition="full")


class TestDocumentApi(ReadOnlyApiTests):
    basename = "document"
    factory = staticmethod(queued_document)
    invalid_filter = ("state", "lost")
    filter_cases = [
        FilterCase(
            {"edition": "data_subject"},
            lambda test: document_request(
                kind="scc", source=SccAgreementFactory(), edition="data_subject"
            ),
            lambda test: queued_document(),
        ),
        FilterCase({"state": "queued"}, lambda test: queued_document(), lambda test: _failed()),
    ]

    def test_writes_are_refused_with_405(self, write_client):
        """POST here asks for a document (tested below); nothing is changed or deleted."""
        document = queued_document()
        response = write_client.delete(self.detail_url(document))
        assert assert_error_body(response, 405)[0]["code"] == "method_not_allowed"


def _failed():
    document = queued_document()
    type(document).objects.filter(pk=document.pk).update(state="failed", failure_reason="Boom.")
    document.refresh_from_db()
    return document


@pytest.fixture
def full_copy_client(make_key):
    """A read key that may download full (confidential) copies."""
    return key_client(make_key(ApiKeyAccess.READ, may_download_confidential=True))


@pytest.mark.django_db
class TestDocumentRequests:
    url = "/api/v1/documents/"

    def test_ask_poll_and_download_an_scc_copy(self, make_key, django_capture_on_commit_callbacks):
        agreement = SccAgreementFactory(title="Printer telemetry SCCs")
        client = key_client(make_key(ApiKeyAccess.READ))
        with django_capture_on_commit_callbacks(execute=True):
            asked = client.post(
                self.url,
                {"kind": "scc", "edition": "data_subject", "scc_agreement": agreement.pk},
                format="json",
            )
        assert asked.status_code == 202, asked.content
        assert asked.json()["state"] == "queued" and asked.json()["download_url"] is None
        location = asked.headers["Location"]
        polled = client.get(location).json()  # the eager worker has rendered it meanwhile
        assert polled["state"] == "ready", polled
        download = client.get(polled["download_url"], HTTP_USER_AGENT="procurement-bot/1.0")
        assert download.status_code == 200
        assert download.headers["Content-Type"] == "application/pdf"
        pdf = b"".join(download.streaming_content)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "STANDARD CONTRACTUAL CLAUSES" in text.upper()
        logged = DocumentDownload.objects.get()
        assert (logged.channel, logged.user, logged.api_key_name) == ("api", None, "read key 0")
        assert logged.user_agent == "procurement-bot/1.0"
        again = client.post(
            self.url,
            {"kind": "scc", "edition": "data_subject", "scc_agreement": agreement.pk},
            format="json",
        )
        assert again.status_code == 200 and again.json()["id"] == polled["id"]

    def test_a_full_copy_needs_the_key_flag_the_data_subject_copy_does_not(
        self, make_key, django_capture_on_commit_callbacks
    ):
        agreement = SccAgreementFactory(title="Payroll SCCs")
        with django_capture_on_commit_callbacks(execute=True):
            full = document_request(kind="scc", source=agreement, edition="full")
            redacted = document_request(kind="scc", source=agreement, edition="data_subject")
        plain = key_client(make_key(ApiKeyAccess.READ))
        writer = key_client(make_key(ApiKeyAccess.READ_WRITE))
        trusted = key_client(make_key(ApiKeyAccess.READ, may_download_confidential=True))

        listed = plain.get(self.url).json()["results"]
        assert {row["id"] for row in listed} == {full.pk, redacted.pk}, "listing is unchanged"
        for client in (plain, writer):
            [error] = assert_error_body(client.get(f"{self.url}{full.pk}/download/"), 403)
            assert error["code"] == "confidential" and error["field"] is None
            assert "confidential" in error["message"]
        assert not DocumentDownload.objects.exists(), "a refused download is not logged"

        assert plain.get(f"{self.url}{redacted.pk}/download/").status_code == 200
        allowed = trusted.get(f"{self.url}{full.pk}/download/")
        assert allowed.status_code == 200
        pdf = b"".join(allowed.streaming_content)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "STANDARD CONTRACTUAL CLAUSES" in text.upper()
        logged = DocumentDownload.objects.order_by("at", "id")
        assert [(row.document_id, row.api_key_name) for row in logged] == [
            (redacted.pk, "read key 0"),
            (full.pk, "read key 2"),
        ]

    def test_a_staff_session_needs_the_permission_for_a_full_copy(
        self, caller, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            full = document_request(kind="scc", source=SccAgreementFactory(), edition="full")
        url = f"{self.url}{full.pk}/download/"
        [error] = assert_error_body(caller("staff_viewer").get(url), 403)
        assert error["code"] == "confidential"
        assert not DocumentDownload.objects.exists()
        assert caller("staff_editor").get(url).status_code == 200
        assert DocumentDownload.objects.get().channel == "api"

    def test_download_before_ready_is_409_and_not_logged(self, full_copy_client):
        document = queued_document()
        [error] = assert_error_body(full_copy_client.get(f"{self.url}{document.pk}/download/"), 409)
        assert error["code"] == "not_ready" and "queued" in error["message"]
        assert not DocumentDownload.objects.exists()

    def test_a_failed_document_says_why(self, full_copy_client):
        document = _failed()
        [error] = assert_error_body(full_copy_client.get(f"{self.url}{document.pk}/download/"), 409)
        assert "Boom." in error["message"]

    def test_ready_without_a_file_is_404(self, full_copy_client):
        document = queued_document()
        type(document).objects.filter(pk=document.pk).update(state="ready")
        assert_error_body(full_copy_client.get(f"{self.url}{document.pk}/download/"), 404)

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"kind": "scc", "edition": "full"}, "scc_agreement"),
            ({"kind": "tia", "edition": "data_subject", "assessment": None}, "assessment"),
            ({"kind": "scc", "edition": "summary", "scc_agreement": 1}, "edition"),
            ({"kind": "memo", "edition": "full"}, "kind"),
            ({"kind": "scc", "edition": "full", "scc_agreement": 424242}, "scc_agreement"),
        ],
    )
    def test_bad_requests_name_the_field(self, read_client, payload, field):
        SccAgreementFactory()
        errors = assert_error_body(read_client.post(self.url, payload, format="json"), 400)
        assert field in [error["field"] for error in errors]

    def test_a_tia_report_offers_only_the_full_edition(self, read_client):
        assessment = TransferImpactAssessmentFactory()
        payload = {"kind": "tia", "edition": "data_subject", "assessment": assessment.pk}
        [error] = assert_error_body(read_client.post(self.url, payload, format="json"), 400)
        assert error["field"] == "edition" and "full" in error["message"]

    def test_anonymous_cannot_ask(self, client):
        agreement = SccAgreementFactory()
        payload = {"kind": "scc", "edition": "full", "scc_agreement": agreement.pk}
        assert_error_body(client.post(self.url, payload, content_type="application/json"), 401)


CHECK_URL = "/api/v1/transfer-checks/"
US_PROCESSOR = {
    "date": "2024-06-01",
    "exporter": {"country": "DE", "role": "controller"},
    "importer": {"country": "US", "role": "processor"},
    "safeguard_in_place": {"instrument": "scc-2021/914", "module": 2, "signed_on": "2023-01-10"},
}


def test_transfer_check_answers_with_the_decision(read_client):
    response = read_client.post(CHECK_URL, US_PROCESSOR, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "regime",
        "date",
        "ruleset_version",
        "restricted_transfer",
        "reason",
        "adequacy",
        "scc_module",
        "tia_required",
        "lawful",
        "permitted",
        "legs",
        "findings",
        "contract_version",
    }
    assert body["contract_version"] == 2
    assert (body["restricted_transfer"], body["scc_module"], body["tia_required"]) == (
        True,
        2,
        True,
    )
    assert body["date"] == "2024-06-01"


def test_dpf_certification_gives_adequacy(read_client):
    payload = {
        **US_PROCESSOR,
        "importer": {"country": "US", "role": "processor", "certifications": ["EU-US DPF"]},
    }
    body = read_client.post(CHECK_URL, payload, format="json").json()
    assert body["adequacy"]["reference"] == "(EU) 2023/1795" and body["lawful"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"importer": {"country": "UK", "role": "processor"}}, "importer.country"),
        ({"exporter": {"country": "DE", "role": "owner"}}, "exporter.role"),
        ({"date": "2024-02-30"}, "date"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_transfer_check_400_names_the_field(read_client, change, field):
    response = read_client.post(CHECK_URL, {**US_PROCESSOR, **change}, format="json")
    [error] = assert_error_body(response, 400)
    assert error["field"] == field


def test_a_missing_exporter_is_not_read_as_direct_collection(read_client):
    payload = {key: value for key, value in US_PROCESSOR.items() if key != "exporter"}
    [error] = assert_error_body(read_client.post(CHECK_URL, payload, format="json"), 400)
    assert error["field"] == "exporter"


def test_transfer_check_auth(caller, db):
    assert_error_body(caller("anonymous").post(CHECK_URL, US_PROCESSOR, format="json"), 401)
    assert caller("staff_viewer").post(CHECK_URL, US_PROCESSOR, format="json").status_code == 200
    assert_error_body(
        caller("staff_without_permissions").post(CHECK_URL, US_PROCESSOR, format="json"), 403
    )


def test_transfer_check_stores_nothing(read_client):
    from transfers.register.models import Transfer

    read_client.post(CHECK_URL, US_PROCESSOR, format="json")
    assert not Transfer.objects.exists()
