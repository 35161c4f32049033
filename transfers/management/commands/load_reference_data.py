"""Reload the reference data shipped in the repo (countries, legal bases, supervisory
authorities, adequacy decisions, transfer instruments and their terms) after a file changed, or
to restore rows edited by mistake.

Rows are matched by their natural key and overwritten with the file's values; rows the legal team
added that are not in the files are left alone. A changed row re-evaluates the register once the
load commits."""

from django.core.management.base import BaseCommand
from django.db import transaction

from affiliates.models import Country
from affiliates.reference_data import load_countries
from transfers.reference.models import (
    AdequacyDecision,
    InstrumentTerm,
    LegalBasis,
    SupervisoryAuthority,
    TransferInstrument,
)
from transfers.reference.services import (
    load_adequacy_decisions,
    load_instruments,
    load_legal_bases,
    load_supervisory_authorities,
)


class Command(BaseCommand):
    help = (
        "Load the shipped reference data: countries, legal bases, supervisory authorities, "
        "adequacy decisions, transfer instruments."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = {
                "countries": load_countries(Country),
                "legal bases": load_legal_bases(LegalBasis),
                "supervisory authorities": load_supervisory_authorities(SupervisoryAuthority),
                "adequacy decisions": load_adequacy_decisions(AdequacyDecision),
                "transfer instruments": load_instruments(TransferInstrument, InstrumentTerm),
            }
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {summary}."))
