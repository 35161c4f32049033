"""The register itself: flows of personal data and the SCC agreements that cover them."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from affiliates.models import Affiliate, Country
from transfers.reference.choices import Regime, SccModule
from transfers.reference.models import DataCategory, DataSubjectCategory, Purpose
from transfers.register.choices import (
    AgreementStatus,
    Clause9Option,
    Clause13Variant,
    Clause17Option,
    Frequency,
    LegalTool,
    PartyRole,
    SccInstrument,
    TransferState,
    UkAddendumEndingParty,
)
from vendors.choices import ComplianceStatus
from vendors.models import Vendor


def exactly_one(first: str, second: str) -> Q:
    """Q that holds when exactly one of two nullable foreign keys is set."""
    return (Q(**{f"{first}__isnull": False}) & Q(**{f"{second}__isnull": True})) | (
        Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": False})
    )


class TwoParties(models.Model):
    """An exporter and an importer, each either one of the group's affiliates or a vendor.

    Two nullable foreign keys per side (rather than a generic relation) keep the database in
    charge of integrity: both point at real rows and a check constraint says exactly one is set.
    """

    exporter_affiliate = models.ForeignKey(
        Affiliate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exported_%(class)ss",
    )
    exporter_vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exported_%(class)ss",
    )
    importer_affiliate = models.ForeignKey(
        Affiliate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imported_%(class)ss",
    )
    importer_vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imported_%(class)ss",
    )

    class Meta:
        abstract = True

    @property
    def exporter(self) -> Affiliate | Vendor | None:
        return self.exporter_affiliate or self.exporter_vendor

    @property
    def importer(self) -> Affiliate | Vendor | None:
        return self.importer_affiliate or self.importer_vendor

    @staticmethod
    def party_constraints(prefix: str) -> list[models.BaseConstraint]:
        return [
            models.CheckConstraint(
                condition=exactly_one("importer_affiliate", "importer_vendor"),
                name=f"{prefix}_one_importer",
                violation_error_message="Choose exactly one importer: an affiliate or a vendor.",
            ),
            models.CheckConstraint(
                condition=Q(exporter_affiliate__isnull=True)
                | Q(importer_affiliate__isnull=True)
                | ~Q(exporter_affiliate=F("importer_affiliate")),
                name=f"{prefix}_exporter_is_not_importer_affiliate",
                violation_error_message="The exporter and the importer are the same entity.",
            ),
            models.CheckConstraint(
                condition=Q(exporter_vendor__isnull=True)
                | Q(importer_vendor__isnull=True)
                | ~Q(exporter_vendor=F("importer_vendor")),
                name=f"{prefix}_exporter_is_not_importer_vendor",
                violation_error_message="The exporter and the importer are the same entity.",
            ),
        ]


class Transfer(TwoParties):
    """A flow of personal data from an exporter to an importer, with each side's role in it."""

    reference = models.SlugField(max_length=80, unique=True, help_text="Stable short identifier.")
    name = models.CharField(max_length=200)
    regime = models.CharField(max_length=2, choices=Regime.choices, default=Regime.EU)
    exporter_role = models.CharField(
        max_length=20,
        choices=PartyRole.choices,
        blank=True,
        help_text="Empty for direct collection.",
    )
    importer_role = models.CharField(max_length=20, choices=PartyRole.choices)
    destination_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="transfers_in"
    )
    data_categories = models.ManyToManyField(DataCategory, related_name="transfers")
    data_subject_categories = models.ManyToManyField(DataSubjectCategory, related_name="transfers")
    purposes = models.ManyToManyField(Purpose, related_name="transfers")
    special_category_data = models.BooleanField(default=False)
    special_category_safeguards = models.TextField(
        blank=True, help_text="Restrictions and safeguards for sensitive data (Annex I.B)."
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    nature = models.TextField("nature of the processing", blank=True)
    retention = models.CharField("retention period", max_length=300, blank=True)
    subject_matter_and_duration = models.TextField(
        blank=True, help_text="For transfers to processors (Annex I.B)."
    )
    legal_tool = models.CharField(max_length=20, choices=LegalTool.choices)
    derogation = models.CharField(
        max_length=300, blank=True, help_text="The Art. 49 ground, where the tool is a derogation."
    )
    remote_access_only = models.BooleanField(
        default=False, help_text="The importer only accesses the data remotely."
    )
    employee_access = models.BooleanField(
        default=False, help_text="Access by an employee of the exporter itself while abroad."
    )
    direct_collection = models.BooleanField(
        default=False, help_text="The data subject gives the data to the importer directly."
    )
    returns_only_received_data = models.BooleanField(
        default=False,
        help_text="Module Four: the processor only returns data it received from its controller.",
    )
    state = models.CharField(
        max_length=20, choices=TransferState.choices, default=TransferState.ACTIVE
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    is_public = models.BooleanField("shown on the public page", default=True)
    notes = models.TextField("internal notes", blank=True)
    compliance_status = models.CharField(
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.NOT_EVALUATED,
        editable=False,
    )
    findings = models.JSONField(default=list, blank=True, editable=False)
    decision = models.JSONField(null=True, blank=True, editable=False)
    evaluated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[data_categories, data_subject_categories, purposes])

    class Meta:
        ordering = ["reference"]
        constraints = [
            *TwoParties.party_constraints("transfer"),
            models.CheckConstraint(
                condition=exactly_one("exporter_affiliate", "exporter_vendor")
                | (
                    Q(exporter_affiliate__isnull=True)
                    & Q(exporter_vendor__isnull=True)
                    & Q(direct_collection=True)
                ),
                name="transfer_one_exporter_unless_direct_collection",
                violation_error_message=(
                    "Choose exactly one exporter: an affiliate or a vendor (none only when the "
                    "data subject gives the data directly)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(exporter_role__in=PartyRole.values)
                | (Q(exporter_role="") & Q(direct_collection=True)),
                name="transfer_exporter_role_valid",
                violation_error_message=(
                    "Choose the exporter's role (empty only for direct collection)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(importer_role__in=PartyRole.values),
                name="transfer_importer_role_valid",
                violation_error_message="Choose the importer's role.",
            ),
            models.CheckConstraint(
                condition=Q(regime__in=Regime.values),
                name="transfer_regime_valid",
                violation_error_message="Unknown regime.",
            ),
            models.CheckConstraint(
                condition=Q(legal_tool__in=LegalTool.values),
                name="transfer_legal_tool_valid",
                violation_error_message="Unknown legal tool.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(started_on__lte=F("ended_on")),
                name="transfer_dates_ordered",
                violation_error_message="A transfer cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.name}"


class SccAgreement(TwoParties):
    """A signed (or draft) set of SCCs with the options it chose and the transfers it covers."""

    reference = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    instrument = models.CharField(
        max_length=20, choices=SccInstrument.choices, default=SccInstrument.SCC_2021
    )
    module = models.PositiveSmallIntegerField(choices=SccModule.choices, null=True, blank=True)
    transfers = models.ManyToManyField(Transfer, related_name="scc_agreements", blank=True)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    exporter_signatory = models.CharField(max_length=200, blank=True)
    exporter_signatory_position = models.CharField(max_length=200, blank=True)
    exporter_signed_on = models.DateField(null=True, blank=True)
    importer_signatory = models.CharField(max_length=200, blank=True)
    importer_signatory_position = models.CharField(max_length=200, blank=True)
    importer_signed_on = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)
    processing_changed_since_signature = models.BooleanField(default=False)
    docking_clause = models.BooleanField("Clause 7 docking clause", default=True)
    clause_9_option = models.PositiveSmallIntegerField(
        "Clause 9(a) option", choices=Clause9Option.choices, null=True, blank=True
    )
    clause_9_period = models.CharField(
        "Clause 9(a) time period", max_length=100, blank=True, help_text='e.g. "30 days".'
    )
    clause_11_optional_body = models.BooleanField(
        "Clause 11(a) independent dispute resolution body", default=False
    )
    clause_11_body_name = models.CharField(max_length=300, blank=True)
    clause_13_variant = models.CharField(
        "Clause 13 variant",
        max_length=20,
        choices=Clause13Variant.choices,
        default=Clause13Variant.ESTABLISHED,
    )
    clause_17_option = models.PositiveSmallIntegerField(
        "Clause 17 option", choices=Clause17Option.choices, null=True, blank=True
    )
    governing_law_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Clause 17 governing law",
    )
    courts_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Clause 18 courts",
    )
    technical_measures = models.TextField(
        "Annex II technical and organisational measures",
        blank=True,
        help_text="Confidential: never shown in the data-subject copy.",
    )
    technical_measures_summary = models.TextField(
        "Annex II meaningful summary",
        blank=True,
        help_text="What the data-subject copy shows instead of Annex II.",
    )
    redaction_reasons = models.TextField(
        blank=True, help_text="Why parts are redacted in the data-subject copy."
    )
    uk_addendum = models.BooleanField("UK Addendum (B1.0) applies", default=False)
    uk_addendum_start_date = models.DateField(null=True, blank=True)
    uk_addendum_ending_party = models.CharField(
        "UK Addendum: who may end it (Table 4)",
        max_length=20,
        choices=UkAddendumEndingParty.choices,
        blank=True,
    )
    swiss_adaptation = models.BooleanField("Swiss FDPIC adaptations apply", default=False)
    notes = models.TextField("internal notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[transfers])

    class Meta:
        ordering = ["reference"]
        verbose_name = "SCC agreement"
        constraints = [
            *TwoParties.party_constraints("scc_agreement"),
            models.CheckConstraint(
                condition=exactly_one("exporter_affiliate", "exporter_vendor"),
                name="scc_agreement_one_exporter",
                violation_error_message="Choose exactly one exporter: an affiliate or a vendor.",
            ),
            models.CheckConstraint(
                condition=Q(instrument__in=SccInstrument.values),
                name="scc_agreement_instrument_valid",
                violation_error_message="Unknown SCC instrument.",
            ),
            models.CheckConstraint(
                condition=Q(module__isnull=True) | Q(module__gte=1, module__lte=4),
                name="scc_agreement_module_1_to_4",
                violation_error_message="The SCC module is 1, 2, 3 or 4.",
            ),
            models.CheckConstraint(
                condition=~Q(instrument=SccInstrument.SCC_2021) | Q(module__isnull=False),
                name="scc_agreement_2021_has_module",
                violation_error_message="The 2021 SCCs need a module (One to Four).",
            ),
            models.CheckConstraint(
                condition=Q(clause_9_option__isnull=True) | Q(module__in=[2, 3]),
                name="scc_agreement_clause_9_only_modules_2_3",
                violation_error_message="Clause 9(a) exists only in Modules Two and Three.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"
