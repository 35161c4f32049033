"""The stored-document pipeline, with a small renderer of its own (real WeasyPrint, real files).

Renders are counted by what the rows say (version, rendered_at), never by mocking."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from config.celery_app import app as celery_app
from tests.factories import SccAgreementFactory, UserFactory
from transfers.documents.choices import (
    DocumentEdition,
    DocumentKind,
    DocumentState,
    DownloadChannel,
)
from transfers.documents.models import CONFIDENTIAL_DOWNLOAD_PERMISSION, Document, DocumentDownload
from transfers.documents.rendering import (
    DocumentRenderer,
    html_to_pdf,
    inputs_hash,
    register_renderer,
    renderer_for,
)
from transfers.documents.services import (
    document_download_record,
    document_render,
    document_request,
    documents_requeue_stale,
)

FULL = DocumentEdition.FULL


class TitlePageRenderer(DocumentRenderer):
    """One page with the agreement's title; ``fail_with`` makes the next render raise."""

    kind = DocumentKind.SCC
    source_field = "scc_agreement"

    def __init__(self) -> None:
        self.fail_with: BaseException | None = None

    def inputs(self, source: Any, edition: str) -> dict[str, Any]:
        return {"template": "title-page-1", "title": source.title, "edition": edition}

    def html(self, inputs: dict[str, Any], edition: str) -> str:
        if self.fail_with is not None:
            raise self.fail_with
        version = inputs["document"]["version"]
        return (
            "<html><head><title>Test</title><style>"
            "@font-face { font-family: Shipped;"
            " src: url(/static/fonts/LiberationSerif-Regular.ttf) }"
            "body { font-family: Shipped }</style></head>"
            f"<body><h1>{escape(inputs['title'])}</h1><p>Version {version}</p></body></html>"
        )

    def filename(self, source: Any, edition: str, version: int) -> str:
        return f"test-{source.reference}-{edition}-v{version}.pdf"


@pytest.fixture
def renderer():
    """Our test renderer in place of the SCC one for the test's duration."""
    previous = renderer_for(DocumentKind.SCC) if _has_renderer(DocumentKind.SCC) else None
    test_renderer = register_renderer(TitlePageRenderer())
    yield test_renderer
    if previous is not None:
        register_renderer(previous)


def _has_renderer(kind: str) -> bool:
    try:
        renderer_for(kind)
    except LookupError:
        return False
    return True


@pytest.fixture
def agreement(db):
    return SccAgreementFactory(title="Hosting agreement")


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as stored:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)


def request_and_run(agreement, capture, edition=FULL, **kwargs) -> Document:
    """Request a document and run what would run after commit (the eager render task)."""
    with capture(execute=True):
        document = document_request(kind="scc", source=agreement, edition=edition, **kwargs)
    document.refresh_from_db()
    return document


def test_a_request_queues_then_renders_a_stored_pdf(
    renderer, agreement, legal_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_request(
            kind="scc", source=agreement, edition=FULL, requested_by=legal_editor
        )
    assert document.state == DocumentState.QUEUED
    assert len(callbacks) == 1, "the render task is sent only after commit"

    callbacks[0]()
    document.refresh_from_db()
    assert document.state == DocumentState.READY
    assert document.version == 1
    assert document.source == agreement
    assert document.requested_by == legal_editor
    assert document.input_hash == inputs_hash(document.inputs)
    assert document.page_count == 1
    assert document.size_bytes == document.file.size
    assert document.attempts == 1
    assert document.render_seconds is not None
    assert document.download_filename == f"test-{agreement.reference}-full-v1.pdf"
    assert "Hosting agreement" in pdf_text(document)
    assert "Version 1" in pdf_text(document)


def test_unchanged_inputs_return_the_stored_file_without_rendering(
    renderer, agreement, django_capture_on_commit_callbacks
):
    first = request_and_run(agreement, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = document_request(kind="scc", source=agreement, edition=FULL)

    assert again.pk == first.pk
    assert callbacks == [], "no render task is sent"
    again.refresh_from_db()
    assert again.rendered_at == first.rendered_at
    assert again.attempts == 1
    assert Document.objects.count() == 1


def test_a_register_change_makes_a_new_version_and_the_old_one_stays_downloadable(
    renderer, agreement, editor_client, django_capture_on_commit_callbacks
):
    first = request_and_run(agreement, django_capture_on_commit_callbacks)
    agreement.title = "Hosting agreement, amended"
    agreement.save()

    second = request_and_run(agreement, django_capture_on_commit_callbacks)

    assert second.pk != first.pk
    assert (first.version, second.version) == (1, 2)
    assert second.input_hash != first.input_hash
    assert "amended" in pdf_text(second)
    old = editor_client.get(reverse("admin:transfers_document_download", args=[first.pk]))
    assert old.status_code == 200
    assert b"".join(old.streaming_content).startswith(b"%PDF")


def test_editions_are_versioned_separately(renderer, agreement, django_capture_on_commit_callbacks):
    full = request_and_run(agreement, django_capture_on_commit_callbacks)
    data_subject = request_and_run(
        agreement, django_capture_on_commit_callbacks, edition=DocumentEdition.DATA_SUBJECT
    )
    assert (full.version, data_subject.version) == (1, 1)
    assert data_subject.edition == DocumentEdition.DATA_SUBJECT


def test_an_unknown_edition_is_refused_with_a_clear_message(renderer, agreement):
    with pytest.raises(ValueError, match="Unknown edition 'draft'"):
        document_request(kind="scc", source=agreement, edition="draft")
    assert not Document.objects.exists()


def test_a_fault_marks_the_document_failed_with_the_reason_and_a_new_request_retries_it(
    renderer, agreement, django_capture_on_commit_callbacks
):
    renderer.fail_with = KeyError("annex_ii")
    failed = request_and_run(agreement, django_capture_on_commit_callbacks)
    assert failed.state == DocumentState.FAILED
    assert "KeyError" in failed.failure_reason and "annex_ii" in failed.failure_reason
    assert not failed.file

    renderer.fail_with = None
    retried = request_and_run(agreement, django_capture_on_commit_callbacks)
    assert retried.pk == failed.pk
    assert retried.version == 1
    assert retried.state == DocumentState.READY
    assert retried.failure_reason == ""
    assert retried.attempts == 2


def test_a_transient_error_leaves_the_document_queued_for_a_retry_then_gives_up(
    renderer, agreement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(kind="scc", source=agreement, edition=FULL)
    renderer.fail_with = OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED
    assert "Will retry" in document.failure_reason

    with override_settings(DOCUMENT_MAX_ATTEMPTS=2), pytest.raises(OperationalError):
        document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert document.failure_reason.startswith("Gave up after 2 attempts")


def test_rendering_a_ready_document_again_changes_nothing(
    renderer, agreement, django_capture_on_commit_callbacks
):
    document = request_and_run(agreement, django_capture_on_commit_callbacks)
    again = document_render(document_id=document.pk)
    assert again.rendered_at == document.rendered_at
    assert again.file.name == document.file.name
    assert again.attempts == 1


def test_a_document_another_worker_is_rendering_is_left_alone(renderer, agreement):
    document = _stuck(agreement, DocumentState.RENDERING, minutes_ago=1, lease_seconds=30)
    result = document_render(document_id=document.pk)
    assert result.state == DocumentState.RENDERING
    assert result.attempts == 0


def test_a_render_whose_lease_expired_is_taken_over_at_once(renderer, agreement):
    """A worker killed mid-render stops renewing its lease: a minute later, not 15, the next
    delivery renders the document."""
    document = _stuck(agreement, DocumentState.RENDERING, minutes_ago=1, lease_seconds=-1)
    result = document_render(document_id=document.pk)
    assert result.state == DocumentState.READY
    assert result.lease_until is None


def test_a_ready_document_whose_file_vanished_is_rendered_again(
    renderer, agreement, django_capture_on_commit_callbacks
):
    document = request_and_run(agreement, django_capture_on_commit_callbacks)
    document.file.storage.delete(document.file.name)
    again = request_and_run(agreement, django_capture_on_commit_callbacks)
    assert again.pk == document.pk
    assert again.attempts == 2
    assert again.file.storage.exists(again.file.name)


def _stuck(agreement, state: str, minutes_ago: int, lease_seconds: int = -1) -> Document:
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    rendering = state == DocumentState.RENDERING
    inputs = {"template": "title-page-1", "title": agreement.title, "edition": FULL}
    return Document.objects.create(
        kind="scc",
        edition=FULL,
        scc_agreement=agreement,
        inputs=inputs,
        input_hash=inputs_hash(inputs),
        version=1,
        state=state,
        requested_at=moment,
        queued_at=moment,
        started_at=moment if rendering else None,
        lease_until=timezone.now() + timedelta(seconds=lease_seconds) if rendering else None,
    )


@pytest.mark.parametrize("state", [DocumentState.QUEUED, DocumentState.RENDERING])
def test_the_sweep_requeues_stuck_documents_and_they_render(
    renderer, agreement, state, django_capture_on_commit_callbacks
):
    stuck = _stuck(agreement, state, minutes_ago=60)
    fresh_agreement = SccAgreementFactory()
    fresh = _stuck(fresh_agreement, DocumentState.QUEUED, minutes_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        count = documents_requeue_stale(older_than=timedelta(minutes=15))

    assert count == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == DocumentState.READY
    assert fresh.state == DocumentState.QUEUED


def test_the_beat_schedule_runs_the_sweep(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "transfers.documents.tasks.requeue_stale_documents" in entries
    assert "transfers.documents.tasks.requeue_stale_documents" in celery_app.tasks


def test_a_request_survives_a_broker_outage(
    renderer, agreement, django_capture_on_commit_callbacks
):
    """The row is the truth: with the broker down the request still answers, queued."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_publish_retry)
    celery_app.close()  # a fresh connection pool for the unreachable broker
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    conf.task_publish_retry = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_request(kind="scc", source=agreement, edition=FULL)
    finally:
        celery_app.close()
        conf.task_always_eager, conf.broker_url, conf.task_publish_retry = saved
    document.refresh_from_db()
    assert document.state == DocumentState.QUEUED


# --------------------------------------------------------------------------- downloads


def test_a_staff_download_is_logged_with_who_and_how(
    renderer, agreement, editor_client, legal_editor, django_capture_on_commit_callbacks
):
    document = request_and_run(agreement, django_capture_on_commit_callbacks)
    url = reverse("admin:transfers_document_download", args=[document.pk])

    response = editor_client.get(url, HTTP_USER_AGENT="pytest-browser", REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{document.download_filename}"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    download = DocumentDownload.objects.get()
    assert download.document == document
    assert download.user == legal_editor
    assert download.channel == DownloadChannel.ADMIN
    assert download.ip_address == "10.1.2.3"
    assert download.user_agent == "pytest-browser"


def test_a_viewer_downloads_the_data_subject_copy_but_not_the_full_one(
    renderer, agreement, viewer_client, legal_viewer, django_capture_on_commit_callbacks
):
    full = request_and_run(agreement, django_capture_on_commit_callbacks)
    redacted = request_and_run(
        agreement, django_capture_on_commit_callbacks, edition=DocumentEdition.DATA_SUBJECT
    )

    refused = viewer_client.get(reverse("admin:transfers_document_download", args=[full.pk]))
    assert refused.status_code == 403
    assert "confidential" in refused.content.decode()
    assert "Can download full (confidential) SCC copies" in refused.content.decode()
    assert not DocumentDownload.objects.exists(), "a refused download is not logged"

    allowed = viewer_client.get(reverse("admin:transfers_document_download", args=[redacted.pk]))
    assert allowed.status_code == 200
    assert allowed["Content-Type"] == "application/pdf"
    [logged] = DocumentDownload.objects.all()
    assert (logged.document, logged.user) == (redacted, legal_viewer)


def test_the_viewer_sees_no_link_to_a_full_copy_and_the_editor_does(
    renderer, agreement, client, legal_viewer, legal_editor, django_capture_on_commit_callbacks
):
    full = request_and_run(agreement, django_capture_on_commit_callbacks)
    redacted = request_and_run(
        agreement, django_capture_on_commit_callbacks, edition=DocumentEdition.DATA_SUBJECT
    )
    pages = [
        reverse("admin:transfers_document_changelist"),
        reverse("admin:transfers_document_change", args=[full.pk]),
        reverse("admin:transfers_sccagreement_change", args=[agreement.pk]),
    ]
    full_link = reverse("admin:transfers_document_download", args=[full.pk])
    redacted_link = reverse("admin:transfers_document_download", args=[redacted.pk])

    client.force_login(legal_viewer)
    for page in pages:
        html = client.get(page).content.decode()
        assert full_link not in html, page
        assert "confidential (needs the permission)" in html, page
    assert redacted_link in client.get(pages[0]).content.decode()

    client.force_login(legal_editor)
    for page in pages:
        assert full_link in client.get(page).content.decode(), page


def test_an_editor_downloads_the_full_copy_and_outsiders_nothing(
    renderer, agreement, editor_client, client, django_capture_on_commit_callbacks
):
    document = request_and_run(agreement, django_capture_on_commit_callbacks)
    url = reverse("admin:transfers_document_download", args=[document.pk])
    assert editor_client.get(url).status_code == 200

    client.force_login(UserFactory(username="outsider", is_staff=True))
    assert client.get(url).status_code == 403
    assert DocumentDownload.objects.count() == 1


def test_only_editors_and_superusers_hold_the_confidential_permission(legal_editor, legal_viewer):
    assert legal_editor.has_perm(CONFIDENTIAL_DOWNLOAD_PERMISSION)
    assert not legal_viewer.has_perm(CONFIDENTIAL_DOWNLOAD_PERMISSION)
    assert UserFactory(is_staff=True, is_superuser=True).has_perm(CONFIDENTIAL_DOWNLOAD_PERMISSION)


def test_an_anonymous_visitor_is_sent_to_the_login(
    renderer, agreement, client, django_capture_on_commit_callbacks
):
    document = request_and_run(agreement, django_capture_on_commit_callbacks)
    response = client.get(reverse("admin:transfers_document_download", args=[document.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not DocumentDownload.objects.exists()


def test_a_document_not_ready_cannot_be_downloaded(renderer, agreement, editor_client):
    document = _stuck(agreement, DocumentState.QUEUED, minutes_ago=1)
    response = editor_client.get(
        reverse("admin:transfers_document_download", args=[document.pk]), follow=True
    )
    assert "nothing to download" in response.content.decode()
    assert not DocumentDownload.objects.exists()
    with pytest.raises(ValueError, match="not ready"):
        document_download_record(document=document, channel=DownloadChannel.API)


def test_the_document_admin_lists_documents_with_filters(
    renderer, agreement, viewer_client, django_capture_on_commit_callbacks
):
    document = request_and_run(agreement, django_capture_on_commit_callbacks)
    listing = viewer_client.get(reverse("admin:transfers_document_changelist") + "?state=ready")
    assert listing.status_code == 200
    assert document.hash_prefix in listing.content.decode()
    downloads = viewer_client.get(reverse("admin:transfers_documentdownload_changelist"))
    assert downloads.status_code == 200


# --------------------------------------------------------------------------- WeasyPrint fence


def test_the_pdf_engine_reads_the_shipped_fonts():
    html = (
        "<style>@font-face { font-family: Shipped;"
        " src: url(/static/fonts/LiberationSerif-Bold.ttf) } p { font-family: Shipped }</style>"
        "<p>Standard Contractual Clauses</p>"
    )
    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    embedded = [font.get_object()["/BaseFont"] for font in fonts]
    assert [name.split("+")[1] for name in embedded] == ["Shipped-Bold"], embedded


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/tracker.png",
        "https://example.invalid/font.ttf",
        "file:///etc/passwd",
        "/static/../config/settings/base.py",
        "/static/fonts/missing.ttf",
    ],
)
def test_the_pdf_engine_refuses_anything_but_static_files(url):
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError, match="only read static files"):
        html_to_pdf(f'<img src="{url}"><p>x</p>')
