"""The legal team's admin of flows and SCC agreements, and the vendor admin with its flows."""


from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.html import format_html_join
from import_export.admin import ImportExportMixin

from affiliates.admin_mixins import ChangeReasonForm, RegisterAdmin
from transfers.evaluation.admin import (
    ACTION_SEVERITIES,
    EVALUATION_CSS,
    FindingCodeFilter,
    FindingSeverityFilter,
    dashboard_view,
    findings_html,
    reevaluate_transfers,
    reevaluate_vendors,
    status_badge,
)
from transfers.evaluation.selectors import flagged_flows
from transfers.register.models import SccAgreement, Transfer
from transfers.register.resources import SccAgreementResource, TransferResource
from transfers.register.services import scc_agreement_check_module
from vendors.admin import VendorAdmin
from vendors.models import Vendor

PARTY_FIELDS = ["exporter_affiliate", "exporter_vendor", "importer_affiliate", "importer_vendor"]


class SccAgreementModuleForm(ChangeReasonForm):
    """The module rule is the service's; the form shows its message on the field."""

    def clean(self):
        cleaned = super().clean()
        try:
            scc_agreement_check_module(
                instrument_code=cleaned.get("instrument"),
                module=cleaned.get("module"),
                transfers=cleaned.get("transfers") or [],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned


class PartyRoleFilter(admin.SimpleListFilter):
    """Filter flows by the role either side plays in them."""

    title = "role in the flow"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [
            ("exporter_controller", "Exporter is controller"),
            ("exporter_processor", "Exporter is processor"),
            ("importer_controller", "Importer is controller"),
            ("importer_processor", "Importer is processor"),
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        side, role = self.value().split("_")
        return queryset.filter(**{f"{side}_role": role})


@admin.register(Transfer)
class TransferAdmin(ImportExportMixin, RegisterAdmin):
    resource_classes = [TransferResource]
    list_display = (
        "reference",
        "name",
        "exporter",
        "importer",
        "destination_country",
        "legal_tool",
        "state",
        "evaluation_status",
    )
    list_filter = (
        "compliance_status",
        FindingCodeFilter,
        FindingSeverityFilter,
        "legal_tool",
        "regime",
        "state",
        PartyRoleFilter,
        ("destination_country", admin.RelatedOnlyFieldListFilter),
        "special_category_data",
        "is_public",
    )
    search_fields = (
        "reference",
        "name",
        "exporter_affiliate__legal_name",
        "exporter_vendor__legal_name",
        "importer_affiliate__legal_name",
        "importer_vendor__legal_name",
    )
    autocomplete_fields = (*PARTY_FIELDS, "destination_country")
    filter_horizontal = ("data_categories", "data_subject_categories", "purposes")
    readonly_fields = ("evaluation_status", "evaluated_at", "findings_list")
    actions = [reevaluate_transfers]
    fieldsets = [
        (None, {"fields": ["reference", "name", "regime", "state", "started_on", "ended_on"]}),
        (
            "Parties and roles in this flow",
            {
                "fields": [
                    ("exporter_affiliate", "exporter_vendor", "exporter_role"),
                    ("importer_affiliate", "importer_vendor", "importer_role"),
                    "destination_country",
                ]
            },
        ),
        (
            "Data",
            {
                "fields": [
                    "data_subject_categories",
                    "data_categories",
                    "special_category_data",
                    "special_category_safeguards",
                    "purposes",
                    "frequency",
                    "nature",
                    "retention",
                    "subject_matter_and_duration",
                ]
            },
        ),
        (
            "How the data moves",
            {
                "fields": [
                    "remote_access_only",
                    "employee_access",
                    "direct_collection",
                    "returns_only_received_data",
                ]
            },
        ),
        ("Legal tool", {"fields": ["legal_tool", "derogation"]}),
        ("Evaluation", {"fields": ["evaluation_status", "evaluated_at", "findings_list"]}),
        ("Public page", {"fields": ["is_public"]}),
        ("Internal", {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*PARTY_FIELDS, "destination_country")

    class Media:
        css = EVALUATION_CSS

    def get_urls(self):
        dashboard = self.admin_site.admin_view(lambda request: dashboard_view(self, request))
        return [
            path("dashboard/", dashboard, name="transfers_transfer_dashboard"),
            *super().get_urls(),
        ]

    @admin.display(description="Compliance status", ordering="compliance_status")
    def evaluation_status(self, obj: Transfer) -> str:
        return status_badge(obj.compliance_status)

    @admin.display(description="Findings")
    def findings_list(self, obj: Transfer) -> str:
        return findings_html(obj.findings)


@admin.register(SccAgreement)
class SccAgreementAdmin(ImportExportMixin, RegisterAdmin):
    resource_classes = [SccAgreementResource]
    form = SccAgreementModuleForm
    list_display = (
        "reference",
        "title",
        "instrument",
        "module",
        "exporter",
        "importer",
        "status",
        "exporter_signed_on",
        "importer_signed_on",
    )
    list_filter = ("instrument", "module", "status", "uk_addendum", "swiss_adaptation")
    search_fields = (
        "reference",
        "title",
        "exporter_affiliate__legal_name",
        "exporter_vendor__legal_name",
        "importer_affiliate__legal_name",
        "importer_vendor__legal_name",
    )
    autocomplete_fields = (*PARTY_FIELDS, "transfers", "governing_law_country", "courts_country")
    fieldsets = [
        (None, {"fields": ["reference", "title", "instrument", "module", "status", "transfers"]}),
        (
            "Parties",
            {
                "fields": [
                    ("exporter_affiliate", "exporter_vendor"),
                    ("exporter_signatory", "exporter_signatory_position", "exporter_signed_on"),
                    ("importer_affiliate", "importer_vendor"),
                    ("importer_signatory", "importer_signatory_position", "importer_signed_on"),
                    "terminated_on",
                    "processing_changed_since_signature",
                ]
            },
        ),
        (
            "Options",
            {
                "fields": [
                    "docking_clause",
                    ("clause_9_option", "clause_9_period"),
                    ("clause_11_optional_body", "clause_11_body_name"),
                    "clause_13_variant",
                    ("clause_17_option", "governing_law_country"),
                    "courts_country",
                ]
            },
        ),
        (
            "Annex II",
            {"fields": ["technical_measures", "technical_measures_summary", "redaction_reasons"]},
        ),
        (
            "UK and Swiss regimes",
            {
                "fields": [
                    ("uk_addendum", "uk_addendum_start_date", "uk_addendum_ending_party"),
                    "swiss_adaptation",
                ]
            },
        ),
        ("Internal", {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*PARTY_FIELDS)


class ImportedTransferInline(admin.TabularInline):
    """A vendor's transfers, read here and edited on the transfer itself."""

    model = Transfer
    fk_name = "importer_vendor"
    fields = (
        "reference",
        "name",
        "importer_role",
        "destination_country",
        "legal_tool",
        "compliance_status",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "transfers to this vendor"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


EVALUATED = ("compliance_status", "evaluated_at")


class RegisterVendorAdmin(VendorAdmin):
    """The vendor admin plus its transfers and their evaluation (transfers may import vendors,
    never the reverse)."""

    inlines = [*VendorAdmin.inlines, ImportedTransferInline]
    list_display = tuple(
        "evaluation_status" if name == "compliance_status" else name
        for name in VendorAdmin.list_display
    )
    readonly_fields = ("evaluation_status", "evaluated_at", "flows_needing_action")
    actions = [reevaluate_vendors]
    fieldsets = [
        (name, {**options, "fields": [f for f in options["fields"] if f not in EVALUATED]})
        for name, options in VendorAdmin.fieldsets
    ] + [("Evaluation", {"fields": ["evaluation_status", "evaluated_at", "flows_needing_action"]})]

    class Media:
        css = EVALUATION_CSS

    @admin.display(description="Compliance status", ordering="compliance_status")
    def evaluation_status(self, obj: Vendor) -> str:
        return status_badge(obj.compliance_status)

    @admin.display(description="Current flows needing action")
    def flows_needing_action(self, obj: Vendor) -> str:
        flows = flagged_flows([obj])[obj.pk]
        if not flows:
            return "None"
        return format_html_join(
            "",
            '<div class="vendor-flow"><a href="{}">{}</a> {}{}</div>',
            (
                (
                    reverse("admin:transfers_transfer_change", args=[flow.pk]),
                    flow.reference,
                    status_badge(flow.compliance_status),
                    findings_html(flow.findings, ACTION_SEVERITIES),
                )
                for flow in flows
            ),
        )


admin.site.unregister(Vendor)
admin.site.register(Vendor, RegisterVendorAdmin)


# ------------------------------------------------------------------ SCC agreement form
