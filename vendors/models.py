"""Third parties the group shares personal data with, and where they process it."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from affiliates.models import Country
from vendors.choices import (
    CertificationScheme,
    ComplianceStatus,
    LocationActivity,
    VendorKind,
    VendorStatus,
)


class Vendor(models.Model):
    """A service provider, reseller/partner or other recipient; its role is per flow."""

    legal_name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=VendorKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="vendors",
        verbose_name="country of establishment",
    )
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    contact_name = models.CharField("contact person", max_length=200, blank=True)
    contact_email = models.EmailField("contact e-mail", blank=True)
    dpo_name = models.CharField("DPO", max_length=200, blank=True)
    dpo_email = models.EmailField("DPO e-mail", blank=True)
    services = models.TextField(help_text="What the vendor does for the group.")
    status = models.CharField(
        max_length=20, choices=VendorStatus.choices, default=VendorStatus.ONBOARDING
    )
    contract_signed_on = models.DateField(null=True, blank=True)
    contract_ends_on = models.DateField(null=True, blank=True)
    dpa_signed_on = models.DateField("DPA signed on", null=True, blank=True)
    subject_to_gdpr_art3_2 = models.BooleanField(
        "subject to the GDPR by Art. 3(2)",
        default=False,
        help_text="The vendor itself offers goods or services to, or monitors, people in the EU.",
    )
    is_commercial_organisation = models.BooleanField(
        default=True, help_text="Relevant where an adequacy decision covers only commercial bodies."
    )
    is_public = models.BooleanField("shown on the public page", default=True)
    public_description = models.CharField(
        max_length=300, blank=True, help_text="Plain words for data subjects."
    )
    notes = models.TextField("internal notes", blank=True)
    compliance_status = models.CharField(
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.NOT_EVALUATED,
        editable=False,
        help_text="The worst status of the vendor's transfers, set by the evaluation.",
    )
    evaluated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=VendorKind.values),
                name="vendor_kind_valid",
                violation_error_message="Unknown vendor kind.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VendorStatus.values),
                name="vendor_status_valid",
                violation_error_message="Unknown vendor status.",
            ),
            models.CheckConstraint(
                condition=Q(contract_ends_on__isnull=True)
                | Q(contract_signed_on__isnull=True)
                | Q(contract_signed_on__lte=F("contract_ends_on")),
                name="vendor_contract_dates_ordered",
                violation_error_message="The contract cannot end before it was signed.",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class VendorLocation(models.Model):
    """A country where the vendor stores or accesses the group's data."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="locations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="vendor_locations")
    activity = models.CharField(max_length=30, choices=LocationActivity.choices)
    description = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "country"],
                name="vendor_location_unique",
                violation_error_message="This country is already one of the vendor's locations.",
            ),
            models.CheckConstraint(
                condition=Q(activity__in=LocationActivity.values),
                name="vendor_location_activity_valid",
                violation_error_message="Unknown location activity.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.country.name} ({self.get_activity_display()})"


class VendorCertification(models.Model):
    """A certification with its validity window (e.g. the DPF List entry)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="certifications")
    scheme = models.CharField(max_length=30, choices=CertificationScheme.choices)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Empty while it runs.")
    reference = models.CharField(max_length=300, blank=True, help_text="List entry or URL.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "scheme", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "scheme", "valid_from"],
                name="vendor_certification_unique",
                violation_error_message="This certification is already recorded from that date.",
            ),
            models.CheckConstraint(
                condition=Q(scheme__in=CertificationScheme.values),
                name="vendor_certification_scheme_valid",
                violation_error_message="Unknown certification scheme.",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__lte=F("valid_until")),
                name="vendor_certification_dates_ordered",
                violation_error_message="A certification cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.scheme}"


class SubProcessor(models.Model):
    """A vendor engaged by another vendor to process the group's data (Annex III)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="sub_processors")
    sub_processor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="sub_processor_for"
    )
    services = models.CharField(max_length=300, help_text="What the sub-processor does.")
    since = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor", "sub_processor"]
        verbose_name = "sub-processor"
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "sub_processor"],
                name="sub_processor_unique",
                violation_error_message="This sub-processor is already listed for the vendor.",
            ),
            models.CheckConstraint(
                condition=~Q(vendor=F("sub_processor")),
                name="sub_processor_not_self",
                violation_error_message="A vendor cannot be its own sub-processor.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_processor} for {self.vendor}"
