"""Requesting, rendering and downloading stored documents (SCC copies, TIA reports).

The row is the truth: a request writes a queued row and sends the render task only once the
transaction has committed; the task moves the row to rendering, then ready or failed with a
reason; a periodic sweep re-sends rows stuck in queued or rendering. If the broker is down when a
request is made, the row waits for the sweep, and nothing is lost."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from transfers.dispatch import send_after_commit
from transfers.documents.choices import DocumentState
from transfers.documents.models import Document, DocumentDownload
from transfers.documents.rendering import DOCUMENT_META_KEY, inputs_hash, render_pdf, renderer_for

logger = logging.getLogger(__name__)

# Errors worth another try later (the database or a network file system was briefly away);
# anything else is a fault in the inputs or the template, recorded as the failure reason.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    InterfaceError,
    OperationalError,
)

ACTIVE_STATES = (DocumentState.QUEUED, DocumentState.RENDERING, DocumentState.READY)


def document_request(*, kind: str, source: Any, edition: str, requested_by: Any = None) -> Document:
    """The document of ``kind`` and ``edition`` for ``source`` as the register stands now.

    Same inputs as an existing ready, queued or rendering document: that document, without
    rendering again. Same inputs as a failed one: that one, queued again. Otherwise the next
    version, queued; the render task is sent once the transaction commits. Raises
    ``ValueError`` (``DocumentInputError``) with a message for people when the edition is unknown
    or the source cannot make the document."""
    renderer = renderer_for(kind)
    if edition not in renderer.editions:
        choices = ", ".join(renderer.editions)
        raise ValueError(f"Unknown edition {edition!r} for {kind} documents: use {choices}.")
    inputs = renderer.inputs(source, edition)
    digest = inputs_hash(inputs)
    source_filter = {renderer.source_field: source}
    with transaction.atomic():
        _lock_source(source)
        same_inputs = Document.objects.filter(
            **source_filter, kind=kind, edition=edition, input_hash=digest
        ).order_by("-version")
        existing = same_inputs.filter(state__in=ACTIVE_STATES).first()
        if existing is not None and _file_present_or_pending(existing):
            return existing
        document = existing or same_inputs.filter(state=DocumentState.FAILED).first()
        if document is None:
            document = _new_version(kind, edition, source_filter, digest, inputs, requested_by)
        else:
            _requeue(document)
        _send_on_commit(document)
    return document


def _lock_source(source: Any) -> None:
    """Serialise requests for one source, so two of them cannot take the same version number."""
    type(source).objects.select_for_update().filter(pk=source.pk).exists()


def _file_present_or_pending(document: Document) -> bool:
    """A ready document whose file went missing from storage is rendered again."""
    if document.state != DocumentState.READY:
        return True
    return bool(document.file) and document.file.storage.exists(document.file.name)


def _new_version(
    kind: str,
    edition: str,
    source_filter: dict[str, Any],
    digest: str,
    inputs: dict[str, Any],
    requested_by: Any,
) -> Document:
    latest = Document.objects.filter(**source_filter, kind=kind, edition=edition).aggregate(
        latest=Max("version")
    )["latest"]
    now = timezone.now()
    document = Document(
        kind=kind,
        edition=edition,
        input_hash=digest,
        inputs=inputs,
        version=(latest or 0) + 1,
        state=DocumentState.QUEUED,
        requested_by=requested_by,
        requested_at=now,
        queued_at=now,
        **source_filter,
    )
    document.full_clean()
    document.save()
    return document


def _requeue(document: Document) -> None:
    document.state = DocumentState.QUEUED
    document.queued_at = timezone.now()
    document.save(update_fields=["state", "queued_at"])


def _send_on_commit(document: Document) -> None:
    """Send the render task after commit; a broker that is down leaves the row to the sweep."""
    from transfers.documents.tasks import render_document  # the tasks module imports this one

    send_after_commit(render_document, document.pk)


def document_render(*, document_id: int) -> Document:
    """Render a queued document and store its PDF. Idempotent and safe to run twice at once.

    A ready document (with its file) is returned untouched, and so is one another worker holds
    the lease of (``DOCUMENT_LEASE``, renewed by a heartbeat while it renders); an expired lease
    means that worker died, and this one takes the document over. A fault in the inputs or the
    template marks the row failed with the reason; a transient error is re-raised (after the
    row records it) for the task to retry, until ``DOCUMENT_MAX_ATTEMPTS`` is reached."""
    document, claimed = _claim(document_id)
    if not claimed:
        return document
    started = time.perf_counter()
    try:
        with _lease_heartbeat(document.pk):
            renderer = renderer_for(document.kind)
            html = renderer.html(_with_document_meta(document), document.edition)
            pdf = render_pdf(html)
            source = document.source
            filename = renderer.filename(source, document.edition, document.version)
    except TRANSIENT_ERRORS as exc:
        _record_transient_failure(document, exc)
        raise
    except Exception as exc:  # noqa: BLE001 - any fault of inputs or template is the reason
        logger.exception("Rendering document %s failed", document.pk)
        return _mark_failed(document, f"{type(exc).__name__}: {exc}")
    return _store(document, filename, pdf.content, pdf.page_count, time.perf_counter() - started)


def _claim(document_id: int) -> tuple[Document, bool]:
    """Move the row to rendering and say so; leave it alone when it is ready, failed (a new
    request re-queues it) or being rendered by another worker."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.state == DocumentState.READY and _file_present_or_pending(document):
            return document, False
        if document.state == DocumentState.FAILED:
            return document, False
        if document.state == DocumentState.RENDERING and _lease_held(document):
            logger.info("Document %s is being rendered elsewhere; not twice", document.pk)
            return document, False
        document.state = DocumentState.RENDERING
        document.started_at = timezone.now()
        document.lease_until = document.started_at + settings.DOCUMENT_LEASE
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "lease_until", "attempts"])
    return document, True


def _lease_held(document: Document) -> bool:
    return document.lease_until is not None and document.lease_until > timezone.now()


@contextmanager
def _lease_heartbeat(document_id: int) -> Iterator[None]:
    """Renew the render's lease every third of its length until the block ends.

    The renewal runs in a thread with its own database connection, closed when it stops; a
    render shorter than a third of the lease never touches the database from it."""
    stop = threading.Event()
    interval = settings.DOCUMENT_LEASE.total_seconds() / 3

    def beat() -> None:
        try:
            while not stop.wait(interval):
                Document.objects.filter(pk=document_id, state=DocumentState.RENDERING).update(
                    lease_until=timezone.now() + settings.DOCUMENT_LEASE
                )
        except Exception:  # noqa: BLE001 - a missed beat only shortens the lease
            logger.warning("Lease heartbeat of document %s failed", document_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"lease-document-{document_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def _with_document_meta(document: Document) -> dict[str, Any]:
    meta = {
        "version": document.version,
        "input_hash": document.input_hash,
        "requested_at": document.requested_at.isoformat(),
    }
    return {**document.inputs, DOCUMENT_META_KEY: meta}


def _store(
    document: Document, filename: str, content: bytes, page_count: int, seconds: float
) -> Document:
    document.file.save(filename, ContentFile(content), save=False)
    document.size_bytes = len(content)
    document.page_count = page_count
    document.render_seconds = round(seconds, 3)
    document.rendered_at = timezone.now()
    document.state = DocumentState.READY
    document.failure_reason = ""
    document.lease_until = None
    document.save(
        update_fields=[
            "lease_until",
            "file",
            "size_bytes",
            "page_count",
            "render_seconds",
            "rendered_at",
            "state",
            "failure_reason",
        ]
    )
    return document


def _mark_failed(document: Document, reason: str) -> Document:
    document.state = DocumentState.FAILED
    document.failure_reason = reason[:2000]
    document.save(update_fields=["state", "failure_reason"])
    return document


def _record_transient_failure(document: Document, exc: BaseException) -> None:
    """Back to queued for a retry, or failed for good after too many attempts."""
    reason = f"{type(exc).__name__}: {exc}"
    if document.attempts >= settings.DOCUMENT_MAX_ATTEMPTS:
        _mark_failed(document, f"Gave up after {document.attempts} attempts. Last error: {reason}")
        return
    document.state = DocumentState.QUEUED
    document.queued_at = timezone.now()
    document.failure_reason = f"Will retry (attempt {document.attempts}): {reason}"[:2000]
    document.save(update_fields=["state", "queued_at", "failure_reason"])


def documents_requeue_stale(*, older_than: timedelta | None = None) -> int:
    """Re-send rows queued longer than ``older_than`` and rows rendering whose lease expired.

    Catches what a dead worker (its lease runs out within ``DOCUMENT_LEASE``) or a broker outage
    left behind. Returns how many were re-sent."""
    now = timezone.now()
    cutoff = now - (older_than or settings.STALE_DOCUMENT_AFTER)
    stale = Q(state=DocumentState.QUEUED, queued_at__lt=cutoff) | Q(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True), state=DocumentState.RENDERING
    )
    count = 0
    with transaction.atomic():
        for document in Document.objects.select_for_update(skip_locked=True).filter(stale):
            logger.warning("Re-queueing stale document %s (%s)", document.pk, document.state)
            _requeue(document)
            _send_on_commit(document)
            count += 1
    return count


def document_download_record(
    *,
    document: Document,
    channel: str,
    user: Any = None,
    api_key_name: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> DocumentDownload:
    """Log one download of ``document`` (who, how, from where)."""
    if document.state != DocumentState.READY:
        raise ValueError(f"Document {document.pk} is {document.state}, not ready: no download.")
    download = DocumentDownload(
        document=document,
        channel=channel,
        user=user if user is not None and user.is_authenticated else None,
        api_key_name=api_key_name,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:300],
    )
    download.full_clean()
    download.save()
    return download
