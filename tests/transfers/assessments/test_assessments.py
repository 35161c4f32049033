"""Transfer impact assessments: steps 1-2 come from the register, versions, the approval rules,
outdating on each trigger, and the TIA state the rules read."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import (
    SubProcessorFactory,
    TransferFactory,
    TransferImpactAssessmentFactory,
    UserFactory,
    VendorFactory,
    VendorLocationFactory,
    approve_assessment,
    country,
    fill_assessment,
)
from transfers.assessments.models import (
    CountryProfile,
    ProfileLaw,
    SelectedMeasure,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from transfers.assessments.selectors import tia_state_for_transfer
from transfers.assessments.services import (
    add_months,
    assessment_approve,
    assessment_mark_outdated,
    assessment_new_version,
    assessment_return_to_draft,
    assessment_start_version,
    assessment_submit,
    assessments_outdate_due,
)
from transfers.reference.models import AdequacyDecision

pytestmark = pytest.mark.django_db

US_LAWS = ["fisa-702", "eo-12333", "cloud-act", "eo-14086", "dprc", "dpf"]


@pytest.fixture
def approver(legal_editor):
    return legal_editor


@pytest.fixture
def transfer(tia_transfer):
    return tia_transfer


def approved_tia(transfer, approver, **overrides):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer), **overrides)
    return approve_assessment(assessment, approver)


def reloaded(assessment):
    return TransferImpactAssessment.objects.get(pk=assessment.pk)


# ------------------------------------------------------------------------- steps 1 and 2


def test_steps_1_and_2_are_filled_from_the_register(transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    snapshot = assessment.register_snapshot
    assert snapshot["exporter"]["name"] == transfer.exporter_affiliate.legal_name
    assert snapshot["exporter"]["role"] == "controller"
    assert snapshot["importer"]["name"] == transfer.importer_vendor.legal_name
    assert snapshot["importer"]["role"] == "processor"
    assert snapshot["destination"] == {"code": "US", "name": "United States of America"}
    assert snapshot["data_categories"] == ["Contact details", "Health data"]
    assert snapshot["special_categories"] == ["Health data"]
    assert snapshot["data_subjects"] == ["Customers"]
    assert snapshot["purposes"] == ["Customer support"]
    assert snapshot["frequency"] == ["Continuous"]
    assert [r["code"] for r in snapshot["importer_locations"]] == ["US"]
    assert [s["name"] for s in snapshot["sub_processors"]] == ["Support Desk Pvt Ltd"]
    assert snapshot["legal_tool"]["code"] == "scc"
    assert snapshot["legal_tool"]["agreements"][0]["module"].startswith("Module Two")
    assert assessment.version == 1
    assert assessment.state == "draft"


def test_step_3_covers_the_destination_and_the_sub_processors_third_countries(transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    countries = [c["code"] for c in assessment.register_snapshot["third_countries"]]
    assert countries == ["US", "IN"]
    rows = assessment.law_assessments.select_related("law")
    assert [r.law.code for r in rows if r.country_id == "US"] == US_LAWS
    assert {r.law.profile.code for r in rows if r.country_id == "IN"} == {"in"}
    fisa = next(r for r in rows if r.law.code == "fisa-702")
    assert fisa.answers[0]["question"].startswith("Is the importer, its parent")
    assert fisa.answers[0]["answer"] == ""
    assert fisa.p_readable == 1 and fisa.p_cannot_resist == 1 and fisa.p_targeted is None


def test_eea_and_fully_adequate_locations_need_no_profile(transfer):
    VendorLocationFactory(vendor=transfer.importer_vendor, country=country("IE"))
    VendorLocationFactory(vendor=transfer.importer_vendor, country=country("CH"))
    # Switzerland's full-scope decision 2000/518/EC ships in the reference data (Japan's is
    # partial: private sector only, so Japan would still need a profile).
    assert AdequacyDecision.objects.filter(regime="EU", country=country("CH")).exists()
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    assert [c["code"] for c in assessment.register_snapshot["third_countries"]] == ["US", "IN"]
    relied_on = assessment.register_snapshot["adequacy_decisions"]
    assert ("CH", "2000/518/EC") in [(d["country"], d["reference"]) for d in relied_on]


def brazilian_flow():
    vendor = VendorFactory(country=country("BR"))
    return TransferFactory(destination_country=country("BR"), importer_vendor=vendor)


def test_a_country_without_a_profile_gets_the_generic_one():
    flow = brazilian_flow()
    assessment = TransferImpactAssessmentFactory(transfer=flow)
    third = assessment.register_snapshot["third_countries"]
    assert [(c["code"], c["profile"]["code"]) for c in third] == [("BR", "generic")]
    assert {r.law.code for r in assessment.law_assessments.all()} == {
        "national-security",
        "law-enforcement",
    }


def test_no_tia_for_a_destination_inside_the_eea():
    flow = TransferFactory(destination_country=country("DE"))
    with pytest.raises(ValidationError, match="Germany is in the EEA"):
        assessment_start_version(transfer=flow, assessor=UserFactory())
    assert not TransferImpactAssessment.objects.exists()


def test_an_agreement_and_destination_can_be_assessed_together(transfer):
    agreement = transfer.scc_agreements.get()
    assessment = assessment_start_version(
        scc_agreement=agreement, destination_country=country("US"), assessor=UserFactory()
    )
    snapshot = assessment.register_snapshot
    assert snapshot["subject"]["kind"] == "scc_agreement"
    assert snapshot["transfers"] == [{"reference": transfer.reference, "name": transfer.name}]
    assert (snapshot["exporter"]["role"], snapshot["importer"]["role"]) == (
        "controller",
        "processor",
    )
    assert tia_state_for_transfer(transfer, timezone.localdate())[0] == "draft"


def test_an_agreement_needs_a_destination(transfer):
    with pytest.raises(ValidationError, match="destination"):
        assessment_start_version(
            scc_agreement=transfer.scc_agreements.get(), assessor=UserFactory()
        )


# ---------------------------------------------------------------------------- approval


def test_an_approved_tia_records_who_when_and_its_next_review(transfer, approver):
    assessment = approved_tia(transfer, approver)
    assert assessment.state == "approved"
    assert assessment.approver == approver
    assert assessment.approved_on == timezone.localdate()
    assert assessment.next_review_on == add_months(timezone.localdate(), 12)
    assert assessment.residual_risk_accepted


def test_the_review_period_is_configurable(transfer, approver):
    assessment = approved_tia(transfer, approver, review_months=6)
    assert assessment.next_review_on == add_months(timezone.localdate(), 6)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 6, 15), 12) == date(2026, 6, 15)


def test_no_self_approval(transfer):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assessment_submit(assessment=assessment, by=assessment.assessor)
    with pytest.raises(ValidationError, match="someone else must approve"):
        assessment_approve(
            assessment=assessment, approver=assessment.assessor, residual_risk_accepted=True
        )
    assert reloaded(assessment).state == "in_review"


def test_the_approver_needs_the_permission(transfer):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assessment_submit(assessment=assessment, by=assessment.assessor)
    with pytest.raises(ValidationError, match="permission to approve"):
        assessment_approve(
            assessment=assessment, approver=UserFactory(), residual_risk_accepted=True
        )


def test_an_incomplete_tia_cannot_be_submitted(transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    with pytest.raises(ValidationError) as error:
        assessment_submit(assessment=assessment, by=assessment.assessor)
    messages = error.value.messages
    assert "It cannot be submitted yet:" in messages
    assert (
        "Step 3: say whether FISA Section 702 (United States of America) applies to this transfer."
        in (messages)
    )
    assert "Choose an outcome: proceed, proceed with the measures, or suspend." in messages
    assert reloaded(assessment).state == "draft"


def test_an_incomplete_tia_cannot_be_approved(transfer, approver):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assessment_submit(assessment=assessment, by=assessment.assessor)
    row = assessment.law_assessments.get(law__code="cloud-act")
    row.answers[0]["answer"] = "  "
    row.save()
    with pytest.raises(ValidationError) as error:
        assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=True)
    assert (
        "Step 3: answer every question on CLOUD Act (United States of America)."
        in error.value.messages
    )
    assert reloaded(assessment).state == "in_review"


@pytest.mark.parametrize("risk_after", ["high", "very_high"])
def test_a_high_residual_risk_cannot_be_submitted_to_proceed(transfer, risk_after):
    assessment = fill_assessment(
        TransferImpactAssessmentFactory(transfer=transfer),
        risk_before="very_high",
        risk_after=risk_after,
        outcome="proceed",
    )
    with pytest.raises(ValidationError) as error:
        assessment_submit(assessment=assessment, by=assessment.assessor)
    assert "outcome" in error.value.message_dict
    assert "Suspend" in error.value.message_dict["outcome"][0]
    assert reloaded(assessment).state == "draft"


def test_a_high_residual_risk_in_review_cannot_be_approved_to_proceed(transfer, approver):
    assessment = fill_assessment(
        TransferImpactAssessmentFactory(transfer=transfer), risk_after="high", outcome="suspend"
    )
    assessment_submit(assessment=assessment, by=assessment.assessor)
    # A version submitted before the rule existed, still in review with "proceed".
    TransferImpactAssessment.objects.filter(pk=assessment.pk).update(outcome="proceed")
    with pytest.raises(ValidationError) as error:
        assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=True)
    assert "cannot be approved" in error.value.message_dict["outcome"][0]
    row = reloaded(assessment)
    assert (row.state, row.approver_id, row.approved_on) == ("in_review", None, None)


def test_a_high_residual_risk_is_approved_with_suspension(transfer, approver):
    assessment = fill_assessment(
        TransferImpactAssessmentFactory(transfer=transfer), risk_after="high", outcome="suspend"
    )
    assessment_submit(assessment=assessment, by=assessment.assessor)
    assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=True)
    assert reloaded(assessment).state == "approved"


def test_the_residual_risk_must_be_accepted(transfer, approver):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assessment_submit(assessment=assessment, by=assessment.assessor)
    with pytest.raises(ValidationError, match="accept the residual risk"):
        assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=False)


def test_a_draft_cannot_be_approved(transfer, approver):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    with pytest.raises(ValidationError, match="Only a TIA that is in review can be approved"):
        assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=True)


def test_measures_must_be_linked_to_a_risk(transfer):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    SelectedMeasure.objects.filter(assessment=assessment).update(law_assessment=None)
    with pytest.raises(ValidationError, match="link “Duty to review and challenge"):
        assessment_submit(assessment=assessment, by=assessment.assessor)


def test_a_measure_must_address_a_risk_the_law_and_the_catalogue_allow(transfer):
    assessment = TransferImpactAssessmentFactory(transfer=transfer)
    fisa = assessment.law_assessments.get(law__code="fisa-702")
    selected = SelectedMeasure(
        assessment=assessment,
        measure=SupplementaryMeasure.objects.get(code="uc3-transit-encryption"),
        law_assessment=fisa,
        risk="in_transit",
    )
    with pytest.raises(ValidationError, match="does not allow this kind of access"):
        selected.full_clean()
    selected.risk = "compelled_disclosure"
    with pytest.raises(ValidationError, match="catalogue does not list"):
        selected.full_clean()


def test_probability_above_the_threshold_blocks_proceeding(transfer):
    assessment = fill_assessment(
        TransferImpactAssessmentFactory(transfer=transfer), probability_threshold="0.001"
    )
    with pytest.raises(ValidationError, match="exceeds the threshold of 0.10%"):
        assessment_submit(assessment=assessment, by=assessment.assessor)
    assessment.outcome = "suspend"
    assessment.save()
    assert assessment_submit(assessment=assessment, by=assessment.assessor).state == "in_review"


def test_approval_is_refused_when_the_register_changed_since_submission(transfer, approver):
    assessment = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assessment_submit(assessment=assessment, by=assessment.assessor)
    VendorLocationFactory(vendor=transfer.importer_vendor, country=country("SG"))
    with pytest.raises(ValidationError) as error:
        assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=True)
    assert any("storage or access countries changed" in m for m in error.value.messages)
    back = assessment_return_to_draft(assessment=assessment, by=approver, reason="Refresh")
    assert back.state == "draft"


# ---------------------------------------------------------------------------- versions


def test_one_open_version_at_a_time(transfer):
    TransferImpactAssessmentFactory(transfer=transfer)
    with pytest.raises(ValidationError, match="Version 1 is still draft"):
        assessment_start_version(transfer=transfer, assessor=UserFactory())


def test_a_new_version_carries_the_answers_forward_and_supersedes_on_approval(transfer, approver):
    first = approved_tia(transfer, approver)
    second = assessment_new_version(assessment=first, assessor=first.assessor)
    assert second.version == 2 and second.state == "draft"
    assert second.step3_conclusion == first.step3_conclusion
    assert second.outcome == "" and second.risk_before == ""
    fisa = second.law_assessments.get(law__code="fisa-702")
    assert fisa.applies is True and fisa.answers[0]["answer"].startswith("Answer to:")
    assert second.measures.count() == first.measures.count()
    assert all(m.law_assessment.assessment_id == second.pk for m in second.measures.all())
    assert [a.description for a in second.actions.all()] == ["Ask for the transparency report"]
    second.risk_before, second.risk_after, second.outcome = (
        "high",
        "medium",
        "proceed_with_measures",
    )
    second.save()
    approve_assessment(second, approver)
    first.refresh_from_db()
    assert first.state == "outdated"
    assert first.outdated_reason == "Superseded by version 2."


def test_marking_outdated_needs_a_reason(transfer, approver):
    assessment = approved_tia(transfer, approver)
    with pytest.raises(ValidationError, match="Say why"):
        assessment_mark_outdated(assessment=assessment, reason=" ")
    outdated = assessment_mark_outdated(assessment=assessment, reason="New guidance")
    assert (outdated.state, outdated.outdated_reason) == ("outdated", "New guidance")


# ----------------------------------------------------------------------------- outdating


def test_outdated_on_its_review_date(transfer, approver):
    assessment = approved_tia(transfer, approver)
    assert assessments_outdate_due(today=assessment.next_review_on - timedelta(days=1)) == []
    assert assessments_outdate_due(today=assessment.next_review_on) == [assessment]
    assessment.refresh_from_db()
    assert assessment.state == "outdated"
    assert "review date" in assessment.outdated_reason
    assert assessment.outdated_on == assessment.next_review_on


def test_outdated_when_the_destination_changes(transfer, approver):
    assessment = approved_tia(transfer, approver)
    transfer.destination_country = country("CN")
    transfer.save()
    assessment.refresh_from_db()
    assert assessment.state == "outdated"
    assert (
        "destination country changed: United States of America → China"
        in assessment.outdated_reason
    )


def test_outdated_when_a_storage_country_changes(transfer, approver):
    assessment = approved_tia(transfer, approver)
    VendorLocationFactory(vendor=transfer.importer_vendor, country=country("SG"))
    assert reloaded(assessment).state == "outdated"
    assert "storage or access countries changed" in reloaded(assessment).outdated_reason


def test_outdated_when_a_storage_location_is_removed(transfer, approver):
    assessment = approved_tia(transfer, approver)
    transfer.importer_vendor.locations.get().delete()
    assert reloaded(assessment).state == "outdated"


def test_outdated_when_a_sub_processor_is_added(transfer, approver):
    assessment = approved_tia(transfer, approver)
    SubProcessorFactory(
        vendor=transfer.importer_vendor,
        sub_processor=VendorFactory(legal_name="Mail Relay Inc.", country=country("US")),
    )
    assert (
        "added Mail Relay Inc. (United States of America)" in reloaded(assessment).outdated_reason
    )


def test_outdated_when_a_sub_processor_is_removed(transfer, approver):
    assessment = approved_tia(transfer, approver)
    transfer.importer_vendor.sub_processors.get().delete()
    assert "removed Support Desk Pvt Ltd" in reloaded(assessment).outdated_reason


def test_outdated_when_a_sub_processor_moves(transfer, approver):
    assessment = approved_tia(transfer, approver)
    desk = transfer.importer_vendor.sub_processors.get().sub_processor
    desk.country = country("SG")
    desk.save()
    assert reloaded(assessment).state == "outdated"


def test_outdated_when_the_legal_tool_changes(transfer, approver):
    assessment = approved_tia(transfer, approver)
    transfer.legal_tool = "bcr"
    transfer.save()
    assert "The legal tool changed" in reloaded(assessment).outdated_reason


def test_outdated_when_the_scc_agreement_changes(transfer, approver):
    assessment = approved_tia(transfer, approver)
    agreement = transfer.scc_agreements.get()
    agreement.status = "terminated"
    agreement.save()
    assert "The legal tool changed" in reloaded(assessment).outdated_reason


def test_outdated_when_the_agreement_stops_covering_the_transfer(transfer, approver):
    assessment = approved_tia(transfer, approver)
    transfer.scc_agreements.get().transfers.remove(transfer)
    assert "The legal tool changed" in reloaded(assessment).outdated_reason


def test_outdated_when_an_adequacy_decision_changes(transfer, approver):
    assessment = approved_tia(transfer, approver)
    decision = AdequacyDecision.objects.get(
        regime="EU", country=country("US"), reference="(EU) 2023/1795"
    )
    decision.effective_until = date(2026, 12, 31)  # the legal team records a revocation
    decision.save()
    assert "An adequacy decision changed (US)" in reloaded(assessment).outdated_reason


def test_outdated_when_its_country_profile_changes(transfer, approver):
    assessment = approved_tia(transfer, approver)
    law = ProfileLaw.objects.get(profile__code="us", code="cloud-act")
    law.description += " Amended."
    law.save()
    reason = reloaded(assessment).outdated_reason
    assert "The country profile changed: “United States” (assessed at version 1)" in reason


def test_outdated_when_a_new_profile_replaces_the_generic_one(approver):
    flow = brazilian_flow()
    assessment = approved_tia(flow, approver)
    CountryProfile.objects.create(
        code="br", country=country("BR"), name="Brazil", reviewed_on=date(2026, 1, 1), summary="."
    )
    assert reloaded(assessment).state == "outdated"


def test_an_unrelated_profile_change_leaves_it_approved(transfer, approver):
    assessment = approved_tia(transfer, approver)
    law = ProfileLaw.objects.get(profile__code="cn", code="pipl")
    law.description += " Amended."
    law.save()
    assert reloaded(assessment).state == "approved"


def test_a_change_that_is_not_a_trigger_leaves_it_approved(transfer, approver):
    assessment = approved_tia(transfer, approver)
    transfer.name = "Renamed flow"
    transfer.save()
    transfer.importer_vendor.website = "https://example.invalid"
    transfer.importer_vendor.save()
    assert reloaded(assessment).state == "approved"


def test_the_nightly_sweep_catches_changes_no_signal_saw(transfer, approver):
    assessment = approved_tia(transfer, approver)
    type(transfer).objects.filter(pk=transfer.pk).update(destination_country="CN")
    assert reloaded(assessment).state == "approved"
    assert assessments_outdate_due(today=timezone.localdate()) == [assessment]
    assert reloaded(assessment).state == "outdated"


# ------------------------------------------------------------------ the state the rules see


def test_tia_state_for_transfer(transfer, approver):
    today = timezone.localdate()
    assert tia_state_for_transfer(transfer, today) == ("none", None)
    draft = fill_assessment(TransferImpactAssessmentFactory(transfer=transfer))
    assert tia_state_for_transfer(transfer, today) == ("draft", today)
    approve_assessment(draft, approver)
    assert tia_state_for_transfer(transfer, today) == ("approved", today)
    later = add_months(today, 12)
    assert tia_state_for_transfer(transfer, later) == ("outdated", today)
    assert tia_state_for_transfer(transfer, today - timedelta(days=1)) == ("none", None)


def test_tia_state_negative_when_the_outcome_is_to_suspend(transfer, approver):
    approved_tia(transfer, approver, outcome="suspend")
    assert tia_state_for_transfer(transfer, timezone.localdate())[0] == "negative"


def test_tia_state_outdated_after_a_change(transfer, approver):
    approved_tia(transfer, approver)
    transfer.legal_tool = "bcr"
    transfer.save()
    assert tia_state_for_transfer(transfer, timezone.localdate())[0] == "outdated"
