"""The group's own legal entities, and the country reference table every app points at.

Country lives here, in the lowest app, because affiliates, vendors and transfers all refer to it
and the dependency direction (transfers -> vendors -> affiliates) allows no other home."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from affiliates.choices import GroupRole, LawApplicability


class Country(models.Model):
    """ISO 3166-1 country with its EU and EEA membership over time (reference data)."""

    code = models.CharField(
        "ISO code",
        max_length=2,
        primary_key=True,
        help_text="ISO 3166-1 alpha-2, upper case.",
    )
    name = models.CharField(max_length=100, unique=True)
    eu_from = models.DateField(
        "EU from",
        null=True,
        blank=True,
        help_text="First day Union law applied there for data-protection purposes.",
    )
    eu_until = models.DateField(
        "EU until",
        null=True,
        blank=True,
        help_text="Last day (inclusive); the UK: end of the Brexit transition period.",
    )
    eea_from = models.DateField(
        "EEA from",
        null=True,
        blank=True,
        help_text="First day the EEA Agreement applied there.",
    )
    eea_until = models.DateField(
        "EEA until",
        null=True,
        blank=True,
        help_text="Last day (inclusive) the EEA Agreement applied there.",
    )
    source = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_iso_alpha2",
                violation_error_message="A country code is two upper-case letters (ISO 3166-1).",
            ),
            models.CheckConstraint(
                condition=Q(eea_until__isnull=True)
                | Q(eea_from__isnull=True)
                | Q(eea_from__lte=F("eea_until")),
                name="country_eea_dates_ordered",
                violation_error_message="The EEA start date must be on or before its end date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Affiliate(models.Model):
    """One of the group's own legal entities (same group is not same legal entity)."""

    legal_name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=100, blank=True)
    registration_number = models.CharField(max_length=100, blank=True)
    address = models.TextField(
        blank=True, help_text="Empty until known: documents then show a visible gap."
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="affiliates")
    contact_name = models.CharField("contact person", max_length=200, blank=True)
    contact_email = models.EmailField("contact e-mail", blank=True)
    contact_phone = models.CharField("contact phone", max_length=50, blank=True)
    dpo_name = models.CharField("DPO", max_length=200, blank=True)
    dpo_email = models.EmailField("DPO e-mail", blank=True)
    activities = models.TextField(
        blank=True, help_text="What this entity does with personal data (Annex I.A)."
    )
    subject_to_gdpr = models.CharField(
        "subject to the GDPR",
        max_length=20,
        choices=LawApplicability.choices,
        default=LawApplicability.ESTABLISHMENT,
    )
    eu_representative = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_in_eu",
        verbose_name="EU representative (Art. 27)",
    )
    uk_representative = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_in_uk",
        verbose_name="UK representative (Art. 27)",
    )
    is_public = models.BooleanField(
        "shown on the public page", default=True, help_text="Only public entities are listed."
    )
    public_description = models.CharField(
        max_length=300, blank=True, help_text="Plain words for data subjects."
    )
    notes = models.TextField("internal notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(eu_representative=F("id")),
                name="affiliate_not_own_eu_representative",
                violation_error_message="An affiliate cannot be its own EU representative.",
            ),
            models.CheckConstraint(
                condition=Q(subject_to_gdpr__in=LawApplicability.values),
                name="affiliate_subject_to_gdpr_valid",
                violation_error_message="Choose how the affiliate is subject to the GDPR.",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class AffiliateRole(models.Model):
    """A role the affiliate plays for the group; one company may hold several."""

    affiliate = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=GroupRole.choices)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["affiliate", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["affiliate", "role"],
                name="affiliate_role_unique",
                violation_error_message="This affiliate already has this role.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=GroupRole.values),
                name="affiliate_role_valid",
                violation_error_message="Unknown role.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.affiliate}: {self.get_role_display()}"
