"""Check one flow against the transfer rules: a JSON request on standard input, the decision as
JSON on standard output (the same contract as POST /api/v1/transfer-checks/).

    echo '{"exporter": {"country": "IE", "role": "controller"},
           "importer": {"country": "US", "role": "processor"}}' | manage.py check_transfer

A request the contract refuses (not JSON, an unknown field, a bad code or date) exits with code 2
and a message on standard error that names the field."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from transfers.evaluation.selectors import transfer_check
from transfers.rules.contract import CheckRequestError

BAD_REQUEST = 2


class Command(BaseCommand):
    help = "Read a transfer-check request (JSON) on stdin and print the decision as JSON."
    requires_system_checks = []  # a scripted call: stderr carries only the answer's errors
    stealth_options = ("stdin",)  # call_command(..., stdin=...) in tests

    def handle(self, *args, **options) -> None:
        stdin = options.get("stdin", sys.stdin)
        try:
            payload = json.loads(stdin.read())
        except json.JSONDecodeError as error:
            raise CommandError(
                f"request: not valid JSON ({error})", returncode=BAD_REQUEST
            ) from None
        try:
            decision = transfer_check(payload)
        except CheckRequestError as error:
            raise CommandError(f"{error.field}: {error.message}", returncode=BAD_REQUEST) from None
        self.stdout.write(json.dumps(decision, indent=2, ensure_ascii=False))
