"""What the rules answer: findings, the adequacy match and the decision."""

import datetime as dt
from dataclasses import dataclass

from transfers.rules.codes import FULL, PARTIAL, SEVERITIES
from transfers.rules.facts import _require
from transfers.rules.reference import Instrument

# ------------------------------------------------------------------------------ output


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str

    def __post_init__(self) -> None:
        _require(self.severity, SEVERITIES, "finding severity")


@dataclass(frozen=True)
class AdequacyMatch:
    reference: str
    title: str
    destination: str
    scope: str
    scope_condition: str
    scope_note: str

    @property
    def scope_description(self) -> str:
        """The scope as shown: "full", or "partial: " and what the decision covers."""
        if self.scope == FULL:
            return FULL
        return f"{PARTIAL}: {self.scope_note or self.scope_condition}"


@dataclass(frozen=True)
class Decision:
    regime: str
    date: dt.date
    ruleset_version: str
    restricted_transfer: bool
    reason: str
    adequacy: AdequacyMatch | None
    scc_module: int | None
    tia_required: bool
    lawful: bool
    findings: tuple[Finding, ...]
    competent_authority: str | None = None
    # Every place the data goes after the importer (`rules.legs`), and whether the transfer is
    # permitted now: lawful, and no error finding on the flow or any leg (a TIA missing where one
    # is required is an error). `lawful` answers "is there a legal basis", `permitted` "may I send".
    legs: tuple = ()
    permitted: bool = False


@dataclass(frozen=True)
class AdequacyOutcome:
    """What the adequacy decisions say: a match, findings that go with it, and the reasons no
    decision covers the flow (`gaps`: code and message, whose severity depends on whether
    something else makes the flow lawful)."""

    match: AdequacyMatch | None
    findings: tuple[Finding, ...] = ()
    gaps: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SafeguardOutcome:
    valid: bool
    instrument: Instrument | None
    findings: tuple[Finding, ...] = ()
