"""`manage.py check_transfer`: a JSON request on stdin, the decision as JSON on stdout, the
database's reference data, and bad input refused with the field named and exit code 2."""

import datetime as dt
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.transfers.rules.test_contract import EXAMPLE_REQUEST
from transfers.evaluation.selectors import transfer_check
from transfers.reference.models import AdequacyDecision
from transfers.rules.reference import ruleset_version
from transfers.rules.reference_data import load_reference_data

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def check(request) -> dict:
    stdin = StringIO(request if isinstance(request, str) else json.dumps(request))
    out = StringIO()
    call_command("check_transfer", stdin=stdin, stdout=out)
    return json.loads(out.getvalue())


def test_the_example_request_is_answered_with_the_decision():
    decision = check(EXAMPLE_REQUEST)

    assert decision["restricted_transfer"] is True
    assert decision["adequacy"]["reference"] == "(EU) 2023/1795"
    assert decision["lawful"] is True
    assert decision["date"] == "2024-03-01"
    assert decision["ruleset_version"] == ruleset_version(load_reference_data())


def test_the_answer_follows_the_tables_the_legal_team_edits():
    AdequacyDecision.objects.filter(reference="(EU) 2023/1795").update(effective_until="2024-01-31")
    AdequacyDecision.objects.get(reference="(EU) 2023/1795").save()  # as the admin would

    decision = check(EXAMPLE_REQUEST)

    assert decision["adequacy"] is None
    assert "adequacy-ended" in {finding["code"] for finding in decision["findings"]}
    assert decision["ruleset_version"] != ruleset_version(load_reference_data())


def test_the_date_defaults_to_today():
    request = {key: value for key, value in EXAMPLE_REQUEST.items() if key != "date"}

    decision = transfer_check(request, today=dt.date(2031, 12, 28))

    assert decision["date"] == "2031-12-28"


@pytest.mark.parametrize(
    ("request_text", "field"),
    [
        ('{"exporter": ', "request: not valid JSON"),
        (json.dumps({**EXAMPLE_REQUEST, "colour": "blue"}), "colour: unknown field"),
        (
            json.dumps({**EXAMPLE_REQUEST, "importer": {"country": "UK", "role": "processor"}}),
            "importer.country: 'UK' is not an ISO 3166-1 alpha-2 code (use GB)",
        ),
        (json.dumps({**EXAMPLE_REQUEST, "date": "2024-02-30"}), "date: 2024-02-30 is not"),
        (
            json.dumps({**EXAMPLE_REQUEST, "safeguard_in_place": {"instrument": "scc-1999"}}),
            "safeguard_in_place.instrument: must be one of",
        ),
    ],
)
def test_bad_input_names_the_field_and_exits_with_code_2(request_text, field):
    with pytest.raises(CommandError) as error:
        check(request_text)

    assert str(error.value).startswith(field)
    assert error.value.returncode == 2


def test_the_real_command_exits_with_code_2_and_says_why_on_stderr():
    result = subprocess.run(
        [sys.executable, "manage.py", "check_transfer"],
        input="not json",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "request: not valid JSON" in result.stderr
    assert result.stdout == ""
