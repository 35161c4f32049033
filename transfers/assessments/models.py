"""Transfer impact assessments (EDPB Recommendations 01/2020) and the reference data they use:
country profiles (the laws that let public authorities reach data, with their questions and
dated sources) and the catalogue of supplementary measures.

A TIA is versioned: each version keeps a snapshot of what it relied on in the register (steps 1
and 2, the countries and profile versions of step 3), so a later change to any of those can be
detected by comparing the snapshot with the register, and the approved report stays reproducible.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from affiliates.models import Country
from transfers.assessments.choices import (
    AccessRisk,
    AssessmentOutcome,
    AssessmentState,
    LawNature,
    MeasureKind,
    RiskLevel,
)
from transfers.register.models import SccAgreement, Transfer

PROBABILITY_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


def probability_field(verbose_name: str, help_text: str = "") -> models.DecimalField:
    """A probability between 0 and 1, stored exactly (four decimals: 0.0001 = 0.01 %)."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=PROBABILITY_VALIDATORS,
        help_text=help_text or "Between 0 and 1 (e.g. 0.05 for 5 %).",
    )


def default_review_months() -> int:
    return settings.TRANSFERS_TIA_REVIEW_MONTHS


def default_period_years() -> int:
    return settings.TRANSFERS_TIA_PERIOD_YEARS


def default_probability_threshold() -> Decimal:
    return Decimal(settings.TRANSFERS_TIA_PROBABILITY_THRESHOLD)


class CountryProfile(models.Model):
    """What the legal team knows about a destination's law and practice (step 3).

    One profile per country, plus one generic profile for any country without its own.
    ``version`` goes up whenever the profile or one of its laws changes, and assessments that
    relied on an earlier version become outdated."""

    code = models.SlugField(max_length=40, unique=True, help_text='e.g. "us", "generic".')
    country = models.OneToOneField(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tia_profile",
        help_text="Empty for the generic profile only.",
    )
    generic = models.BooleanField(
        default=False, help_text="Used for every country that has no profile of its own."
    )
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1, editable=False)
    reviewed_on = models.DateField(help_text="When the legal team last checked this profile.")
    summary = models.TextField(help_text="Law and practice in a few paragraphs.")
    needs_legal_check = models.BooleanField(
        default=False, help_text="Something here is believed but not checked against a source."
    )
    check_note = models.TextField(blank=True, help_text="What the legal team should verify.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["generic", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(generic=True) & Q(country__isnull=True))
                | (Q(generic=False) & Q(country__isnull=False)),
                name="country_profile_generic_has_no_country",
                violation_error_message=(
                    "A profile is either generic (no country) or for one country."
                ),
            ),
            models.UniqueConstraint(
                fields=["generic"],
                condition=Q(generic=True),
                name="country_profile_one_generic",
                violation_error_message="There is already a generic profile.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ProfileLaw(models.Model):
    """One law (or safeguard) of a country profile, with the questions an assessor answers."""

    profile = models.ForeignKey(CountryProfile, on_delete=models.CASCADE, related_name="laws")
    code = models.SlugField(max_length=60, help_text="Stable identifier within the profile.")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    citation = models.CharField(max_length=300, blank=True)
    nature = models.CharField(max_length=20, choices=LawNature.choices)
    risks = models.JSONField(
        default=list, blank=True, help_text="The kinds of access this law allows."
    )
    description = models.TextField()
    questions = models.TextField(
        blank=True, help_text="The questions an assessor answers for this law, one per line."
    )
    source = models.CharField(max_length=300, help_text="Where this is taken from.")
    source_url = models.URLField(blank=True, max_length=500)
    source_date = models.DateField(help_text="Date of the source (or when it was consulted).")
    needs_legal_check = models.BooleanField(default=False)
    check_note = models.TextField(blank=True)
    default_p_targeted = probability_field(
        "default probability that the importer is targeted (per year)"
    )
    default_p_readable = probability_field(
        "default probability that the data is readable (no effective measure)"
    )
    default_p_cannot_resist = probability_field(
        "default probability that the importer cannot resist the request"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["profile", "position", "name"]
        verbose_name = "law in a country profile"
        verbose_name_plural = "laws in country profiles"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "code"],
                name="profile_law_code_unique",
                violation_error_message="This profile already has a law with this code.",
            ),
            models.CheckConstraint(
                condition=Q(nature__in=LawNature.values),
                name="profile_law_nature_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def grants_access(self) -> bool:
        return self.nature == LawNature.ACCESS_POWER

    def clean(self) -> None:
        unknown = set(self.risks or []) - set(AccessRisk.values)
        if unknown:
            raise ValidationError({"risks": f"Unknown risk(s): {', '.join(sorted(unknown))}."})
        if self.grants_access and not self.risks:
            raise ValidationError({"risks": "Say which kinds of access this law allows."})


class SupplementaryMeasure(models.Model):
    """An entry in the catalogue of supplementary measures (EDPB Recommendations 01/2020,
    Annex 2), with the access risks it is effective against."""

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=MeasureKind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField()
    conditions = models.TextField(
        blank=True, help_text="Conditions under which the EDPB considers it effective."
    )
    edpb_use_case = models.CharField(
        "EDPB use case", max_length=100, blank=True, help_text='e.g. "Use case 1".'
    )
    effective_against = models.JSONField(
        default=list, blank=True, help_text="The access risks this measure addresses."
    )
    no_technical_measure_suffices = models.BooleanField(
        default=False,
        help_text=(
            "A scenario in which the EDPB found no effective technical measure (use cases 6 "
            "and 7): selecting it records that the transfer falls in that scenario."
        ),
    )
    source = models.CharField(max_length=300)
    source_url = models.URLField(blank=True, max_length=500)
    source_date = models.DateField()
    needs_legal_check = models.BooleanField(default=False)
    check_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeasureKind.values), name="supplementary_measure_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    def clean(self) -> None:
        unknown = set(self.effective_against or []) - set(AccessRisk.values)
        if unknown:
            raise ValidationError(
                {"effective_against": f"Unknown risk(s): {', '.join(sorted(unknown))}."}
            )


class TransferImpactAssessment(models.Model):
    """One version of the TIA of a transfer, or of an SCC agreement for one destination."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    scc_agreement = models.ForeignKey(
        SccAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name="SCC agreement",
    )
    destination_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="With an SCC agreement: the destination this assessment covers.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    state = models.CharField(
        max_length=20,
        choices=AssessmentState.choices,
        default=AssessmentState.DRAFT,
        editable=False,
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tias_assessed"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tias_approved",
        editable=False,
    )
    assessed_on = models.DateField(help_text="The date of the assessment.")
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_on = models.DateField(null=True, blank=True, editable=False)
    review_months = models.PositiveSmallIntegerField(
        "review after (months)",
        default=default_review_months,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    next_review_on = models.DateField(null=True, blank=True, editable=False)
    register_snapshot = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the assessment relied on in the register (steps 1 to 3).",
    )
    step1_notes = models.TextField(
        "step 1: circumstances of the transfer",
        blank=True,
        help_text=(
            "What the register does not say (Clause 14(b)): length of the processing chain, "
            "channels, format of the data, sector, onward transfers."
        ),
    )
    step2_notes = models.TextField("step 2: notes on the transfer tool", blank=True)
    step3_conclusion = models.TextField(
        "step 3: conclusion on law and practice",
        blank=True,
        help_text="Does anything in the law or practice impinge on the tool's effectiveness?",
    )
    step4_notes = models.TextField("step 4: notes on the supplementary measures", blank=True)
    step5_procedural_steps = models.TextField(
        "step 5: procedural steps",
        blank=True,
        help_text="e.g. SCCs used unchanged; no authorisation from a supervisory authority needed.",
    )
    step6_monitoring = models.TextField(
        "step 6: monitoring",
        blank=True,
        help_text="How developments in the destination are followed between reviews.",
    )
    risk_before = models.CharField(
        "risk before measures", max_length=20, choices=RiskLevel.choices, blank=True
    )
    risk_after = models.CharField(
        "risk after measures", max_length=20, choices=RiskLevel.choices, blank=True
    )
    use_probability = models.BooleanField(
        "estimate the probability of prohibited lawful access", default=False
    )
    assessment_period_years = models.PositiveSmallIntegerField(
        "assessment period (years)",
        default=default_period_years,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    probability_threshold = models.DecimalField(
        "exporter's threshold over the period",
        max_digits=5,
        decimal_places=4,
        default=default_probability_threshold,
        validators=PROBABILITY_VALIDATORS,
        help_text="The probability over the period the exporter accepts (0.10 = 10 %).",
    )
    outcome = models.CharField(max_length=30, choices=AssessmentOutcome.choices, blank=True)
    residual_risk_accepted = models.BooleanField(default=False, editable=False)
    residual_risk_note = models.TextField(
        blank=True, help_text="The approver's words on the residual risk."
    )
    outdated_on = models.DateField(null=True, blank=True, editable=False)
    outdated_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "transfer impact assessment"
        permissions = [("approve_transferimpactassessment", "Can approve (sign off) a TIA")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(transfer__isnull=False)
                    & Q(scc_agreement__isnull=True)
                    & Q(destination_country__isnull=True)
                )
                | (
                    Q(transfer__isnull=True)
                    & Q(scc_agreement__isnull=False)
                    & Q(destination_country__isnull=False)
                ),
                name="tia_subject_transfer_or_agreement_and_country",
                violation_error_message=(
                    "Assess either a transfer, or an SCC agreement for one destination country."
                ),
            ),
            models.UniqueConstraint(
                fields=["transfer", "version"],
                condition=Q(transfer__isnull=False),
                name="tia_transfer_version_unique",
            ),
            models.UniqueConstraint(
                fields=["scc_agreement", "destination_country", "version"],
                condition=Q(scc_agreement__isnull=False),
                name="tia_agreement_version_unique",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AssessmentState.values), name="tia_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=AssessmentState.APPROVED)
                | (
                    Q(approver__isnull=False)
                    & Q(approved_on__isnull=False)
                    & Q(residual_risk_accepted=True)
                    & ~Q(outcome="")
                ),
                name="tia_approved_is_signed_off",
                violation_error_message="An approved TIA has an approver, a date and an outcome.",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=models.F("assessor")),
                name="tia_no_self_approval",
                violation_error_message="The approver must be someone other than the assessor.",
            ),
        ]

    def __str__(self) -> str:
        return f"TIA {self.subject_label} v{self.version}"

    @property
    def subject_label(self) -> str:
        if self.transfer_id:
            return self.transfer.reference
        return f"{self.scc_agreement.reference} / {self.destination_country_id}"

    @property
    def destination(self) -> Country:
        return self.transfer.destination_country if self.transfer_id else self.destination_country

    @property
    def is_editable(self) -> bool:
        return self.state == AssessmentState.DRAFT

    def clean(self) -> None:
        ranks = RiskLevel.values
        if (
            self.risk_before
            and self.risk_after
            and ranks.index(self.risk_after) > ranks.index(self.risk_before)
        ):
            raise ValidationError(
                {"risk_after": "Measures cannot raise the risk: rate it at most as before."}
            )


class LawAssessment(models.Model):
    """The assessor's answers for one law of one country, with the probability factors."""

    assessment = models.ForeignKey(
        TransferImpactAssessment, on_delete=models.CASCADE, related_name="law_assessments"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    law = models.ForeignKey(ProfileLaw, on_delete=models.PROTECT, related_name="assessments")
    applies = models.BooleanField(
        "applies to this transfer", null=True, blank=True, help_text="Unknown until answered."
    )
    answers = models.JSONField(
        default=list, blank=True, help_text='The law\'s questions: [{"question", "answer"}].'
    )
    conclusion = models.TextField(blank=True)
    p_targeted = probability_field("probability the importer is targeted (per year)")
    p_readable = probability_field(
        "probability the data is readable",
        "After the supplementary measures: 1 when nothing protects the data from this access.",
    )
    p_cannot_resist = probability_field("probability the importer cannot resist")
    factors_rationale = models.TextField("why these factors", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "id"]  # destination first, as the snapshot lists them
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "country", "law"],
                name="law_assessment_unique",
                violation_error_message="This law is already assessed for this country.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.law.name} ({self.country_id})"

    @property
    def factors(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        return (self.p_targeted, self.p_readable, self.p_cannot_resist)

    @property
    def unanswered_questions(self) -> list[str]:
        return [a["question"] for a in self.answers if not str(a.get("answer", "")).strip()]


class SelectedMeasure(models.Model):
    """A supplementary measure the assessment relies on, linked to the risk it addresses."""

    class Status(models.TextChoices):
        IN_PLACE = "in_place", "In place"
        PLANNED = "planned", "Planned (open action)"

    assessment = models.ForeignKey(
        TransferImpactAssessment, on_delete=models.CASCADE, related_name="measures"
    )
    measure = models.ForeignKey(
        SupplementaryMeasure, on_delete=models.PROTECT, related_name="selections"
    )
    law_assessment = models.ForeignKey(
        LawAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name="law whose risk it addresses",
    )
    risk = models.CharField("risk addressed", max_length=30, choices=AccessRisk.choices, blank=True)
    implementation = models.TextField(blank=True, help_text="How it is implemented here.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PLACE)
    due_on = models.DateField(null=True, blank=True, help_text="For a planned measure.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "measure__kind", "measure__code"]

    def __str__(self) -> str:
        return str(self.measure)

    def clean(self) -> None:
        if self.law_assessment_id and self.law_assessment.assessment_id != self.assessment_id:
            raise ValidationError(
                {"law_assessment": "Choose a law assessed in this same assessment."}
            )
        if not self.risk or not self.measure_id:
            return
        if self.law_assessment_id and self.risk not in self.law_assessment.law.risks:
            raise ValidationError(
                {"risk": f"{self.law_assessment.law.name} does not allow this kind of access."}
            )
        measure = self.measure
        if not measure.no_technical_measure_suffices and self.risk not in (
            measure.effective_against or []
        ):
            raise ValidationError(
                {"risk": f"The catalogue does not list “{measure.name}” against this risk."}
            )


class AssessmentAction(models.Model):
    """Something to do that the assessment found (shown as an open action until done)."""

    assessment = models.ForeignKey(
        TransferImpactAssessment, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "done", "due_on"]

    def __str__(self) -> str:
        return self.description
