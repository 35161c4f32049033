"""Stored documents and their download log in the admin: read-only, with a download link."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html

from ..choices import DocumentState
from ..downloads import staff_document_download
from ..models import Document, DocumentDownload


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only: visible, never added, edited or deleted by hand."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.display(description="State")
def state_with_reason(document: Document) -> str:
    if document.state == DocumentState.FAILED and document.failure_reason:
        return f"{document.get_state_display()}: {document.failure_reason}"
    return document.get_state_display()


@admin.display(description="Download")
def download_link(document: Document) -> str:
    if not document.is_ready:
        return "-"
    url = reverse("admin:transfers_document_download", args=[document.pk])
    return format_html('<a href="{}">{}</a>', url, document.download_filename)


@admin.display(description="Input hash")
def hash_prefix(document: Document) -> str:
    return document.hash_prefix


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "__str__",
        "kind",
        "edition",
        "version",
        state_with_reason,
        hash_prefix,
        "requested_by",
        "requested_at",
        "page_count",
        download_link,
    )
    list_filter = ("kind", "edition", "state")
    list_select_related = ("requested_by", "scc_agreement")
    search_fields = ("input_hash", "scc_agreement__reference", "scc_agreement__title")
    date_hierarchy = "requested_at"
    fields = (
        "kind",
        "edition",
        "scc_agreement",
        "version",
        "state",
        "failure_reason",
        download_link,
        "input_hash",
        "inputs",
        "size_bytes",
        "page_count",
        "requested_by",
        "requested_at",
        "queued_at",
        "started_at",
        "rendered_at",
        "render_seconds",
        "attempts",
    )

    def get_urls(self):
        download = self.admin_site.admin_view(staff_document_download)
        return [
            path("<int:document_id>/download/", download, name="transfers_document_download"),
            *super().get_urls(),
        ]


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(ReadOnlyAdmin):
    list_display = ("at", "document", "channel", "user", "api_key_name", "ip_address")
    list_filter = ("channel", "document__kind", "document__edition")
    list_select_related = ("document", "document__scc_agreement", "user")
    search_fields = ("user__username", "api_key_name", "ip_address", "document__input_hash")
    date_hierarchy = "at"
    fields = ("document", "channel", "user", "api_key_name", "ip_address", "user_agent", "at")
