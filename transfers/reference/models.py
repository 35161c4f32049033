"""Reference data the legal team keeps: categories, purposes, legal bases, adequacy decisions,
supervisory authorities. Shipped from files in ``transfers/data/`` and editable in the admin;
every row names its source."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from affiliates.models import Country
from transfers.reference.choices import Regime


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
    """A decision (or a country on a regime's list) deeming a destination adequate for a period.

    The destination is one country, or the whole EEA (`covers_eea`): every state that is in the
    EU or the EEA on the date asked, so a state that joins or leaves needs no new row. The rows
    mirror transfers/data/adequacy.yaml, whose header documents each field."""

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
        Country,
        on_delete=models.PROTECT,
        related_name="adequacy_decisions",
        null=True,
        blank=True,
        help_text="The destination; empty when the decision covers the whole EEA.",
    )
    covers_eea = models.BooleanField(
        "covers the whole EEA",
        default=False,
        help_text="Every EU or EEA state on the date asked (e.g. the UK's list names the EEA).",
    )
    reference = models.CharField(max_length=100, help_text='e.g. "(EU) 2023/1795".')
    title = models.CharField(
        max_length=300,
        help_text='Reads after "the" in a sentence, e.g. "EU-US Data Privacy Framework '
        'adequacy decision".',
    )
    effective_from = models.DateField(help_text="First day it applies.")
    effective_until = models.DateField(
        null=True, blank=True, help_text="Last day it applies (inclusive); empty while in force."
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.FULL)
    scope_condition = models.CharField(
        max_length=30, choices=ScopeCondition.choices, default=ScopeCondition.NONE
    )
    required_certification = models.CharField(
        max_length=30,
        blank=True,
        help_text='The programme an importer must be certified under (e.g. "EU-US DPF"); only '
        "with certified organisations.",
    )
    scope_note = models.TextField(blank=True, help_text="What the scope covers, in a sentence.")
    source = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["regime", "covers_eea", "country__name", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "country", "reference"],
                name="adequacy_decision_unique",
                violation_error_message="This decision is already recorded for this country",
            ),
            models.UniqueConstraint(
                fields=["regime", "reference"],
                condition=Q(covers_eea=True),
                name="adequacy_decision_eea_unique",
                violation_error_message="This decision is already recorded for the EEA",
            ),
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(covers_eea=False))
                | (Q(country__isnull=True) & Q(covers_eea=True)),
                name="adequacy_country_or_eea",
                violation_error_message=(
                    "Choose the destination: a country, or tick 'covers the whole EEA' (not both)."
                ),
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
            models.CheckConstraint(
                condition=(Q(scope="full") & Q(scope_condition="none"))
                | (Q(scope="partial") & ~Q(scope_condition="none")),
                name="adequacy_scope_condition_consistent",
                violation_error_message=(
                    "A full decision has no scope condition; a partial one needs one."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope_condition="certified_organisations") & ~Q(required_certification="")
                )
                | (~Q(scope_condition="certified_organisations") & Q(required_certification="")),
                name="adequacy_certification_with_condition",
                violation_error_message=(
                    "Name the required certification if and only if the decision covers "
                    "certified organisations only."
                ),
            ),
        ]

    def __str__(self) -> str:
        destination = "EEA" if self.covers_eea else self.country.name
        return f"{self.regime}: {destination} — {self.reference}"


class TransferInstrument(models.Model):
    """An appropriate safeguard (Art. 46 and its UK and Swiss counterparts) the register can rely
    on, such as the 2021 SCCs; when it may be used under each regime is in its terms. The rows
    mirror transfers/data/instruments.yaml, whose header documents each field."""

    code = models.CharField(
        max_length=30, unique=True, help_text='Stable code used in requests, e.g. "scc-2021/914".'
    )
    name = models.CharField(max_length=300, help_text="As a lawyer names it in a sentence.")
    article = models.CharField(max_length=100, help_text="The provision that makes it a tool.")
    modules = models.JSONField(
        default=list,
        help_text="The SCC modules (role pairs) it can cover: 1 C->C, 2 C->P, 3 P->P, 4 P->C.",
    )
    module_required = models.BooleanField(
        default=False, help_text="The signed contract must state which module it uses."
    )
    requires_tia = models.BooleanField(
        "requires a TIA",
        default=True,
        help_text="Relying on it needs a transfer impact assessment.",
    )
    scc_based = models.BooleanField(
        "SCC-based",
        default=False,
        help_text="Standard contractual clauses of the Commission (any version, also through the "
        "UK Addendum).",
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "transfer instrument"

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def clean(self) -> None:
        modules = self.modules
        valid = isinstance(modules, list) and all(type(m) is int and 1 <= m <= 4 for m in modules)
        if not valid or len(set(modules)) != len(modules) or not modules:
            raise ValidationError({"modules": "Choose one or more of the modules 1, 2, 3 and 4."})


class InstrumentTerm(models.Model):
    """When an instrument may be relied on under one regime: from when, until when, which
    contracts the transitional rule keeps, and any condition."""

    instrument = models.ForeignKey(
        TransferInstrument, on_delete=models.CASCADE, related_name="terms"
    )
    regime = models.CharField(max_length=2, choices=Regime.choices)
    available_from = models.DateField(
        null=True, blank=True, help_text="First day a contract on it can be concluded."
    )
    repealed_from = models.DateField(
        null=True,
        blank=True,
        help_text="First day it gives no basis except to grandfathered contracts; empty while in "
        "force.",
    )
    signed_before = models.DateField(
        null=True,
        blank=True,
        help_text="Contracts concluded strictly before this day are grandfathered.",
    )
    valid_until = models.DateField(
        null=True,
        blank=True,
        help_text="Last day (inclusive) a grandfathered contract still provides safeguards.",
    )
    condition = models.TextField(
        blank=True, help_text="What must be true of the contract for it to count, as a sentence."
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "regime"]
        verbose_name = "instrument term"
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "regime"],
                name="instrument_term_unique",
                violation_error_message="The instrument already has terms for this regime.",
            ),
            models.CheckConstraint(
                condition=Q(regime__in=Regime.values),
                name="instrument_term_regime_valid",
                violation_error_message="Unknown regime.",
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(repealed_from__isnull=True)
                | Q(available_from__lte=F("repealed_from")),
                name="instrument_term_dates_ordered",
                violation_error_message="An instrument cannot be repealed before it is available.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} under the {self.get_regime_display()}"


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
