"""The HTTP side of stored documents: who may download one, and the file response.

Callers (the admin, the API, the public pages) check access their own way, log the download with
``document_download_record`` and answer with ``document_file_response``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from transfers.documents.choices import DownloadChannel
from transfers.documents.models import CONFIDENTIAL_DOWNLOAD_PERMISSION, Document
from transfers.documents.services import document_download_record


def document_file_response(document: Document) -> FileResponse:
    """The stored PDF as an attachment with its file name; never cached by shared caches.

    Raises Http404 when the document has no file (not ready, or the file went missing)."""
    if not document.is_ready or not document.file.storage.exists(document.file.name):
        raise Http404("This document has no file to download yet.")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


CONFIDENTIAL_REFUSAL = (
    "Full SCC copies and TIA reports are confidential: downloading them needs the permission "
    '"Can download full (confidential) SCC copies and TIA reports". '
    "Data-subject copies need none."
)


def user_may_view_source(user: Any, document: Document) -> bool:
    """Staff who may view the document's source (the SCC agreement, the assessment...)."""
    source_meta = document._meta.get_field(document.source_field).related_model._meta
    permission = f"{source_meta.app_label}.view_{source_meta.model_name}"
    return bool(user.is_active and user.is_staff and user.has_perm(permission))


def user_may_download_edition(user: Any, document: Document) -> bool:
    """A confidential (full) edition needs its own permission; seeing the source is not enough."""
    return not document.is_confidential or user.has_perm(CONFIDENTIAL_DOWNLOAD_PERMISSION)


def credential_may_download_edition(credential: Any, document: Document) -> bool:
    """An API key downloads a confidential edition only with its flag, whatever its access."""
    return not document.is_confidential or bool(credential.may_download_confidential)


def user_may_download(user: Any, document: Document) -> bool:
    """Staff who may view the source and, for a full edition, hold the confidential permission."""
    return user_may_view_source(user, document) and user_may_download_edition(user, document)


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (a proxy's header is not trusted here)."""
    return request.META.get("REMOTE_ADDR") or None


def staff_document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """Admin download: permission on the source (and on full editions), a logged download.

    Callers that want a page explaining a refused full edition check
    ``user_may_download_edition`` first (the admin does); here the refusal is a plain 403."""
    document = get_object_or_404(Document, pk=document_id)
    if not user_may_view_source(request.user, document):
        raise PermissionDenied("You may not view what this document is about.")
    if not user_may_download_edition(request.user, document):
        raise PermissionDenied(CONFIDENTIAL_REFUSAL)
    if not document.is_ready:
        messages.warning(
            request, f"{document} is {document.get_state_display().lower()}: nothing to download."
        )
        return HttpResponseRedirect(reverse("admin:transfers_document_change", args=[document.pk]))
    response = document_file_response(document)
    document_download_record(
        document=document,
        channel=DownloadChannel.ADMIN,
        user=request.user,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    return response
