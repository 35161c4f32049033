"""Stored documents and their download log in the admin (read-only, with a download link), and
the SCC agreement's copies: actions, buttons on its page and the list of its versions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from transfers.documents.choices import DocumentEdition, DocumentKind, DocumentState
from transfers.documents.downloads import (
    CONFIDENTIAL_REFUSAL,
    staff_document_download,
    user_may_download_edition,
    user_may_view_source,
)
from transfers.documents.models import Document, DocumentDownload
from transfers.documents.services import document_request
from transfers.register.admin import SccAgreementAdmin
from transfers.register.models import SccAgreement


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


def download_link_for(user):
    """The "Download" column for ``user``: no link to a full edition they may not download.

    Admin display functions get the row only, so the column is built per request."""

    @admin.display(description="Download")
    def download_link(document: Document) -> str:
        if not document.is_ready:
            return "-"
        if not user_may_download_edition(user, document):
            return "confidential (needs the permission)"
        url = reverse("admin:transfers_document_download", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.download_filename)

    return download_link


def with_download_link(request: HttpRequest, names) -> tuple:
    """``names`` with the "download" placeholder replaced by the column for this user.

    One column per request: the admin matches fields against read-only fields by identity."""
    link = getattr(request, "_document_download_link", None)
    if link is None:
        link = request._document_download_link = download_link_for(request.user)
    return tuple(link if name == "download" else name for name in names)


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
        "download",
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
        "download",
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

    def get_list_display(self, request: HttpRequest):
        return with_download_link(request, self.list_display)

    def get_fields(self, request: HttpRequest, obj=None):
        return with_download_link(request, self.fields)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return self.get_fields(request, obj)

    def download(self, document: Document) -> str:
        """Stands in for the per-request column (see ``with_download_link``) in admin checks."""
        return "-"

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:document_id>/download/", download, name="transfers_document_download"),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, document_id: int):
        """The download, or a 403 page saying why a full edition is refused (nothing logged)."""
        document = get_object_or_404(Document, pk=document_id)
        if user_may_view_source(request.user, document) and not user_may_download_edition(
            request.user, document
        ):
            context = {
                **self.admin_site.each_context(request),
                "title": "Confidential document",
                "document": document,
                "reason": CONFIDENTIAL_REFUSAL,
            }
            return TemplateResponse(
                request, "admin/transfers/document/download_refused.html", context, status=403
            )
        return staff_document_download(request, document_id)


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(ReadOnlyAdmin):
    list_display = ("at", "document", "channel", "user", "api_key_name", "ip_address")
    list_filter = ("channel", "document__kind", "document__edition")
    list_select_related = ("document", "document__scc_agreement", "user")
    search_fields = ("user__username", "api_key_name", "ip_address", "document__input_hash")
    date_hierarchy = "at"
    fields = ("document", "channel", "user", "api_key_name", "ip_address", "user_agent", "at")


# ---------------------------------------------------------------------- SCC agreements


class SccDocumentInline(admin.TabularInline):
    """The agreement's stored copies, newest first: state, version, hash, who asked, download."""

    model = Document
    fk_name = "scc_agreement"
    fields = (
        "edition",
        "version",
        state_with_reason,
        hash_prefix,
        "requested_by",
        "requested_at",
        "page_count",
        "download",
    )
    readonly_fields = fields
    ordering = ("-requested_at", "-id")
    extra = 0
    can_delete = False
    verbose_name = "stored SCC copy"
    verbose_name_plural = "stored SCC copies (generate them with the buttons at the top)"

    def get_fields(self, request: HttpRequest, obj=None):
        return with_download_link(request, self.fields)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return self.get_fields(request, obj)

    def download(self, document: Document) -> str:
        """Stands in for the per-request column (see ``with_download_link``) in admin checks."""
        return "-"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


EDITION_LABELS = {
    DocumentEdition.FULL: "full",
    DocumentEdition.DATA_SUBJECT: "data-subject",
}


class SccAgreementDocumentsAdmin(SccAgreementAdmin):
    """The SCC agreement admin plus its copies: actions, buttons and the list of versions."""

    change_form_template = "admin/transfers/sccagreement/change_form.html"
    inlines = [*SccAgreementAdmin.inlines, SccDocumentInline]
    actions = ["generate_full_copy", "generate_data_subject_copy"]

    def has_generate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("transfers.add_document")

    @admin.action(description="Generate SCC copy (full)", permissions=["generate"])
    def generate_full_copy(self, request: HttpRequest, queryset) -> None:
        for agreement in queryset:
            self.request_copy(request, agreement, DocumentEdition.FULL)

    @admin.action(description="Generate SCC copy (data-subject)", permissions=["generate"])
    def generate_data_subject_copy(self, request: HttpRequest, queryset) -> None:
        for agreement in queryset:
            self.request_copy(request, agreement, DocumentEdition.DATA_SUBJECT)

    def request_copy(self, request: HttpRequest, agreement, edition: str) -> None:
        """Ask the pipeline for a copy and say what happened (stored, queued or why not)."""
        label = f"SCC copy ({EDITION_LABELS[edition]}) of {agreement.reference}"
        try:
            document = document_request(
                kind=DocumentKind.SCC, source=agreement, edition=edition, requested_by=request.user
            )
        except (ValueError, LookupError) as exc:
            self.message_user(request, f"{label}: {exc}", messages.ERROR)
            return
        if document.state == DocumentState.READY:
            self.message_user(
                request,
                f"{label}: version {document.version} is ready (unchanged register, stored file).",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                f"{label}: version {document.version} is {document.get_state_display().lower()};"
                " its state shows in the list of stored copies.",
                messages.INFO,
            )

    def get_urls(self):
        generate = self.admin_site.admin_view(self.generate_view)
        return [
            path(
                "<int:agreement_id>/generate/<str:edition>/",
                generate,
                name="transfers_sccagreement_generate",
            ),
            *super().get_urls(),
        ]

    def generate_view(self, request: HttpRequest, agreement_id: int, edition: str):
        """The change page's buttons: POST only, permission checked, back to the change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_generate_permission(request):
            raise PermissionDenied("You may not generate SCC copies.")
        agreement = get_object_or_404(SccAgreement, pk=agreement_id)
        if edition not in EDITION_LABELS:
            self.message_user(request, f"Unknown edition {edition!r}.", messages.ERROR)
        else:
            self.request_copy(request, agreement, edition)
        return HttpResponseRedirect(
            reverse("admin:transfers_sccagreement_change", args=[agreement.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_generate_documents": self.has_generate_permission(request),
            "document_editions": [
                (edition, f"Generate SCC copy ({label})")
                for edition, label in EDITION_LABELS.items()
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)


admin.site.unregister(SccAgreement)
admin.site.register(SccAgreement, SccAgreementDocumentsAdmin)
