"""Load the demo TIAs (``transfers/data/demo_assessments.yaml``) so that `make run` shows
real assessments and reports: one per SCC-covered transfer of the demo register, in every state.

Each assessment is made the way a user makes one, through the services (start, answer, submit,
approve), so the demo exercises the same rules. A subject that already has an assessment is
skipped: loading again writes nothing and keeps what the legal team did since. Their reports
are asked for separately (``load_demo --reports``), so loading alone renders nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from affiliates.models import Country
from transfers import DATA_DIR
from transfers.access.groups import LEGAL_EDITORS
from transfers.assessments.choices import AssessmentState
from transfers.assessments.models import (
    AssessmentAction,
    SelectedMeasure,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from transfers.assessments.services import (
    assessment_approve,
    assessment_start_version,
    assessment_submit,
    subject_versions,
)
from transfers.demo.services import DemoDataError
from transfers.documents.choices import DocumentEdition, DocumentKind
from transfers.documents.services import document_request
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor

DEMO_ASSESSMENTS_FILE = (
    DATA_DIR / "demo_assessments.yaml"
)
TEXT_FIELDS = (
    "step1_notes",
    "step2_notes",
    "step3_conclusion",
    "step4_notes",
    "step5_procedural_steps",
    "step6_monitoring",
    "risk_before",
    "risk_after",
    "outcome",
    "residual_risk_note",
    "use_probability",
    "assessment_period_years",
)


def demo_assessments_load(*, path: Path | None = None) -> dict[str, int]:
    """Create the demo assessments that do not exist yet; returns how many the file has and how
    many this run created."""
    data = read_file(path or DEMO_ASSESSMENTS_FILE)
    with transaction.atomic():
        users = {row["username"]: demo_user(row) for row in data.get("users", [])}
        created = [
            assessment
            for entry in data.get("assessments", [])
            if (assessment := load_assessment(entry, users)) is not None
        ]
    return {"assessments": len(data.get("assessments", [])), "assessments_created": len(created)}


def demo_assessment_reports_request() -> list[Any]:
    """Ask for the report of every assessment (`load_demo --reports`, used by `make run`): the
    stored one when it exists, else rendered in-process without a broker, by a worker with one."""
    documents = []
    for assessment in TransferImpactAssessment.objects.order_by("pk"):
        document = document_request(
            kind=DocumentKind.TIA, source=assessment, edition=DocumentEdition.FULL
        )
        document.refresh_from_db()  # rendered after the request committed, when eager
        documents.append(document)
    return documents


def read_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise DemoDataError(f"Cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise DemoDataError(f"{path} must hold a mapping (users, assessments).")
    return data


def demo_user(row: dict[str, Any]) -> Any:
    """A fictional person who cannot log in; in the legal editors' group so they may approve."""
    user, created = get_user_model().objects.get_or_create(
        username=row["username"],
        defaults={
            "first_name": row.get("first_name", ""),
            "last_name": row.get("last_name", ""),
            "email": row.get("email", ""),
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=LEGAL_EDITORS))
    return user


def subject_of(entry: dict[str, Any]) -> dict[str, Any]:
    try:
        if "transfer" in entry:
            return {
                "transfer": Transfer.objects.get(reference=entry["transfer"]),
                "scc_agreement": None,
                "destination_country": None,
            }
        return {
            "transfer": None,
            "scc_agreement": SccAgreement.objects.get(reference=entry["scc_agreement"]),
            "destination_country": Country.objects.get(code=entry["destination_country"]),
        }
    except (KeyError, Transfer.DoesNotExist, SccAgreement.DoesNotExist, Country.DoesNotExist):
        raise DemoDataError(f"{label(entry)}: no such subject in the register.") from None


def label(entry: dict[str, Any]) -> str:
    return f"demo assessment of {entry.get('transfer') or entry.get('scc_agreement')}"


def load_assessment(
    entry: dict[str, Any], users: dict[str, Any]
) -> TransferImpactAssessment | None:
    """Make one demo assessment through the services, or None when its subject has one."""
    subject = subject_of(entry)
    if subject_versions(**subject).exists():
        return None
    try:
        assessment = assessment_start_version(
            assessor=users[entry["assessor"]], assessed_on=entry["assessed_on"], **subject
        )
        fill(assessment, entry)
        state = entry.get("state", AssessmentState.DRAFT)
        if state in (AssessmentState.IN_REVIEW, AssessmentState.APPROVED):
            assessment_submit(
                assessment=assessment, by=assessment.assessor, on_date=entry["assessed_on"]
            )
        if state == AssessmentState.APPROVED:
            assessment = assessment_approve(
                assessment=assessment,
                approver=users[entry["approver"]],
                residual_risk_accepted=True,
                residual_risk_note=entry.get("residual_risk_note", ""),
                approved_on=entry["approved_on"],
            )
            apply_register_changes(entry.get("after_approval", {}))
    except ValidationError as error:
        raise DemoDataError(f"{label(entry)}: {' '.join(error.messages)}") from error
    except KeyError as error:
        raise DemoDataError(f"{label(entry)}: missing {error}.") from error
    assessment.refresh_from_db()
    return assessment


def fill(assessment: TransferImpactAssessment, entry: dict[str, Any]) -> None:
    for field in TEXT_FIELDS:
        if field in entry:
            setattr(assessment, field, entry[field])
    if "probability_threshold" in entry:
        assessment.probability_threshold = Decimal(str(entry["probability_threshold"]))
    assessment.full_clean()
    assessment.save()
    answer_laws(assessment, entry.get("laws") or {})
    for row in entry.get("measures", []):
        select_measure(assessment, row)
    for row in entry.get("actions", []):
        action = AssessmentAction(assessment=assessment, **row)
        action.full_clean()
        action.save()


def answer_laws(assessment: TransferImpactAssessment, laws: dict[str, dict]) -> None:
    for row in assessment.law_assessments.select_related("law"):
        given = (laws.get(row.country_id) or {}).get(row.law.code)
        if given is None:
            continue
        questions = row.law.question_list
        answers = given.get("answers", [])
        if len(answers) != len(questions):
            raise DemoDataError(
                f"{row.law.name} ({row.country_id}) has {len(questions)} questions, "
                f"the demo gives {len(answers)} answers."
            )
        row.applies = given["applies"]
        row.answers = [
            {"question": q, "answer": a} for q, a in zip(questions, answers, strict=True)
        ]
        row.conclusion = given.get("conclusion", "")
        factors = given.get("factors")
        if factors:
            row.p_targeted, row.p_readable, row.p_cannot_resist = (Decimal(str(f)) for f in factors)
        row.factors_rationale = given.get("rationale", "")
        row.full_clean()
        row.save()


def select_measure(assessment: TransferImpactAssessment, row: dict[str, Any]) -> None:
    law_row = None
    if row.get("law"):
        law_row = assessment.law_assessments.get(country_id=row["country"], law__code=row["law"])
    selected = SelectedMeasure(
        assessment=assessment,
        measure=SupplementaryMeasure.objects.get(code=row["measure"]),
        law_assessment=law_row,
        risk=row.get("risk", ""),
        implementation=row.get("implementation", ""),
        status=row.get("status", SelectedMeasure.Status.IN_PLACE),
        due_on=row.get("due_on"),
    )
    selected.full_clean()
    selected.save()


def apply_register_changes(changes: dict[str, Any]) -> None:
    """Register changes the demo makes after an approval, to show an assessment outdated."""
    for row in changes.get("add_sub_processors", []):
        vendor = Vendor.objects.get(legal_name=row["vendor"])
        sub_processor = Vendor.objects.get(legal_name=row["sub_processor"])
        if SubProcessor.objects.filter(vendor=vendor, sub_processor=sub_processor).exists():
            continue
        engagement = SubProcessor(
            vendor=vendor,
            sub_processor=sub_processor,
            services=row["services"],
            since=row.get("since"),
        )
        engagement.full_clean()
        engagement._change_reason = "Demo: a change after the TIA was approved"
        engagement.save()
