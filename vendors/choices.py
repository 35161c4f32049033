from django.db import models


class VendorKind(models.TextChoices):
    SERVICE_PROVIDER = "service_provider", "Service provider"
    RESELLER = "reseller", "Reseller / partner"
    OTHER_RECIPIENT = "other_recipient", "Other recipient"


class VendorStatus(models.TextChoices):
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    OFFBOARDED = "offboarded", "Offboarded"


class LocationActivity(models.TextChoices):
    STORAGE = "storage", "Stores data"
    ACCESS = "access", "Accesses data remotely"
    STORAGE_AND_ACCESS = "storage_and_access", "Stores and accesses data"


class CertificationScheme(models.TextChoices):
    """Certifications; the first five are the transfer programmes the rules recognise."""

    EU_US_DPF = "EU-US DPF", "EU-US Data Privacy Framework"
    UK_EXTENSION = "UK Extension", "UK Extension to the EU-US DPF"
    SWISS_US_DPF = "Swiss-US DPF", "Swiss-US Data Privacy Framework"
    PRIVACY_SHIELD = "EU-US Privacy Shield", "EU-US Privacy Shield (invalidated)"
    SAFE_HARBOR = "Safe Harbor", "Safe Harbor (invalidated)"
    ISO_27001 = "ISO 27001", "ISO/IEC 27001"
    SOC_2 = "SOC 2", "SOC 2 Type II"


class ComplianceStatus(models.TextChoices):
    """The register's verdict on a transfer, and on a vendor as the worst of its transfers."""

    NOT_EVALUATED = "not_evaluated", "Not evaluated"
    COMPLIANT = "compliant", "Compliant"
    ACTION_REQUIRED = "action_required", "Action required"
    NOT_PERMITTED = "not_permitted", "Not permitted"
