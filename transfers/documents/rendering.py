"""From inputs to PDF: the renderer registry and WeasyPrint. No ORM writes happen here.

Each kind of document (SCC copy, TIA report) has one ``DocumentRenderer``. A renderer reads its
source row once, in ``inputs``, into a JSON-serialisable dict holding everything the PDF is made
from (including a template version, so that a template change renders anew); the SHA-256 of that
dict's canonical JSON is the document's input hash. ``html`` then works from the dict alone, so
the same inputs always give the same document, whatever has changed in the register since.

WeasyPrint runs with the fonts the project ships in ``static/fonts/`` and a URL fetcher that reads
only the project's static files: rendering never touches the network or the rest of the disk."""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from transfers.documents.choices import DocumentEdition

# Relative URLs in templates ("/static/fonts/x.ttf") resolve against this base; the fetcher
# maps what falls under STATIC_URL to the static files and refuses everything else.
PDF_BASE_URL = "file:///"
DOCUMENT_META_KEY = "document"


class DocumentRenderer(ABC):
    """How one kind of document is made. Subclass it and pass an instance to register_renderer.

    ``kind`` is a ``DocumentKind`` value; ``source_field`` the ``Document`` foreign key that points
    at the source row ("scc_agreement"); ``editions`` the ``DocumentEdition`` values it supports.
    """

    kind: str
    source_field: str
    editions: tuple[str, ...] = (DocumentEdition.FULL, DocumentEdition.DATA_SUBJECT)

    @abstractmethod
    def inputs(self, source: Any, edition: str) -> dict[str, Any]:
        """Everything the document is made from, JSON-serialisable (dates as ISO strings).

        Include a template or ruleset version. Leave out what the edition must not show: a
        confidential value that is not in the inputs cannot reach the PDF, and does not make a
        new version of an edition that never shows it. Raise ``DocumentInputError`` when the
        source cannot make a document (the message is shown to the person who asked)."""

    @abstractmethod
    def html(self, inputs: dict[str, Any], edition: str) -> str:
        """The document's HTML, from ``inputs`` only.

        The service adds ``inputs["document"]`` (version, input_hash, requested_at) so a cover can
        name the version; it is not part of the hash."""

    @abstractmethod
    def filename(self, source: Any, edition: str, version: int) -> str:
        """The PDF's file name, e.g. "SCC-acme-aws-module-2-full-v3.pdf"."""


class DocumentInputError(ValueError):
    """The source cannot make this document yet (e.g. a missing supervisory authority)."""


class UnknownDocumentKind(LookupError):
    pass


_RENDERERS: dict[str, DocumentRenderer] = {}


def register_renderer(renderer: DocumentRenderer) -> DocumentRenderer:
    """Make ``renderer`` the one for its kind (registering again replaces it)."""
    _RENDERERS[renderer.kind] = renderer
    return renderer


def renderer_for(kind: str) -> DocumentRenderer:
    try:
        return _RENDERERS[kind]
    except KeyError:
        known = ", ".join(sorted(_RENDERERS)) or "none"
        message = f"No renderer for documents of kind {kind!r} (known: {known})."
        raise UnknownDocumentKind(message) from None


def canonical_json(inputs: dict[str, Any]) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept (the hash depends on it)."""
    return json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def inputs_hash(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(inputs).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def render_pdf(html: str) -> RenderedPdf:
    """WeasyPrint, offline: shipped fonts, static files only. Also says how many pages.

    WeasyPrint is imported here, not at the top: it takes a second to load, which every
    management command and test run would otherwise pay."""
    from transfers.documents.pdf_engine import weasyprint_render

    content, page_count = weasyprint_render(html, base_url=PDF_BASE_URL)
    return RenderedPdf(content=content, page_count=page_count)


def html_to_pdf(html: str) -> bytes:
    return render_pdf(html).content
