"""Load the demo register (transfers/data/demo_register.yaml) so `make run` has something
to show. Safe to run again: rows are matched by natural key and only changed rows are written."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from affiliates.models import Affiliate
from transfers.demo.assessments import demo_assessment_reports_request
from transfers.demo.services import WRITTEN, DemoDataError, demo_register_load

SUMMARY_LABELS = {
    "affiliates": "affiliates",
    "affiliate_roles": "affiliate roles",
    "vendors": "vendors",
    "vendor_locations": "vendor locations",
    "vendor_certifications": "certifications",
    "sub_processors": "sub-processor links",
    "data_categories": "data categories",
    "data_subject_categories": "data subject categories",
    "purposes": "purposes",
    "transfers": "transfers",
    "scc_agreements": "SCC agreements",
    "assessments": "transfer impact assessments",
}


class Command(BaseCommand):
    help = "Load the demo register from the privacy policy the product was built for."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the register already has affiliates (used by `make run`).",
        )
        parser.add_argument(
            "--file", type=Path, default=None, help="Another demo register file (YAML)."
        )
        parser.add_argument(
            "--reports",
            action="store_true",
            help="Also ask for every TIA's report (rendered here when no broker is configured).",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Affiliate.objects.exists():
            self.stdout.write("The register already has affiliates: demo data not loaded.")
            return
        try:
            counts = demo_register_load(path=options["file"])
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(
            f"{counts[key]} {label}" for key, label in SUMMARY_LABELS.items() if key in counts
        )
        written = counts[WRITTEN]
        change = f"{written} rows created or changed" if written else "nothing changed"
        self.stdout.write(self.style.SUCCESS(f"Demo register: {summary} ({change})."))
        if options["reports"]:
            documents = demo_assessment_reports_request()
            ready = sum(1 for document in documents if document.is_ready)
            self.stdout.write(f"TIA reports: {len(documents)} asked for, {ready} ready.")
