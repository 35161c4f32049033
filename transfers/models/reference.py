"""Reference data the legal team keeps: categories, purposes, legal bases, adequacy decisions,
supervisory authorities. Shipped from files in ``transfers/reference/`` and editable in the admin;
every row names its source."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from affiliates.models import Country

from ..choices import Regime


class DataCategory(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    special_category = models.BooleanField(
        default=False, help_text="Art. 9 special category or Art. 10 criminal-offence data."
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "data categories"

    def __str__(self) -> str:
        return self.name


class DataSubjectCategory(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "data subject categories"

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    code = models.CharField(max_length=30, unique=True, help_text='e.g. "art6-1-b".')
    name = models.CharField(max_length=200)
    article = models.CharField(max_length=50, help_text='e.g. "Art. 6(1)(b) GDPR".')
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "legal bases"

    def __str__(self) -> str:
        return f"{self.article}: {self.name}"


class Purpose(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    legal_bases = models.ManyToManyField(LegalBasis, related_name="purposes")
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[legal_bases])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdequacyDecision(models.Model):
    """A decision (or a country on a regime's list) deeming a destination adequate for a period."""

    class Scope(models.TextChoices):
        FULL = "full", "Full"
        PARTIAL = "partial", "Partial"

    class ScopeCondition(models.TextChoices):
        NONE = "none", "None"
        CERTIFIED_ORGANISATIONS = "certified_organisations", "Certified organisations only"
        COMMERCIAL_ORGANISATIONS = "commercial_organisations", "Commercial organisations only"
        SECTOR_EXCLUSIONS = "sector_exclusions", "Some sectors excluded"

    regime = models.CharField(max_length=2, choices=Regime.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="adequacy_decisions"
    )
    reference = models.CharField(max_length=100, help_text='e.g. "(EU) 2023/1795".')
    title = models.CharField(max_length=300, blank=True)
    effective_from = models.DateField()
    effective_until = models.DateField(null=True, blank=True, help_text="Empty while in force.")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.FULL)
    scope_condition = models.CharField(
        max_length=30, choices=ScopeCondition.choices, default=ScopeCondition.NONE
    )
    required_certification = models.CharField(
        max_length=30, blank=True, help_text="The programme an importer must be certified under."
    )
    scope_note = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["regime", "country__name", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "country", "reference"],
                name="adequacy_decision_unique",
                violation_error_message="This decision is already recorded for this country",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_from__lte=F("effective_until")),
                name="adequacy_dates_ordered",
                violation_error_message="A decision cannot end before it takes effect.",
            ),
            models.CheckConstraint(
                condition=Q(regime__in=Regime.values),
                name="adequacy_regime_valid",
                violation_error_message="Unknown regime.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regime}: {self.country.name} — {self.reference}"


class SupervisoryAuthority(models.Model):
    """The data protection authority of a country (Clause 13 and Annex I.C)."""

    country = models.OneToOneField(
        Country, on_delete=models.PROTECT, related_name="supervisory_authority"
    )
    name = models.CharField(max_length=300)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    notes = models.TextField(
        "internal notes",
        blank=True,
        help_text="e.g. where the competent authority is a regional one, not this row's.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name"]
        verbose_name_plural = "supervisory authorities"

    def __str__(self) -> str:
        return self.name
