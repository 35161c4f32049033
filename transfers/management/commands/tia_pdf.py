"""Write the PDF report of a transfer impact assessment to a file, for scripts.

Goes through the stored-document pipeline like the admin and the API: the same inputs give back
the stored report, a change renders a new version, and the download is logged (channel
"command"). Rendering happens here when no worker has done it yet."""

import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from transfers.assessments.models import TransferImpactAssessment
from transfers.documents.choices import (
    DocumentEdition,
    DocumentKind,
    DocumentState,
    DownloadChannel,
)
from transfers.documents.models import Document
from transfers.documents.services import document_download_record, document_render, document_request

WAIT_FOR_WORKER_SECONDS = 120


class Command(BaseCommand):
    help = "Write the PDF report of transfer impact assessment TIA_ID to --output PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("tia_id", metavar="TIA_ID", help="The assessment's id.")
        parser.add_argument("--output", required=True, metavar="PATH", help="Where to write it.")

    def handle(self, *args, **options) -> None:
        assessment = self.assessment(options["tia_id"])
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        document = self.ready_document(assessment)
        with document.file.open("rb") as source, output.open("wb") as target:
            shutil.copyfileobj(source, target)
        document_download_record(document=document, channel=DownloadChannel.COMMAND)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output}: report version {document.version} of {assessment} "
                f"({assessment.get_state_display().lower()}), {document.page_count} pages, "
                f"input hash {document.hash_prefix}."
            )
        )

    def assessment(self, tia_id: str) -> TransferImpactAssessment:
        if not tia_id.isdigit():
            raise CommandError(f"TIA_ID must be a number, not {tia_id!r}.")
        try:
            return TransferImpactAssessment.objects.get(pk=int(tia_id))
        except TransferImpactAssessment.DoesNotExist:
            raise CommandError(
                f"There is no transfer impact assessment with id {tia_id}."
            ) from None

    def ready_document(self, assessment: TransferImpactAssessment) -> Document:
        """The stored report for the assessment as it stands, rendered here if need be (or by
        a worker that already took it, waited for)."""
        requested = document_request(
            kind=DocumentKind.TIA, source=assessment, edition=DocumentEdition.FULL
        )
        document = document_render(document_id=requested.pk)
        deadline = time.monotonic() + WAIT_FOR_WORKER_SECONDS
        while document.state in (DocumentState.QUEUED, DocumentState.RENDERING):
            if time.monotonic() > deadline:
                raise CommandError(f"Report {document.pk} is still {document.state}; try again.")
            time.sleep(0.5)
            document.refresh_from_db()
        if document.state != DocumentState.READY:
            raise CommandError(f"The report could not be rendered: {document.failure_reason}")
        return document
