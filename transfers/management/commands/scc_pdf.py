"""Write an SCC copy to a file, through the stored-document pipeline (a stored file is reused).

python manage.py scc_pdf AGREEMENT_ID --edition full|data-subject --output PATH
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from transfers.documents.choices import (
    DocumentEdition,
    DocumentKind,
    DocumentState,
    DownloadChannel,
)
from transfers.documents.models import Document
from transfers.documents.services import (
    TRANSIENT_ERRORS,
    document_download_record,
    document_render,
    document_request,
)
from transfers.register.models import SccAgreement

EDITIONS = {"full": DocumentEdition.FULL, "data-subject": DocumentEdition.DATA_SUBJECT}


class Command(BaseCommand):
    help = "Write the PDF copy of an SCC agreement (full or data-subject edition) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agreement", help="The SCC agreement's id (or its reference).")
        parser.add_argument("--edition", required=True, choices=sorted(EDITIONS))
        parser.add_argument("--output", required=True, type=Path, help="Where to write the PDF.")
        parser.add_argument(
            "--wait",
            type=float,
            default=300,
            help="Seconds to wait for a worker that is already rendering it (default 300).",
        )

    def handle(self, *args, agreement: str, edition: str, output: Path, wait: float, **options):
        scc_agreement = self.find_agreement(agreement)
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        started = time.perf_counter()
        try:
            document = document_request(
                kind=DocumentKind.SCC, source=scc_agreement, edition=EDITIONS[edition]
            )
        except (ValueError, LookupError) as exc:
            raise CommandError(str(exc)) from exc
        reused = document.state == DocumentState.READY
        document = self.until_settled(document, wait)
        if document.state != DocumentState.READY:
            raise CommandError(f"Rendering failed: {document.failure_reason or document.state}")
        with document.file.open("rb") as stored, output.open("wb") as target:
            shutil.copyfileobj(stored, target)
        document_download_record(document=document, channel=DownloadChannel.COMMAND)
        how = "stored file reused" if reused else "rendered"
        self.stdout.write(
            f"Wrote {output} ({document}, {document.page_count} pages, {how}, "
            f"{time.perf_counter() - started:.2f} s)."
        )

    def find_agreement(self, key: str) -> SccAgreement:
        lookup = {"pk": int(key)} if key.isdigit() else {"reference": key}
        try:
            return SccAgreement.objects.get(**lookup)
        except SccAgreement.DoesNotExist:
            raise CommandError(f"No SCC agreement with id or reference {key!r}.") from None

    def until_settled(self, document: Document, wait: float) -> Document:
        """Render here if nobody has (no worker, or a broker that is down); else wait for it."""
        deadline = time.monotonic() + wait
        while True:
            document.refresh_from_db()
            if document.state in (DocumentState.READY, DocumentState.FAILED):
                return document
            if document.state == DocumentState.QUEUED:
                try:
                    document = document_render(document_id=document.pk)
                except TRANSIENT_ERRORS as exc:
                    raise CommandError(f"Rendering failed for now, try again: {exc}") from exc
                continue
            if time.monotonic() > deadline:
                raise CommandError(f"{document} is still rendering elsewhere after {wait:.0f} s.")
            time.sleep(0.5)
