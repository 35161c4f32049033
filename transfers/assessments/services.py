"""Writing transfer impact assessments: start a version, submit, send back, approve, outdate.

Every function takes keyword arguments, validates, then writes inside a transaction: an error
(a ``ValidationError`` whose messages a lawyer can act on) leaves nothing half-saved. The state
machine is draft → in review → approved → outdated; a new version starts as a draft.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from affiliates.models import Country
from transfers.assessments.choices import AssessmentState
from transfers.assessments.models import (
    AssessmentAction,
    CountryProfile,
    LawAssessment,
    ProfileLaw,
    SelectedMeasure,
    TransferImpactAssessment,
)
from transfers.assessments.outcomes import outcome_refusal
from transfers.assessments.selectors import (
    assessment_current_snapshot,
    assessment_missing_items,
    assessment_reliance_changes,
    country_profile_fingerprint,
    in_eea,
)
from transfers.register.models import SccAgreement, Transfer

APPROVE_PERMISSION = "transfers.approve_transferimpactassessment"
COPIED_TEXT_FIELDS = (
    "step1_notes",
    "step2_notes",
    "step3_conclusion",
    "step4_notes",
    "step5_procedural_steps",
    "step6_monitoring",
    "review_months",
    "use_probability",
    "assessment_period_years",
    "probability_threshold",
)
LAW_ANSWER_FIELDS = (
    "applies",
    "conclusion",
    "p_targeted",
    "p_readable",
    "p_cannot_resist",
    "factors_rationale",
)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today() -> date:
    return timezone.localdate()


def save(instance: Any, *, by: Any = None, reason: str = "") -> None:
    """full_clean then save, recording who and why in the history."""
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason[:100]
    instance.save()


def subject_versions(
    *,
    transfer: Transfer | None,
    scc_agreement: SccAgreement | None,
    destination_country: Country | None,
) -> QuerySet[TransferImpactAssessment]:
    if transfer is not None:
        return TransferImpactAssessment.objects.filter(transfer=transfer)
    return TransferImpactAssessment.objects.filter(
        scc_agreement=scc_agreement, destination_country=destination_country
    )


def assessment_start_check(
    *,
    transfer: Transfer | None,
    scc_agreement: SccAgreement | None,
    destination_country: Country | None,
    on_date: date,
) -> None:
    """Raise a ValidationError saying why a version cannot be started, if it cannot: a subject
    that is not exactly one transfer or one agreement and destination, a destination inside the
    EEA, or another version of the same subject still open. (The admin's form calls it too.)"""
    check_subject(transfer, scc_agreement, destination_country, on_date)
    open_version = (
        subject_versions(
            transfer=transfer, scc_agreement=scc_agreement, destination_country=destination_country
        )
        .filter(state__in=(AssessmentState.DRAFT, AssessmentState.IN_REVIEW))
        .first()
    )
    if open_version is not None:
        raise ValidationError(
            f"Version {open_version.version} is still {open_version.get_state_display().lower()}:"
            " continue it, or send it back, before starting another."
        )


def check_subject(
    transfer: Transfer | None,
    scc_agreement: SccAgreement | None,
    destination_country: Country | None,
    on_date: date,
) -> Country:
    """The destination of a valid subject, or a ValidationError saying what is wrong."""
    if (transfer is None) == (scc_agreement is None):
        raise ValidationError("Assess either a transfer, or an SCC agreement for one destination.")
    if scc_agreement is not None and destination_country is None:
        raise ValidationError({"destination_country": "Say which destination country to assess."})
    if transfer is not None and destination_country is not None:
        raise ValidationError(
            {"destination_country": "A transfer's destination comes from the register."}
        )
    destination = transfer.destination_country if transfer else destination_country
    if in_eea(destination, on_date):
        raise ValidationError(
            f"{destination.name} is in the EEA on {on_date:%d %B %Y}: a disclosure there is not a "
            "transfer and needs no transfer impact assessment."
        )
    return destination


@transaction.atomic
def assessment_start_version(
    *,
    assessor: Any,
    transfer: Transfer | None = None,
    scc_agreement: SccAgreement | None = None,
    destination_country: Country | None = None,
    assessed_on: date | None = None,
) -> TransferImpactAssessment:
    """A new draft version for the subject, steps 1 and 2 filled from the register.

    Carries the previous version's answers, measures and open actions forward, so a review only
    edits what changed; the risk ratings and the outcome are left for the assessor to give
    again. Refused while another version of the same subject is a draft or in review."""
    on_date = assessed_on or today()
    if transfer is not None or scc_agreement is not None:
        lock_subject(transfer or scc_agreement)
    assessment_start_check(
        transfer=transfer,
        scc_agreement=scc_agreement,
        destination_country=destination_country,
        on_date=on_date,
    )
    previous = (
        subject_versions(
            transfer=transfer, scc_agreement=scc_agreement, destination_country=destination_country
        )
        .order_by("-version")
        .first()
    )
    assessment = TransferImpactAssessment(
        transfer=transfer,
        scc_agreement=scc_agreement,
        destination_country=destination_country,
        version=previous.version + 1 if previous else 1,
        assessor=assessor,
        assessed_on=on_date,
    )
    if previous is not None:
        for field in COPIED_TEXT_FIELDS:
            setattr(assessment, field, getattr(previous, field))
    assessment.register_snapshot = assessment_current_snapshot(assessment, on_date)
    save(assessment, by=assessor, reason=f"Version {assessment.version} started")
    sync_law_assessments(assessment, previous=previous)
    if previous is not None:
        copy_measures_and_actions(previous, assessment)
    return assessment


def assessment_new_version(
    *, assessment: TransferImpactAssessment, assessor: Any, assessed_on: date | None = None
) -> TransferImpactAssessment:
    """The next version of the same subject (typically after it was approved or outdated)."""
    return assessment_start_version(
        assessor=assessor,
        transfer=assessment.transfer,
        scc_agreement=assessment.scc_agreement,
        destination_country=assessment.destination_country,
        assessed_on=assessed_on,
    )


def lock_subject(subject: Transfer | SccAgreement) -> None:
    """Serialise version numbering per subject: two starts cannot take the same number."""
    type(subject).objects.select_for_update().filter(pk=subject.pk).exists()


def laws_to_assess(snapshot: dict) -> list[tuple[Country, ProfileLaw]]:
    """(country, law) for every law of every third-country profile the snapshot lists."""
    rows = []
    for third in snapshot["third_countries"]:
        if not third["profile"]:
            continue
        profile = CountryProfile.objects.prefetch_related("laws").get(pk=third["profile"]["id"])
        country = Country.objects.get(pk=third["code"])
        rows += [(country, law) for law in profile.laws.all()]
    return rows


def sync_law_assessments(
    assessment: TransferImpactAssessment, *, previous: TransferImpactAssessment | None = None
) -> None:
    """One law assessment per (country, law) the snapshot asks for: new rows start from the
    previous version's answers (same country and law code) or the law's questions and default
    factors; rows no longer asked for are removed (drafts only)."""
    wanted = laws_to_assess(assessment.register_snapshot)
    wanted_keys = {(country.pk, law.pk) for country, law in wanted}
    existing = {(row.country_id, row.law_id): row for row in assessment.law_assessments.all()}
    for key, row in existing.items():
        if key not in wanted_keys:
            row.delete()
    earlier = (
        {(r.country_id, r.law.profile_id, r.law.code): r for r in previous.law_assessments.all()}
        if previous is not None
        else {}
    )
    for country, law in wanted:
        if (country.pk, law.pk) in existing:
            continue
        row = LawAssessment(assessment=assessment, country=country, law=law)
        fill_from_law(row, law, earlier.get((country.pk, law.profile_id, law.code)))
        save(row)


def fill_from_law(row: LawAssessment, law: ProfileLaw, earlier: LawAssessment | None) -> None:
    """The law's current questions (with earlier answers kept), and its factors."""
    answered = {a["question"]: a.get("answer", "") for a in (earlier.answers if earlier else [])}
    row.answers = [{"question": q, "answer": answered.get(q, "")} for q in law.question_list]
    if earlier is not None:
        for field in LAW_ANSWER_FIELDS:
            setattr(row, field, getattr(earlier, field))
        return
    row.p_targeted = law.default_p_targeted
    row.p_readable = law.default_p_readable
    row.p_cannot_resist = law.default_p_cannot_resist


def copy_measures_and_actions(
    previous: TransferImpactAssessment, assessment: TransferImpactAssessment
) -> None:
    rows_by_law = {(r.country_id, r.law.code): r for r in assessment.law_assessments.all()}
    for selected in previous.measures.select_related("law_assessment__law"):
        old_row = selected.law_assessment
        new_row = rows_by_law.get((old_row.country_id, old_row.law.code)) if old_row else None
        copy = SelectedMeasure(
            assessment=assessment,
            measure=selected.measure,
            law_assessment=new_row,
            risk=selected.risk if new_row else "",
            implementation=selected.implementation,
            status=selected.status,
            due_on=selected.due_on,
        )
        save(copy)
    for action in previous.actions.filter(done=False):
        save(
            AssessmentAction(
                assessment=assessment,
                description=action.description,
                owner=action.owner,
                due_on=action.due_on,
            )
        )


def require_state(assessment: TransferImpactAssessment, *states: str, doing: str) -> None:
    if assessment.state not in states:
        allowed = " or ".join(AssessmentState(s).label.lower() for s in states)
        raise ValidationError(
            f"Only a TIA that is {allowed} can be {doing}; version {assessment.version} is "
            f"{assessment.get_state_display().lower()}."
        )


@transaction.atomic
def assessment_refresh(
    *, assessment: TransferImpactAssessment, by: Any = None, on_date: date | None = None
) -> list[str]:
    """Take steps 1 to 3 from the register again (drafts only); returns what changed."""
    assessment = lock(assessment)
    require_state(assessment, AssessmentState.DRAFT, doing="refreshed from the register")
    changes = assessment_reliance_changes(assessment, on_date or today())
    assessment.register_snapshot = assessment_current_snapshot(assessment, on_date or today())
    save(assessment, by=by, reason="Steps 1 to 3 refreshed from the register")
    sync_law_assessments(assessment)
    return changes


def lock(assessment: TransferImpactAssessment) -> TransferImpactAssessment:
    """The row, locked for this transaction, as the database has it now."""
    return TransferImpactAssessment.objects.select_for_update().get(pk=assessment.pk)


def refuse_if_incomplete(assessment: TransferImpactAssessment, doing: str) -> None:
    missing = assessment_missing_items(assessment)
    if missing:
        raise ValidationError([f"It cannot be {doing} yet:", *missing])
    refusal = outcome_refusal(assessment.risk_after, assessment.outcome)
    if refusal:
        raise ValidationError({"outcome": f"It cannot be {doing}: {refusal}"})


def submission_moment(on_date: date | None) -> datetime:
    """Now; for a back-dated submission (the demo, an import), noon on that day."""
    if on_date is None or on_date == today():
        return timezone.now()
    return timezone.make_aware(datetime.combine(on_date, time(12, 0)))


@transaction.atomic
def assessment_submit(
    *, assessment: TransferImpactAssessment, by: Any, on_date: date | None = None
) -> TransferImpactAssessment:
    """Hand a complete draft to an approver, with steps 1 to 3 as the register stands now."""
    assessment_refresh(assessment=assessment, by=by, on_date=on_date)
    assessment = lock(assessment)
    refuse_if_incomplete(assessment, "submitted")
    assessment.state = AssessmentState.IN_REVIEW
    assessment.submitted_at = submission_moment(on_date)
    save(assessment, by=by, reason="Submitted for review")
    return assessment


@transaction.atomic
def assessment_return_to_draft(
    *, assessment: TransferImpactAssessment, by: Any, reason: str
) -> TransferImpactAssessment:
    """Send an assessment in review back to its assessor, saying why."""
    assessment = lock(assessment)
    require_state(assessment, AssessmentState.IN_REVIEW, doing="sent back to draft")
    if not reason.strip():
        raise ValidationError("Say why the assessment goes back to draft.")
    assessment.state = AssessmentState.DRAFT
    assessment.submitted_at = None
    save(assessment, by=by, reason=f"Sent back: {reason}")
    return assessment


@transaction.atomic
def assessment_approve(
    *,
    assessment: TransferImpactAssessment,
    approver: Any,
    residual_risk_accepted: bool,
    residual_risk_note: str = "",
    approved_on: date | None = None,
) -> TransferImpactAssessment:
    """Sign off an assessment in review.

    The approver is someone other than the assessor, holds the approval permission, and accepts
    the residual risk; the assessment is complete and the register has not changed since it was
    submitted. The next review falls ``review_months`` after approval, and an earlier approved
    version of the same subject becomes outdated (superseded)."""
    assessment = lock(assessment)
    require_state(assessment, AssessmentState.IN_REVIEW, doing="approved")
    if approver.pk == assessment.assessor_id:
        raise ValidationError("You assessed this TIA: someone else must approve it.")
    if not approver.has_perm(APPROVE_PERMISSION):
        raise ValidationError("You do not have the permission to approve assessments.")
    refuse_if_incomplete(assessment, "approved")
    if not residual_risk_accepted:
        raise ValidationError("The approver must accept the residual risk to approve.")
    day = approved_on or today()
    changes = assessment_reliance_changes(assessment, day)
    if changes:
        raise ValidationError(
            [
                "The register changed since the assessment was submitted: send it back to "
                "draft, refresh it and submit it again.",
                *changes,
            ]
        )
    assessment.state = AssessmentState.APPROVED
    assessment.approver = approver
    assessment.approved_on = day
    assessment.next_review_on = add_months(day, assessment.review_months)
    assessment.residual_risk_accepted = True
    assessment.residual_risk_note = residual_risk_note or assessment.residual_risk_note
    save(assessment, by=approver, reason="Approved; residual risk accepted")
    superseded = subject_versions(
        transfer=assessment.transfer,
        scc_agreement=assessment.scc_agreement,
        destination_country=assessment.destination_country,
    ).filter(state=AssessmentState.APPROVED, version__lt=assessment.version)
    for earlier in superseded:
        outdate(earlier, f"Superseded by version {assessment.version}.", day)
    return assessment


def outdate(assessment: TransferImpactAssessment, reason: str, on_date: date) -> None:
    assessment.state = AssessmentState.OUTDATED
    assessment.outdated_on = on_date
    assessment.outdated_reason = reason
    save(assessment, reason="Outdated")


@transaction.atomic
def assessment_mark_outdated(
    *, assessment: TransferImpactAssessment, reason: str, on_date: date | None = None
) -> TransferImpactAssessment:
    """An approved assessment no longer holds; ``reason`` says why."""
    assessment = lock(assessment)
    require_state(assessment, AssessmentState.APPROVED, doing="marked outdated")
    if not reason.strip():
        raise ValidationError("Say why the assessment is outdated.")
    outdate(assessment, reason, on_date or today())
    return assessment


@transaction.atomic
def assessments_recheck(
    *, assessments: Iterable[TransferImpactAssessment], on_date: date | None = None
) -> list[TransferImpactAssessment]:
    """Outdate the approved assessments whose review date has come or whose register facts
    changed; returns those it outdated."""
    day = on_date or today()
    outdated = []
    for assessment in assessments:
        if assessment.state != AssessmentState.APPROVED:
            continue
        reasons = outdating_reasons(assessment, day)
        if reasons:
            outdate(lock(assessment), " ".join(reasons), day)
            outdated.append(assessment)
    return outdated


def outdating_reasons(assessment: TransferImpactAssessment, on_date: date) -> list[str]:
    reasons = []
    if assessment.next_review_on is not None and assessment.next_review_on <= on_date:
        reasons.append(f"The review date ({assessment.next_review_on:%d %B %Y}) was reached.")
    return reasons + assessment_reliance_changes(assessment, on_date)


def assessments_outdate_due(*, today: date | None = None) -> list[TransferImpactAssessment]:
    """The nightly sweep: every approved assessment checked against its review date and the
    register (catching changes no signal saw, such as bulk updates or reference reloads)."""
    approved = TransferImpactAssessment.objects.filter(state=AssessmentState.APPROVED)
    return assessments_recheck(assessments=approved, on_date=today)


@transaction.atomic
def country_profile_record_change(*, profile: CountryProfile, by: Any = None) -> CountryProfile:
    """Raise the profile's version after an edit (the admin calls this when content changed)."""
    profile = CountryProfile.objects.select_for_update().get(pk=profile.pk)
    profile.version += 1
    save(profile, by=by, reason=f"Version {profile.version}")
    return profile


def country_profile_record_edit(
    *, profile: CountryProfile, fingerprint_before: str | None, by: Any = None
) -> CountryProfile | None:
    """After an edit of the profile or its laws: a material change (anything an assessor reads,
    as the fingerprint sees it) raises the version and returns the new one; a save that changed
    nothing an assessor reads returns None and keeps the version, so no TIA is outdated for it.
    ``fingerprint_before`` is None for a new profile (nothing relied on it yet)."""
    if fingerprint_before is None or fingerprint_before == country_profile_fingerprint(profile):
        return None
    return country_profile_record_change(profile=profile, by=by)
