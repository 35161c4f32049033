"""Reads for transfer impact assessments: what an assessment relies on in the register, what
changed since, whether it is complete, its probability block, and a transfer's TIA state.

The *snapshot* is a JSON-ready description of steps 1 and 2 (parties, data, locations,
sub-processors, legal tool) and of the countries step 3 must cover with their profiles and
adequacy decisions. It is stored on each assessment when it is drafted and submitted; comparing
it with a fresh one says what changed, which is how an assessment becomes outdated."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from affiliates.models import Affiliate, Country
from transfers.assessments.choices import AssessmentOutcome, LawNature
from transfers.assessments.flow import ESTABLISHMENT
from transfers.assessments.models import CountryProfile, TransferImpactAssessment
from transfers.assessments.probability import (
    Instrument,
    ProbabilityInputError,
    ProbabilityResult,
    assess_probability,
)
from transfers.reference.choices import SccModule
from transfers.reference.models import AdequacyDecision
from transfers.register.choices import PartyRole
from transfers.register.models import SccAgreement, Transfer
from vendors.models import Vendor

SNAPSHOT_VERSION = 1
MODULE_ROLES = {
    SccModule.ONE: (PartyRole.CONTROLLER, PartyRole.CONTROLLER),
    SccModule.TWO: (PartyRole.CONTROLLER, PartyRole.PROCESSOR),
    SccModule.THREE: (PartyRole.PROCESSOR, PartyRole.PROCESSOR),
    SccModule.FOUR: (PartyRole.PROCESSOR, PartyRole.CONTROLLER),
}


# ----------------------------------------------------------------------------- the snapshot


def in_eea(country: Country, on_date: date) -> bool:
    """Whether a disclosure to ``country`` on ``on_date`` stays inside the EEA."""
    return (
        country.eea_from is not None
        and country.eea_from <= on_date
        and (country.eea_until is None or on_date <= country.eea_until)
    )


def country_ref(country: Country) -> dict[str, str]:
    return {"code": country.code, "name": country.name}


def party(entity: Affiliate | Vendor | None, role: str) -> dict[str, Any] | None:
    if entity is None:
        return None
    return {
        "name": entity.legal_name,
        "kind": "affiliate" if isinstance(entity, Affiliate) else "vendor",
        "country": country_ref(entity.country),
        "address": entity.address,
        "role": role,
        "role_label": PartyRole(role).label if role else "",
    }


def importer_locations(importer: Affiliate | Vendor) -> list[dict[str, Any]]:
    """Where the importer stores or accesses the data; its own country when none is recorded."""
    if isinstance(importer, Vendor):
        rows = [
            {**country_ref(location.country), "activity": location.get_activity_display()}
            for location in importer.locations.select_related("country").order_by("country_id")
        ]
        if rows:
            return rows
    return [{**country_ref(importer.country), "activity": ESTABLISHMENT}]


def sub_processors(importer: Affiliate | Vendor) -> list[dict[str, Any]]:
    if not isinstance(importer, Vendor):
        return []
    engagements = importer.sub_processors.select_related("sub_processor__country").order_by(
        "sub_processor__legal_name"
    )
    return [
        {
            "name": engagement.sub_processor.legal_name,
            "country": country_ref(engagement.sub_processor.country),
            "services": engagement.services,
            "locations": importer_locations(engagement.sub_processor),
        }
        for engagement in engagements
    ]


def onward_transfers(importer: Affiliate | Vendor) -> list[dict[str, Any]]:
    """The register's transfers in which the importer is itself the exporter."""
    side = "exporter_vendor" if isinstance(importer, Vendor) else "exporter_affiliate"
    flows = (
        Transfer.objects.filter(**{side: importer})
        .exclude(state="ended")
        .select_related("importer_affiliate", "importer_vendor", "destination_country")
    )
    return [
        {
            "reference": flow.reference,
            "importer": flow.importer.legal_name,
            "country": country_ref(flow.destination_country),
            "legal_tool": flow.get_legal_tool_display(),
        }
        for flow in flows
    ]


def agreement_ref(agreement: SccAgreement) -> dict[str, Any]:
    return {
        "reference": agreement.reference,
        "title": agreement.title,
        "instrument": agreement.get_instrument_display(),
        "module": agreement.get_module_display() if agreement.module else "",
        "status": agreement.get_status_display(),
        "uk_addendum": agreement.uk_addendum,
        "swiss_adaptation": agreement.swiss_adaptation,
    }


def names(rows: Iterable[Any]) -> list[str]:
    return sorted({row.name for row in rows})


def data_description(transfers: list[Transfer]) -> dict[str, Any]:
    """Step 1's data facts, the union over the transfers assessed together."""
    categories = [c for t in transfers for c in t.data_categories.all()]
    return {
        "data_categories": names(categories),
        "special_categories": names(c for c in categories if c.special_category),
        "special_category_data": any(t.special_category_data for t in transfers),
        "special_category_safeguards": "\n".join(
            t.special_category_safeguards for t in transfers if t.special_category_safeguards
        ),
        "data_subjects": names(s for t in transfers for s in t.data_subject_categories.all()),
        "purposes": names(p for t in transfers for p in t.purposes.all()),
        "frequency": sorted({t.get_frequency_display() for t in transfers}),
        "nature": "\n".join(sorted({t.nature for t in transfers if t.nature})),
        "retention": "; ".join(sorted({t.retention for t in transfers if t.retention})),
        "remote_access_only": any(t.remote_access_only for t in transfers),
    }


def adequacy_decisions(regime: str, countries: Iterable[Country], on_date: date) -> list[dict]:
    """Every decision of the regime for these countries (with whether it applied on the date)."""
    decisions = AdequacyDecision.objects.filter(
        regime=regime, country__in=list(countries)
    ).order_by("country_id", "effective_from", "reference")
    return [
        {
            "country": decision.country_id,
            "reference": decision.reference,
            "title": decision.title,
            "effective_from": decision.effective_from.isoformat(),
            "effective_until": (
                decision.effective_until.isoformat() if decision.effective_until else None
            ),
            "scope": decision.scope,
            "scope_condition": decision.scope_condition,
            "in_force": decision.effective_from <= on_date
            and (decision.effective_until is None or on_date <= decision.effective_until),
            "source": decision.source,
        }
        for decision in decisions
    ]


def fully_adequate(country_code: str, decisions: list[dict]) -> bool:
    return any(
        d["country"] == country_code and d["in_force"] and d["scope"] == "full" for d in decisions
    )


def profile_for(country: Country) -> CountryProfile | None:
    """The country's own profile, else the generic one (None only if that was deleted)."""
    return (
        CountryProfile.objects.filter(Q(country=country) | Q(generic=True))
        .order_by("generic")
        .prefetch_related("laws")
        .first()
    )


def country_profile_fingerprint(profile: CountryProfile) -> str:
    """A hash of everything an assessor reads in a profile: any edit changes it."""
    content = {
        "profile": [profile.name, profile.summary, profile.country_id, str(profile.reviewed_on)],
        "laws": [
            [
                law.code,
                law.name,
                law.citation,
                law.nature,
                sorted(law.risks or []),
                law.description,
                law.questions,
                law.source,
                law.source_url,
                str(law.source_date),
                *(str(value) for value in law_defaults(law)),
            ]
            for law in sorted(profile.laws.all(), key=lambda law: law.code)
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def law_defaults(law: Any) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    return (law.default_p_targeted, law.default_p_readable, law.default_p_cannot_resist)


def profile_ref(profile: CountryProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "id": profile.pk,
        "code": profile.code,
        "name": profile.name,
        "version": profile.version,
        "reviewed_on": profile.reviewed_on.isoformat(),
        "generic": profile.generic,
        "needs_legal_check": profile.needs_legal_check,
        "fingerprint": country_profile_fingerprint(profile),
    }


def third_countries(
    destination: Country,
    importer: Affiliate | Vendor,
    subs: list[dict[str, Any]],
    regime: str,
    on_date: date,
) -> tuple[list[dict[str, Any]], list[dict]]:
    """The countries whose law step 3 assesses, each with why and its profile, and every
    adequacy decision relied on to leave a location out.

    The destination always; besides, any non-EEA country where the importer or a sub-processor
    is established, stores or accesses the data, unless a full adequacy decision covers it."""
    reasons: dict[str, list[str]] = {destination.code: ["destination"]}
    for location in importer_locations(importer):
        reasons.setdefault(location["code"], []).append(f"importer: {location['activity'].lower()}")
    for sub in subs:
        reasons.setdefault(sub["country"]["code"], []).append(f"sub-processor {sub['name']}")
        for location in sub["locations"]:
            reasons.setdefault(location["code"], []).append(
                f"sub-processor {sub['name']}: {location['activity'].lower()}"
            )
    countries = Country.objects.in_bulk(list(reasons))
    candidates = [
        countries[code]
        for code in reasons
        if code == destination.code or not in_eea(countries[code], on_date)
    ]
    decisions = adequacy_decisions(regime, candidates, on_date)
    assessed = [
        country
        for country in candidates
        if country.code == destination.code or not fully_adequate(country.code, decisions)
    ]
    rows = [
        {
            **country_ref(country),
            "why": sorted(set(reasons[country.code])),
            "profile": profile_ref(profile_for(country)),
        }
        for country in sorted(assessed, key=lambda c: (c.code != destination.code, c.name))
    ]
    return rows, decisions


@dataclass(frozen=True)
class Subject:
    """What an assessment is about: one transfer, or an agreement's transfers to a country."""

    transfers: list[Transfer]
    exporter: dict[str, Any] | None
    importer_entity: Affiliate | Vendor
    importer: dict[str, Any]
    destination: Country
    regime: str
    legal_tool: dict[str, Any]
    label: dict[str, Any]


def subject_of_transfer(transfer: Transfer) -> Subject:
    agreements = transfer.scc_agreements.order_by("reference")
    return Subject(
        transfers=[transfer],
        exporter=party(transfer.exporter, transfer.exporter_role),
        importer_entity=transfer.importer,
        importer=party(transfer.importer, transfer.importer_role),
        destination=transfer.destination_country,
        regime=transfer.regime,
        legal_tool={
            "code": transfer.legal_tool,
            "label": transfer.get_legal_tool_display(),
            "derogation": transfer.derogation,
            "agreements": [agreement_ref(a) for a in agreements],
        },
        label={
            "kind": "transfer",
            "reference": transfer.reference,
            "name": transfer.name,
        },
    )


def subject_of_agreement(agreement: SccAgreement, destination: Country) -> Subject:
    transfers = list(
        agreement.transfers.filter(destination_country=destination).order_by("reference")
    )
    exporter_role, importer_role = MODULE_ROLES.get(agreement.module, ("", ""))
    regimes = sorted({t.regime for t in transfers}) or ["EU"]
    return Subject(
        transfers=transfers,
        exporter=party(agreement.exporter, exporter_role),
        importer_entity=agreement.importer,
        importer=party(agreement.importer, importer_role),
        destination=destination,
        regime=regimes[0],
        legal_tool={
            "code": "scc",
            "label": "Standard Contractual Clauses (Art. 46(2)(c))",
            "derogation": "",
            "agreements": [agreement_ref(agreement)],
        },
        label={
            "kind": "scc_agreement",
            "reference": agreement.reference,
            "name": agreement.title,
            "transfers": [t.reference for t in transfers],
        },
    )


def assessment_subject(assessment: TransferImpactAssessment) -> Subject:
    if assessment.transfer_id:
        return subject_of_transfer(assessment.transfer)
    return subject_of_agreement(assessment.scc_agreement, assessment.destination_country)


def register_snapshot(subject: Subject, on_date: date) -> dict[str, Any]:
    """Steps 1 and 2 as the register says them on ``on_date``, and step 3's countries."""
    subs = sub_processors(subject.importer_entity)
    countries, decisions = third_countries(
        subject.destination, subject.importer_entity, subs, subject.regime, on_date
    )
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "taken_on": on_date.isoformat(),
        "subject": subject.label,
        "transfers": [{"reference": t.reference, "name": t.name} for t in subject.transfers],
        "regime": subject.regime,
        "exporter": subject.exporter,
        "importer": subject.importer,
        "destination": country_ref(subject.destination),
        **data_description(subject.transfers),
        "importer_locations": importer_locations(subject.importer_entity),
        "sub_processors": subs,
        "onward_transfers": onward_transfers(subject.importer_entity),
        "legal_tool": subject.legal_tool,
        "adequacy_decisions": decisions,
        "third_countries": countries,
    }


def assessment_current_snapshot(
    assessment: TransferImpactAssessment, on_date: date
) -> dict[str, Any]:
    return register_snapshot(assessment_subject(assessment), on_date)


# ------------------------------------------------------------------- what the TIA relied on


def sub_processor_key(snapshot: dict) -> list:
    return sorted(
        (s["name"], s["country"]["code"], sorted(loc["code"] for loc in s["locations"]))
        for s in snapshot["sub_processors"]
    )


def legal_tool_key(snapshot: dict) -> list:
    tool = snapshot["legal_tool"]
    return [
        tool["code"],
        tool["derogation"],
        sorted(
            (a["reference"], a["instrument"], a["module"], a["status"]) for a in tool["agreements"]
        ),
    ]


def adequacy_key(snapshot: dict) -> list:
    return [
        (d["country"], d["reference"], d["effective_from"], d["effective_until"], d["scope"])
        for d in snapshot["adequacy_decisions"]
    ]


def profiles_key(snapshot: dict) -> list:
    return sorted(
        (c["code"], c["profile"]["code"], c["profile"]["fingerprint"])
        for c in snapshot["third_countries"]
        if c["profile"]
    )


def describe_destination(old: dict, new: dict) -> str:
    return (
        f"The destination country changed: {old['destination']['name']} → "
        f"{new['destination']['name']}."
    )


def describe_locations(old: dict, new: dict) -> str:
    def places(snapshot: dict) -> str:
        rows = snapshot["importer_locations"]
        return ", ".join(f"{r['name']} ({r['activity'].lower()})" for r in rows) or "none"

    return f"The importer's storage or access countries changed: {places(old)} → {places(new)}."


def describe_sub_processors(old: dict, new: dict) -> str:
    def listed(snapshot: dict) -> dict[str, str]:
        return {s["name"]: s["country"]["name"] for s in snapshot["sub_processors"]}

    before, after = listed(old), listed(new)
    parts = [f"added {n} ({after[n]})" for n in sorted(after.keys() - before.keys())]
    parts += [f"removed {n}" for n in sorted(before.keys() - after.keys())]
    if not parts:
        parts = ["a sub-processor's country or locations changed"]
    return f"The importer's sub-processors changed: {'; '.join(parts)}."


def describe_legal_tool(old: dict, new: dict) -> str:
    def tool(snapshot: dict) -> str:
        agreements = ", ".join(
            f"{a['reference']} ({a['module'] or a['instrument']}, {a['status'].lower()})"
            for a in snapshot["legal_tool"]["agreements"]
        )
        label = snapshot["legal_tool"]["label"]
        return f"{label}{': ' + agreements if agreements else ''}"

    return f"The legal tool changed: {tool(old)} → {tool(new)}."


def describe_adequacy(old: dict, new: dict) -> str:
    countries = sorted(
        {d["country"] for d in old["adequacy_decisions"] + new["adequacy_decisions"]}
    )
    return f"An adequacy decision changed ({', '.join(countries)})."


def describe_profiles(old: dict, new: dict) -> str:
    before = {c["code"]: c["profile"] for c in old["third_countries"] if c["profile"]}
    after = {c["code"]: c["profile"] for c in new["third_countries"] if c["profile"]}
    changed = [
        f"“{profile['name']}” (assessed at version {profile['version']})"
        for code, profile in sorted(before.items())
        if code in after and after[code]["fingerprint"] != profile["fingerprint"]
    ]
    if changed:
        return f"The country profile changed: {', '.join(changed)}."
    return "The countries to assess or their profiles changed."


@dataclass(frozen=True)
class Reliance:
    """One thing an assessment relied on, how to compare it and how to say it changed."""

    name: str
    key: Callable[[dict], Any]
    describe: Callable[[dict, dict], str]


RELIANCES = (
    Reliance("destination", lambda s: s["destination"]["code"], describe_destination),
    Reliance(
        "storage",
        lambda s: sorted((r["code"], r["activity"]) for r in s["importer_locations"]),
        describe_locations,
    ),
    Reliance("sub_processors", sub_processor_key, describe_sub_processors),
    Reliance("legal_tool", legal_tool_key, describe_legal_tool),
    Reliance("adequacy", adequacy_key, describe_adequacy),
    Reliance("profiles", profiles_key, describe_profiles),
)


def normalise(value: Any) -> Any:
    """Tuples and lists compare alike (a stored snapshot went through JSON)."""
    return json.loads(json.dumps(value))


def snapshot_changes(old: dict, new: dict) -> list[str]:
    """What changed between two snapshots, in words, one sentence per kind of change."""
    if not old:
        return ["The assessment has no record of what it relied on."]
    return [
        reliance.describe(old, new)
        for reliance in RELIANCES
        if normalise(reliance.key(old)) != normalise(reliance.key(new))
    ]


def assessment_reliance_changes(assessment: TransferImpactAssessment, on_date: date) -> list[str]:
    """What changed in the register since the assessment's snapshot was taken."""
    current = assessment_current_snapshot(assessment, on_date)
    return snapshot_changes(assessment.register_snapshot, current)


# --------------------------------------------------------------------------- completeness


def assessment_probability(assessment: TransferImpactAssessment) -> ProbabilityResult | None:
    """The probability block, or None when it is not used or a factor is missing/invalid."""
    if not assessment.use_probability:
        return None
    try:
        return assess_probability(
            probability_instruments(assessment),
            years=assessment.assessment_period_years,
            threshold=assessment.probability_threshold,
        )
    except ProbabilityInputError:
        return None


def probability_instruments(assessment: TransferImpactAssessment) -> list[Instrument]:
    return [
        Instrument(f"{row.law.name} ({row.country.name})", *row.factors)
        for row in assessment.law_assessments.select_related("law", "country")
        if row.applies and row.law.nature == LawNature.ACCESS_POWER
    ]


def assessment_missing_items(assessment: TransferImpactAssessment) -> list[str]:
    """What must still be filled in before the assessment can be submitted or approved."""
    missing: list[str] = []
    laws = list(assessment.law_assessments.select_related("law", "country"))
    for row in laws:
        label = f"{row.law.name} ({row.country.name})"
        if row.applies is None:
            missing.append(f"Step 3: say whether {label} applies to this transfer.")
        elif row.applies:
            if row.unanswered_questions:
                missing.append(f"Step 3: answer every question on {label}.")
            if not row.conclusion.strip():
                missing.append(f"Step 3: give your conclusion on {label}.")
    if not assessment.step3_conclusion.strip():
        missing.append("Step 3: write the conclusion on the law and practice.")
    missing += measure_gaps(assessment)
    if not assessment.risk_before:
        missing.append("Rate the risk before supplementary measures.")
    if not assessment.risk_after:
        missing.append("Rate the risk after supplementary measures.")
    if not assessment.step5_procedural_steps.strip():
        missing.append("Step 5: describe the procedural steps.")
    if not assessment.outcome:
        missing.append("Choose an outcome: proceed, proceed with the measures, or suspend.")
    missing += probability_gaps(assessment, laws)
    return missing


def measure_gaps(assessment: TransferImpactAssessment) -> list[str]:
    measures = list(assessment.measures.select_related("measure", "law_assessment"))
    gaps = [
        f"Step 4: link “{m.measure.name}” to the law and the risk it addresses."
        for m in measures
        if not m.measure.no_technical_measure_suffices and (not m.law_assessment_id or not m.risk)
    ]
    effective = [m for m in measures if not m.measure.no_technical_measure_suffices]
    if assessment.outcome == AssessmentOutcome.PROCEED_WITH_MEASURES and not effective:
        gaps.append("Step 4: select the supplementary measures the outcome relies on.")
    return gaps


def probability_gaps(assessment: TransferImpactAssessment, laws: list) -> list[str]:
    if not assessment.use_probability:
        return []
    gaps = [
        f"Probability: give the three factors for {row.law.name} ({row.country.name})."
        for row in laws
        if row.applies and row.law.nature == LawNature.ACCESS_POWER and None in row.factors
    ]
    if gaps:
        return gaps
    result = assessment_probability(assessment)
    if (
        result is not None
        and not result.within_threshold
        and assessment.outcome
        and assessment.outcome != AssessmentOutcome.SUSPEND
    ):
        gaps.append(
            f"Probability: {result.p_period:.2%} over {result.years} years exceeds the "
            f"threshold of {result.threshold:.2%}: add measures or choose to suspend."
        )
    return gaps


# ------------------------------------------------------------------------ state for the rules


def tia_state_for_transfer(transfer: Transfer, on_date: date) -> tuple[str, date | None]:
    """The TIA state the rules see for ``transfer`` on ``on_date``, and the assessment's date.
    Covers assessments of the transfer itself and of an SCC agreement that covers it for its
    destination. The bulk evaluation reads the same rows for a whole batch at once and calls
    ``tia_state_from_versions`` directly."""
    versions = (
        TransferImpactAssessment.objects.filter(
            Q(transfer=transfer)
            | Q(
                scc_agreement__transfers=transfer,
                destination_country=transfer.destination_country_id,
            ),
            assessed_on__lte=on_date,
        )
        .distinct()
        .order_by("-assessed_on", "-version")
    )
    return tia_state_from_versions(list(versions), on_date)[:2]


def tia_state_from_versions(
    versions: list[TransferImpactAssessment], on_date: date
) -> tuple[str, date | None, TransferImpactAssessment | None]:
    """The rules' TIA state from a transfer's assessment versions assessed by ``on_date``, with
    the assessment it comes from.

    "approved" (or "negative" when its outcome is to suspend) when an approved assessment was in
    force that day: approved on or before it, not outdated by then, its review date not reached;
    otherwise the state of the latest version assessed by then: "draft" (a draft or one in
    review), "outdated", or "none"."""
    versions = sorted(
        (a for a in versions if a.assessed_on and a.assessed_on <= on_date),
        key=lambda a: (a.assessed_on, a.version),
        reverse=True,
    )
    in_force = [a for a in versions if approved_in_force(a, on_date)]
    if in_force:
        best = max(in_force, key=lambda a: a.approved_on)
        state = "negative" if best.outcome == AssessmentOutcome.SUSPEND else "approved"
        return state, best.assessed_on, best
    if not versions:
        return "none", None, None
    latest = versions[0]
    if latest.approved_on is None or latest.approved_on > on_date:
        return "draft", latest.assessed_on, latest
    return "outdated", latest.assessed_on, latest


def approved_in_force(assessment: TransferImpactAssessment, on_date: date) -> bool:
    return (
        assessment.approved_on is not None
        and assessment.approved_on <= on_date
        and (assessment.outdated_on is None or on_date < assessment.outdated_on)
        and (assessment.next_review_on is None or on_date < assessment.next_review_on)
    )
