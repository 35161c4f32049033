"""WeasyPrint behind a fence: the project's static files are the only thing a PDF may load.

Kept apart from ``rendering`` so that importing the renderer registry does not load WeasyPrint
(about a second); only rendering does."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files to WeasyPrint and refuses every other URL.

    A refusal stops the rendering (``FatalURLFetchingError``): a template that points outside
    the project is a bug to fix, not a warning to ignore. Register values reach the HTML
    escaped, so they cannot add URLs of their own."""

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        relative = self.static_path(url)
        found = finders.find(relative) if relative else None
        if not found:
            raise FatalURLFetchingError(f"PDF rendering may only read static files, not {url!r}")
        mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        with open(found, "rb") as static_file:
            body = static_file.read()
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    def static_path(self, url: str) -> str:
        """The static file a URL names ("fonts/x.ttf"), or "" when it names none."""
        if not url.startswith(self.static_prefix) or urlsplit(url).query:
            return ""
        relative = unquote(url[len(self.static_prefix) :])
        parts = PurePosixPath(relative).parts
        if not parts or any(part in ("..", "/") for part in parts):
            return ""
        return relative


def weasyprint_render(html: str, *, base_url: str) -> tuple[bytes, int]:
    """The PDF of ``html`` and its page count."""
    fetcher = StaticFilesFetcher(base_url)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        font_config=FontConfiguration()
    )
    return document.write_pdf(), len(document.pages)
