"""The demo TIAs: one for each SCC-covered transfer of the demo register, made through the
services, in every state, and loaded twice without change."""

import pytest
from django.utils import timezone

from transfers.assessments.models import TransferImpactAssessment
from transfers.assessments.selectors import assessment_probability, tia_state_for_transfer
from transfers.demo.services import demo_register_load
from transfers.register.models import SccAgreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return demo_register_load()


def test_every_scc_covered_transfer_has_a_tia(demo):
    today = timezone.localdate()
    covered = {t for a in SccAgreement.objects.all() for t in a.transfers.all()}
    assert covered
    states = {t.reference: tia_state_for_transfer(t, today)[0] for t in covered}
    assert "none" not in states.values(), states
    assert demo["assessments"] == TransferImpactAssessment.objects.count() == 8


def test_the_demo_shows_every_state(demo):
    states = sorted(TransferImpactAssessment.objects.values_list("state", flat=True))
    assert states == sorted(["approved"] * 3 + ["outdated"] + ["in_review"] * 2 + ["draft"] * 2)


def test_one_approved_with_measures_and_a_probability_block(demo):
    hosting = TransferImpactAssessment.objects.get(transfer__reference="hosting-us-platform")
    assert hosting.state == "approved" and hosting.outcome == "proceed_with_measures"
    assert hosting.measures.count() >= 5
    assert hosting.approver.username == "demo-approver" != hosting.assessor.username
    result = assessment_probability(hosting)
    assert result is not None and result.within_threshold and len(result.instruments) == 6


def test_one_outdated_by_a_change_in_the_register(demo):
    support = TransferImpactAssessment.objects.get(transfer__reference="partner-us-support")
    assert support.state == "outdated"
    assert "added Example Backup Vault LLC (fictional)" in support.outdated_reason


def test_loading_again_creates_no_assessment_and_changes_none(demo):
    before = list(TransferImpactAssessment.objects.values().order_by("pk"))
    history = TransferImpactAssessment.history.count()
    again = demo_register_load()
    assert again["written"] == 0
    assert list(TransferImpactAssessment.objects.values().order_by("pk")) == before
    assert TransferImpactAssessment.history.count() == history
