"""factory_boy factories for the register; countries come from the shipped reference data."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from affiliates.models import Affiliate, AffiliateRole, Country
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
)
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Purpose,
    SupervisoryAuthority,
)
from transfers.register.models import SccAgreement, Transfer
from transfers.requests.models import DataSubjectRequest
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("pw")


class AffiliateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliate

    legal_name = factory.Sequence(lambda n: f"Group Entity {n} Ltd")
    address = "1 Example Street, Dublin"
    country = factory.LazyFunction(lambda: country("IE"))
    contact_name = "Jane Contact"
    contact_email = "jane.contact@example.invalid"


class AffiliateRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliateRole

    affiliate = factory.SubFactory(AffiliateFactory)
    role = "controller"


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    legal_name = factory.Sequence(lambda n: f"Vendor {n} Inc.")
    kind = "service_provider"
    country = factory.LazyFunction(lambda: country("US"))
    services = "Cloud hosting"
    status = "active"


class VendorLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorLocation

    vendor = factory.SubFactory(VendorFactory)
    country = factory.LazyFunction(lambda: country("US"))
    activity = "storage"


class VendorCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorCertification

    vendor = factory.SubFactory(VendorFactory)
    scheme = "EU-US DPF"
    valid_from = factory.Faker("date_between", start_date="-2y", end_date="-1y")


class SubProcessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubProcessor

    vendor = factory.SubFactory(VendorFactory)
    sub_processor = factory.SubFactory(VendorFactory)
    services = "Storage"


class DataCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Data category {n}")


class DataSubjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSubjectCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Data subjects {n}")


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalBasis
        django_get_or_create = ("code",)

    code = "art6-1-b"
    name = "Performance of a contract"
    article = "Art. 6(1)(b) GDPR"


class PurposeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purpose
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Purpose {n}")


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    reference = factory.Sequence(lambda n: f"flow-{n}")
    name = factory.Sequence(lambda n: f"Flow {n}")
    exporter_affiliate = factory.SubFactory(AffiliateFactory)
    exporter_role = "controller"
    importer_vendor = factory.SubFactory(VendorFactory)
    importer_role = "processor"
    destination_country = factory.LazyFunction(lambda: country("US"))
    frequency = "continuous"
    legal_tool = "scc"


class SccAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SccAgreement

    reference = factory.Sequence(lambda n: f"scc-{n}")
    title = factory.Sequence(lambda n: f"SCC agreement {n}")
    module = 2
    exporter_affiliate = factory.SubFactory(AffiliateFactory)
    importer_vendor = factory.SubFactory(VendorFactory)
    clause_9_option = 2
    clause_9_period = "30 days"
    clause_17_option = 1
    governing_law_country = factory.LazyFunction(lambda: country("IE"))
    courts_country = factory.LazyFunction(lambda: country("IE"))


class TransferImpactAssessmentFactory(factory.django.DjangoModelFactory):
    """A draft TIA made the way users make one: through the service, steps 1-2 pre-filled."""

    class Meta:
        model = TransferImpactAssessment

    transfer = factory.SubFactory(TransferFactory)
    assessor = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return assessment_start_version(**kwargs)


MEASURE_FOR_RISK = {
    "compelled_disclosure": "contract-challenge-requests",
    "direct_access": "contract-audit",
    "in_transit": "uc3-transit-encryption",
}


def fill_assessment(assessment: TransferImpactAssessment, **overrides) -> TransferImpactAssessment:
    """Answer every question of a draft so it can be submitted: each law applies, factors
    given, one in-place measure per law, outcome "proceed with measures"."""
    for row in assessment.law_assessments.select_related("law"):
        row.applies = True
        row.answers = [{**a, "answer": f"Answer to: {a['question']}"} for a in row.answers]
        row.conclusion = f"{row.law.name} reaches the data only with the importer's help."
        row.p_targeted = row.p_targeted if row.p_targeted is not None else Decimal("0.02")
        row.p_readable = Decimal("0.1")
        row.p_cannot_resist = Decimal("0.5")
        row.factors_rationale = "Encrypted at rest; the importer challenges orders."
        row.save()
        if row.law.risks:
            risk = row.law.risks[0]
            SelectedMeasure.objects.create(
                assessment=assessment,
                measure=SupplementaryMeasure.objects.get(code=MEASURE_FOR_RISK[risk]),
                law_assessment=row,
                risk=risk,
                implementation=f"In place against {risk}.",
            )
    values = {
        "step1_notes": "Two-hop chain: exporter to importer, no onward transfer.",
        "step3_conclusion": "The destination's law allows access beyond what is necessary.",
        "step4_notes": "Measures reduce what can be reached.",
        "step5_procedural_steps": "SCCs used unchanged; no authorisation needed.",
        "step6_monitoring": "Newsletter watch; yearly review.",
        "risk_before": "high",
        "risk_after": "medium",
        "outcome": "proceed_with_measures",
        "use_probability": True,
        "assessment_period_years": 5,
        "probability_threshold": Decimal("0.10"),
        **overrides,
    }
    for field, value in values.items():
        setattr(assessment, field, value)
    assessment.full_clean()
    assessment.save()
    AssessmentAction.objects.create(
        assessment=assessment, description="Ask for the transparency report", owner="Legal"
    )
    return assessment


def approve_assessment(assessment: TransferImpactAssessment, approver) -> TransferImpactAssessment:
    """Submit (by its assessor) and approve (by ``approver``), residual risk accepted."""
    assessment_submit(assessment=assessment, by=assessment.assessor)
    return assessment_approve(assessment=assessment, approver=approver, residual_risk_accepted=True)


class SupervisoryAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisoryAuthority
        django_get_or_create = ("country",)

    country = factory.LazyFunction(lambda: country("IE"))
    name = factory.LazyAttribute(lambda a: f"Data Protection Authority of {a.country.name}")
    address = factory.LazyAttribute(lambda a: f"1 Authority Square, {a.country.name}")
    website = "https://authority.example.invalid/"


class DataSubjectRequestFactory(factory.django.DjangoModelFactory):
    """A verified request for all recipients' copies (the public form makes the real ones)."""

    class Meta:
        model = DataSubjectRequest

    name = "Ada Lovelace"
    email = factory.Sequence(lambda n: f"requester{n}@example.invalid")
    all_recipients = True
    state = "verified"


class AdequacyDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdequacyDecision

    regime = "EU"
    country = factory.LazyFunction(lambda: country("JP"))
    reference = factory.Sequence(lambda n: f"(TEST) {n}")
    effective_from = factory.Faker("date_between", start_date="-6y", end_date="-5y")
