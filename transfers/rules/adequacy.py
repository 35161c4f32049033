"""Adequacy: which decision covers a destination on a date, and what its scope requires."""

import datetime as dt

from transfers.rules.codes import (
    ADEQUACY_ENDED,
    ADEQUACY_NOT_YET_IN_FORCE,
    ADEQUACY_SCOPE_NOT_MET,
    ADEQUACY_SCOPE_UNCONFIRMED,
    ADEQUACY_SECTOR_EXCLUSIONS,
    CERTIFICATION_LAPSED,
    CERTIFICATION_MISSING,
    CERTIFICATION_NOT_YET_VALID,
    CERTIFICATION_WRONG_PROGRAMME,
    COMMERCIAL_ORGANISATIONS,
    INFO,
    NO_CONDITION,
    PROGRAMME_NAMES,
    SECTOR_EXCLUSIONS,
    WARNING,
)
from transfers.rules.facts import ImporterFacts
from transfers.rules.outcomes import AdequacyMatch, AdequacyOutcome, Finding
from transfers.rules.reference import AdequacyDecision, ReferenceData

# ------------------------------------------------------------------------------ adequacy


def _programme_name(programme: str) -> str:
    return PROGRAMME_NAMES.get(programme, programme)


def _cited(decision: AdequacyDecision) -> str:
    """The decision as a lawyer cites it mid-sentence: "the EU-US Data Privacy Framework adequacy
    decision, (EU) 2023/1795,"."""
    return f"the {decision.title}, {decision.reference},"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _match(decision: AdequacyDecision, destination: str) -> AdequacyMatch:
    return AdequacyMatch(
        reference=decision.reference,
        title=decision.title,
        destination=destination,
        scope=decision.scope,
        scope_condition=decision.scope_condition,
        scope_note=decision.scope_note,
    )


def _certification_coverage(
    decision: AdequacyDecision,
    importer: ImporterFacts,
    on: dt.date,
    destination: str,
    recognised: frozenset[str],
) -> tuple[str, str] | None:
    """None if the importer holds the required certification on the date, else the gap."""
    programme = decision.required_certification or ""
    held = [c for c in importer.certifications if c.programme == programme]
    if any(c.valid_on(on) for c in held):
        return None
    prefix = (
        f"The transfer to {destination} would rely on {_cited(decision)} which covers only "
        f"organisations certified under the {_programme_name(programme)}; "
    )
    lapsed = [c.valid_until for c in held if c.valid_until is not None and c.valid_until < on]
    if lapsed:
        return CERTIFICATION_LAPSED, prefix + (
            f"the importer's certification was valid only until {max(lapsed)}."
        )
    if held:
        start = min(c.valid_from for c in held if c.valid_from is not None)
        return CERTIFICATION_NOT_YET_VALID, prefix + (
            f"the importer's certification takes effect only on {start}."
        )
    others = sorted({c.programme for c in importer.certifications if c.valid_on(on)} - recognised)
    if others:
        names = " and the ".join(_programme_name(p) for p in others)
        return CERTIFICATION_WRONG_PROGRAMME, prefix + (
            f"the importer is certified only under the {names}, which this regime does not "
            "recognise for this destination."
        )
    return CERTIFICATION_MISSING, prefix + "the importer holds no such certification."


def _scope_coverage(
    decision: AdequacyDecision,
    importer: ImporterFacts,
    on: dt.date,
    destination: str,
    recognised: frozenset[str],
) -> tuple[bool, list[Finding], list[tuple[str, str]]]:
    """Whether an in-force decision covers this importer: (covered, findings, gaps)."""
    condition = decision.scope_condition
    if condition == NO_CONDITION:
        return True, [], []
    if condition == SECTOR_EXCLUSIONS:
        message = (
            f"{_capitalised(_cited(decision))} covers {destination} only in part. "
            f"{decision.scope_note} The legal team should confirm that this importer's "
            "processing is not excluded."
        )
        return True, [Finding(ADEQUACY_SECTOR_EXCLUSIONS, INFO, message)], []
    if condition == COMMERCIAL_ORGANISATIONS:
        only = (
            f"{_capitalised(_cited(decision))} covers {destination} only for commercial "
            f"organisations. {decision.scope_note}"
        )
        if importer.commercial_organisation is None:
            message = (
                f"{only} The register does not record whether the importer is one; the scope "
                "must be confirmed before relying on the decision."
            )
            return True, [Finding(ADEQUACY_SCOPE_UNCONFIRMED, WARNING, message)], []
        if importer.commercial_organisation:
            return True, [], []
        message = f"{only} The importer is not one, so the decision does not cover it."
        return False, [], [(ADEQUACY_SCOPE_NOT_MET, message)]
    gap = _certification_coverage(decision, importer, on, destination, recognised)
    return gap is None, [], ([] if gap is None else [gap])


def _decisions_not_in_force(
    rows: tuple[AdequacyDecision, ...], importer: ImporterFacts, on: dt.date, destination: str
) -> tuple[tuple[str, str], ...]:
    """Explain an adequacy decision the flow might expect that has ended or not yet begun: the
    latest ended one and the next upcoming one, if the importer would be within their scope."""
    held = {c.programme for c in importer.certifications}
    relevant = [
        d
        for d in rows
        if not d.in_force_on(on)
        and (d.required_certification is None or d.required_certification in held)
    ]
    ended = [d for d in relevant if d.effective_until is not None and d.effective_until < on]
    upcoming = [d for d in relevant if d.effective_from is not None and on < d.effective_from]
    gaps = []
    if ended:
        last = max(ended, key=lambda d: d.effective_until or dt.date.min)
        message = (
            f"{_capitalised(_cited(last))} applied to {destination} only until "
            f"{last.effective_until}."
        )
        if last.required_certification:
            message += (
                f" The importer's certification under the "
                f"{_programme_name(last.required_certification)} gives no basis after that day."
            )
        gaps.append((ADEQUACY_ENDED, message))
    if upcoming:
        first = min(upcoming, key=lambda d: d.effective_from or dt.date.max)
        gaps.append(
            (
                ADEQUACY_NOT_YET_IN_FORCE,
                f"{_capitalised(_cited(first))} applies to {destination} only from "
                f"{first.effective_from}.",
            )
        )
    return tuple(gaps)


def find_adequacy(
    importer: ImporterFacts, regime: str, on: dt.date, reference: ReferenceData
) -> AdequacyOutcome:
    """The adequacy decision of the regime that covers this importer on the date, scope included,
    or the reasons none does."""
    destination = reference.country_label(importer.country)
    rows = reference.adequacy_rows(regime, importer.country, on)
    recognised = frozenset(d.required_certification for d in rows if d.required_certification)
    gaps: list[tuple[str, str]] = []
    for decision in (d for d in rows if d.in_force_on(on)):
        covered, findings, decision_gaps = _scope_coverage(
            decision, importer, on, destination, recognised
        )
        if covered:
            return AdequacyOutcome(_match(decision, importer.country), tuple(findings))
        gaps.extend(decision_gaps)
    gaps.extend(_decisions_not_in_force(rows, importer, on, destination))
    return AdequacyOutcome(None, (), tuple(gaps))
