"""The codes of transfer impact assessments: states, risk levels, outcomes, measures, laws."""

from django.db import models


class AssessmentState(models.TextChoices):
    """Life of one version of a transfer impact assessment (EDPB Recommendations 01/2020)."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    OUTDATED = "outdated", "Outdated"


class RiskLevel(models.TextChoices):
    """The scale a TIA rates risk on, before and after supplementary measures."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class AssessmentOutcome(models.TextChoices):
    PROCEED = "proceed", "Proceed"
    PROCEED_WITH_MEASURES = "proceed_with_measures", "Proceed with the supplementary measures"
    SUSPEND = "suspend", "Suspend (or do not start) the transfer"


class MeasureKind(models.TextChoices):
    """The three families of supplementary measures in Annex 2 of EDPB Recommendations 01/2020."""

    TECHNICAL = "technical", "Technical"
    CONTRACTUAL = "contractual", "Contractual"
    ORGANISATIONAL = "organisational", "Organisational"


class AccessRisk(models.TextChoices):
    """How a public authority may get at transferred data: what a law allows and what a
    supplementary measure is effective against, so each measure can be linked to a risk."""

    COMPELLED_DISCLOSURE = "compelled_disclosure", "Order compelling the importer to disclose"
    IN_TRANSIT = "in_transit", "Interception in transit"
    DIRECT_ACCESS = "direct_access", "Access without the importer's cooperation"


class LawNature(models.TextChoices):
    ACCESS_POWER = "access_power", "Allows public authorities to access data"
    SAFEGUARD = "safeguard", "Limits access or gives redress"
