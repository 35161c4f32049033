"""Evaluate the register with the transfer rules.

manage.py evaluate_transfers                     # evaluate and store today's status
manage.py evaluate_transfers --dry-run           # what would change today; writes nothing
manage.py evaluate_transfers --date 2031-12-27   # what changes on that date; writes nothing
"""

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from transfers.evaluation.services import (
    TransferChange,
    existed_on,
    transfers_evaluate,
    what_changes_on,
)
from transfers.register.models import Transfer
from vendors.choices import ComplianceStatus


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


def status_label(status: str) -> str:
    return str(ComplianceStatus(status).label).lower()


def describe(change: TransferChange) -> str:
    status = (
        f"{status_label(change.stored_status)} -> {status_label(change.status)}"
        if change.status != change.stored_status
        else f"still {status_label(change.status)}"
    )
    parts = [f"+{code} ({severity})" for code, severity in change.added]
    parts += [f"-{code} ({severity})" for code, severity in change.removed]
    return f"  {change.reference}: {status}; {', '.join(parts) or 'same findings'}"


class Command(BaseCommand):
    help = "Evaluate every transfer and store today's status, or show what changes on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=iso_date,
            help="Show what would change on this date (YYYY-MM-DD) instead of storing.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options) -> None:
        if options["date"] is None and not options["dry_run"]:
            self.store(options["batch_size"])
        else:
            self.preview(options["date"] or timezone.localdate(), options["batch_size"])

    def store(self, batch_size: int) -> None:
        summary = transfers_evaluate(batch_size=batch_size)
        counts = ", ".join(
            f"{summary.statuses[status]} {status_label(status)}"
            for status in ComplianceStatus.values
            if status != ComplianceStatus.NOT_EVALUATED
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Evaluated {summary.evaluated} transfers on {summary.on_date}: {counts}; "
                f"{summary.changed} changed; {summary.vendors} vendors refreshed."
            )
        )

    def preview(self, on_date: dt.date, batch_size: int) -> None:
        changes = what_changes_on(on_date=on_date, batch_size=batch_size)
        absent = Transfer.objects.exclude(existed_on(on_date)).count()
        if absent:
            self.stdout.write(
                f"On {on_date}, {absent} transfer(s) had not started or had ended; they are "
                "left out."
            )
        if not changes:
            self.stdout.write(f"On {on_date}, no transfer's status or findings would change.")
            return
        self.stdout.write(
            f"On {on_date}, {len(changes)} transfer(s) would differ from the stored evaluation "
            "(nothing was written):"
        )
        for change in changes:
            self.stdout.write(describe(change))
