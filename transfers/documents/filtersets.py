"""Filters of the stored documents in the API."""

from affiliates.filtersets import RegisterFilterSet, SinceFilter
from transfers.documents.models import Document


class DocumentFilterSet(RegisterFilterSet):
    """Stored documents. What a document was made from (``inputs``, which holds the confidential
        annex of a full copy) and where its file lies are never shown: download it instead. Nor is
    who asked for it (the download log keeps that)."""

    requested_since = SinceFilter("requested_at")
    queued_since = SinceFilter("queued_at")
    started_since = SinceFilter("started_at")
    rendered_since = SinceFilter("rendered_at")
    search_fields = ("failure_reason",)
    api_hidden_fields = ("inputs", "file", "requested_by", "lease_until")

    class Meta:
        model = Document
        fields = {
            "kind": ["exact"],
            "edition": ["exact"],
            "scc_agreement": ["exact"],
            "assessment": ["exact"],
            "input_hash": ["exact"],
            "version": ["exact"],
            "state": ["exact"],
            "size_bytes": ["exact", "gte", "lte"],
            "page_count": ["exact", "gte", "lte"],
            "render_seconds": ["gte", "lte"],
            "attempts": ["exact", "gte"],
        }
