"""The TIA report: what it is made from (``report_inputs``), its HTML (template
``pdf/tia_report.html``) and its renderer in the stored-document pipeline (kind "tia", edition
"full").

The inputs hold everything printed: the assessment as it stands (state, answers, measures,
sign-off), the register snapshot it relied on, the profiles and catalogue entries it used with
their sources and dates, and the method file. The HTML is made from the inputs alone, so a stored
report can always be traced to what it said and why."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from transfers.assessments.choices import AccessRisk, AssessmentOutcome, RiskLevel
from transfers.assessments.flow import flow_svg
from transfers.assessments.models import LawAssessment, SelectedMeasure, TransferImpactAssessment
from transfers.assessments.probability import FORMULAS
from transfers.assessments.reference_data import REFERENCE_DIR, read_reference
from transfers.assessments.selectors import assessment_missing_items, assessment_probability
from transfers.documents.choices import DocumentEdition, DocumentKind
from transfers.documents.rendering import DocumentRenderer, register_renderer

TEMPLATE = "pdf/tia_report.html"
TEMPLATE_VERSION = "tia-report-2"
METHOD_FILE = REFERENCE_DIR / "tia_method.yaml"


@cache
def method() -> dict[str, Any]:
    """The method file, with dates as ISO strings (inputs must be JSON)."""
    content = read_reference(METHOD_FILE)
    for source in content["sources"]:
        source["date"] = source["date"].isoformat()
    return content


def person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def local(moment: Any) -> Any:
    """A stored (UTC) moment in the project's time zone, so its date is the local date."""
    return timezone.localtime(moment) if moment else None


def number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def law_inputs(row: LawAssessment) -> dict[str, Any]:
    law = row.law
    return {
        "country": row.country.name,
        "country_code": row.country_id,
        "profile": law.profile.name,
        "name": law.name,
        "citation": law.citation,
        "nature": law.nature,
        "nature_label": law.get_nature_display(),
        "risks": [AccessRisk(risk).label for risk in law.risks],
        "description": law.description,
        "source": law.source,
        "source_url": law.source_url,
        "source_date": law.source_date.isoformat(),
        "needs_legal_check": law.needs_legal_check,
        "check_note": law.check_note,
        "applies": row.applies,
        "answers": row.answers,
        "conclusion": row.conclusion,
        "p_targeted": number(row.p_targeted),
        "p_readable": number(row.p_readable),
        "p_cannot_resist": number(row.p_cannot_resist),
        "factors_rationale": row.factors_rationale,
    }


def measure_inputs(selected: SelectedMeasure) -> dict[str, Any]:
    measure = selected.measure
    row = selected.law_assessment
    return {
        "code": measure.code,
        "kind": measure.get_kind_display(),
        "name": measure.name,
        "edpb_use_case": measure.edpb_use_case,
        "description": measure.description,
        "conditions": measure.conditions,
        "no_technical_measure_suffices": measure.no_technical_measure_suffices,
        "addresses_law": f"{row.law.name} ({row.country.name})" if row else "",
        "addresses_risk": selected.get_risk_display() if selected.risk else "",
        "implementation": selected.implementation,
        "status": selected.status,
        "status_label": selected.get_status_display(),
        "due_on": iso(selected.due_on),
        "source": measure.source,
        "source_url": measure.source_url,
        "source_date": measure.source_date.isoformat(),
    }


def profile_inputs(rows: list[LawAssessment]) -> list[dict[str, Any]]:
    """The profiles used, once each per country, in the order of the laws."""
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows:
        profile = row.law.profile
        seen.setdefault(
            (row.country_id, profile.pk),
            {
                "country": row.country.name,
                "name": profile.name,
                "version": profile.version,
                "reviewed_on": profile.reviewed_on.isoformat(),
                "summary": profile.summary,
                "generic": profile.generic,
                "needs_legal_check": profile.needs_legal_check,
                "check_note": profile.check_note,
            },
        )
    return list(seen.values())


def probability_inputs(assessment: TransferImpactAssessment) -> dict[str, Any] | None:
    if not assessment.use_probability:
        return None
    base = {
        "years": assessment.assessment_period_years,
        "threshold": number(assessment.probability_threshold),
        "formulas": list(FORMULAS),
        "method": method()["probability_method"],
    }
    result = assessment_probability(assessment)
    if result is None:
        return {**base, "complete": False}
    return {
        **base,
        "complete": True,
        "instruments": [
            {
                "name": i.name,
                "p_targeted": i.p_targeted,
                "p_readable": i.p_readable,
                "p_cannot_resist": i.p_cannot_resist,
                "p_year": i.p_year,
            }
            for i in result.instruments
        ],
        "p_year": result.p_year,
        "p_period": result.p_period,
        "within_threshold": result.within_threshold,
    }


def source_list(
    snapshot: dict, laws: list[dict], measures: list[dict], profiles: list[dict]
) -> list[dict[str, Any]]:
    """Every source the report relies on, once, with its date and what it was used for."""
    sources: dict[str, dict[str, Any]] = {}

    def add(title: str, url: str, day: str | None, used_for: str) -> None:
        entry = sources.setdefault(title, {"title": title, "url": url, "date": day, "used_for": []})
        if used_for not in entry["used_for"]:
            entry["used_for"].append(used_for)

    for source in method()["sources"]:
        add(source["title"], source["url"], source["date"], source["used_for"])
    add(
        "The transfer register (steps 1 and 2)",
        "",
        snapshot.get("taken_on"),
        "Parties, data, locations, sub-processors and legal tool as of this date",
    )
    for profile in profiles:
        add(
            f"Country profile “{profile['name']}”, version {profile['version']}",
            "",
            profile["reviewed_on"],
            f"Step 3: {profile['country']} (date reviewed)",
        )
    for law in laws:
        add(law["source"], law["source_url"], law["source_date"], f"Step 3: {law['name']}")
    for decision in snapshot.get("adequacy_decisions", []):
        add(
            f"Adequacy decision {decision['reference']} {decision['title']}".strip(),
            "",
            decision["effective_from"],
            f"Step 2: {decision['country']} (date in force from)",
        )
    for measure in measures:
        add(measure["source"], measure["source_url"], measure["source_date"], "Step 4")
    return list(sources.values())


def open_actions(assessment: TransferImpactAssessment, measures: list[dict]) -> list[dict]:
    actions = [
        {"description": a.description, "owner": a.owner, "due_on": iso(a.due_on)}
        for a in assessment.actions.filter(done=False)
    ]
    actions += [
        {"description": f"Put in place: {m['name']}", "owner": "", "due_on": m["due_on"]}
        for m in measures
        if m["status"] == SelectedMeasure.Status.PLANNED
    ]
    return actions


def report_inputs(assessment: TransferImpactAssessment) -> dict[str, Any]:
    """Everything the report prints, JSON-serialisable (its hash identifies the report)."""
    rows = list(assessment.law_assessments.select_related("law__profile", "country").order_by("pk"))
    laws = [law_inputs(row) for row in rows]
    measures = [
        measure_inputs(m)
        for m in assessment.measures.select_related(
            "measure", "law_assessment__law", "law_assessment__country"
        )
    ]
    profiles = profile_inputs(rows)
    snapshot = assessment.register_snapshot
    return {
        "template": TEMPLATE_VERSION,
        "method": {"steps": method()["steps"]},
        "assessment": {
            "id": assessment.pk,
            "subject": assessment.subject_label,
            "version": assessment.version,
            "state": assessment.state,
            "state_label": assessment.get_state_display(),
            "assessor": person(assessment.assessor),
            "approver": person(assessment.approver),
            "assessed_on": iso(assessment.assessed_on),
            "submitted_at": iso(local(assessment.submitted_at)),
            "approved_on": iso(assessment.approved_on),
            "next_review_on": iso(assessment.next_review_on),
            "review_months": assessment.review_months,
            "risk_before": assessment.risk_before,
            "risk_before_label": label(RiskLevel, assessment.risk_before),
            "risk_after": assessment.risk_after,
            "risk_after_label": label(RiskLevel, assessment.risk_after),
            "outcome": assessment.outcome,
            "outcome_label": label(AssessmentOutcome, assessment.outcome),
            "residual_risk_accepted": assessment.residual_risk_accepted,
            "residual_risk_note": assessment.residual_risk_note,
            "outdated_on": iso(assessment.outdated_on),
            "outdated_reason": assessment.outdated_reason,
            "step1_notes": assessment.step1_notes,
            "step2_notes": assessment.step2_notes,
            "step3_conclusion": assessment.step3_conclusion,
            "step4_notes": assessment.step4_notes,
            "step5_procedural_steps": assessment.step5_procedural_steps,
            "step6_monitoring": assessment.step6_monitoring,
            "missing": assessment_missing_items(assessment),
        },
        "snapshot": snapshot,
        "profiles": profiles,
        "laws": laws,
        "measures": measures,
        "actions": open_actions(assessment, measures),
        "probability": probability_inputs(assessment),
        "sources": source_list(snapshot, laws, measures, profiles),
    }


def label(choices: Any, value: str) -> str:
    return choices(value).label if value else ""


def percent(value: float, digits: int = 2) -> str:
    return f"{value * 100:.{digits}f} %"


def report_context(inputs: dict[str, Any]) -> dict[str, Any]:
    """The template's context: the inputs plus what is drawn or formatted from them."""
    snapshot = inputs["snapshot"]
    agreements = snapshot.get("legal_tool", {}).get("agreements", [])
    tool = agreements[0]["module"] if agreements and agreements[0]["module"] else "transfer"
    probability = inputs["probability"]
    if probability and probability["complete"]:
        probability = {
            **probability,
            "p_year_text": percent(probability["p_year"], 4),
            "p_period_text": percent(probability["p_period"], 2),
            "threshold_text": percent(float(probability["threshold"]), 2),
            "rows": [
                {**row, "p_year_text": percent(row["p_year"], 4)}
                for row in probability["instruments"]
            ],
        }
    by_country: dict[str, list[dict]] = {}
    for law in inputs["laws"]:
        by_country.setdefault(law["country"], []).append(law)
    return {
        **inputs,
        "probability": probability,
        "flow_svg": mark_safe(flow_svg(snapshot, tool_label=tool.split(":")[0])),  # noqa: S308 - escaped in flow_svg
        "countries": [
            {"profile": profile, "laws": by_country.get(profile["country"], [])}
            for profile in inputs["profiles"]
        ],
        "steps": {step["number"]: step for step in inputs["method"]["steps"]},
        "document": inputs.get("document", {}),
        "no_technical_measure": [
            m for m in inputs["measures"] if m["no_technical_measure_suffices"]
        ],
        "effective_measures": [
            m for m in inputs["measures"] if not m["no_technical_measure_suffices"]
        ],
        "summary_measures": summary_measures(inputs["measures"]),
    }


def summary_measures(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each measure once, with how many risks it addresses and whether any is only planned."""
    merged: dict[str, dict[str, Any]] = {}
    for m in measures:
        if m["no_technical_measure_suffices"]:
            continue
        entry = merged.setdefault(m["code"], {"name": m["name"], "kind": m["kind"], "uses": 0})
        entry["uses"] += 1
        entry["planned"] = entry.get("planned", False) or m["status"] == "planned"
    return list(merged.values())


class TiaReportRenderer(DocumentRenderer):
    kind = DocumentKind.TIA
    source_field = "assessment"
    editions = (DocumentEdition.FULL,)

    def inputs(self, source: TransferImpactAssessment, edition: str) -> dict[str, Any]:
        return report_inputs(source)

    def html(self, inputs: dict[str, Any], edition: str) -> str:
        return render_to_string(TEMPLATE, report_context(inputs))

    def filename(self, source: TransferImpactAssessment, edition: str, version: int) -> str:
        return f"TIA-{slugify(source.subject_label)}-v{source.version}-report-{version}.pdf"


register_renderer(TiaReportRenderer())
