from django.contrib import admin
from import_export.admin import ImportExportMixin

from affiliates.admin_mixins import RegisterAdmin
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation
from vendors.resources import VendorResource


class VendorLocationInline(admin.TabularInline):
    model = VendorLocation
    extra = 0
    autocomplete_fields = ("country",)


class VendorCertificationInline(admin.TabularInline):
    model = VendorCertification
    extra = 0


class SubProcessorInline(admin.TabularInline):
    model = SubProcessor
    fk_name = "vendor"
    extra = 0
    autocomplete_fields = ("sub_processor",)
    verbose_name_plural = "sub-processors (Annex III)"


@admin.register(Vendor)
class VendorAdmin(ImportExportMixin, RegisterAdmin):
    resource_classes = [VendorResource]
    list_display = (
        "legal_name",
        "kind",
        "country",
        "status",
        "compliance_status",
        "evaluated_at",
        "is_public",
    )
    list_filter = (
        "kind",
        "status",
        "compliance_status",
        ("country", admin.RelatedOnlyFieldListFilter),
        ("locations__country", admin.RelatedOnlyFieldListFilter),
        "certifications__scheme",
        "is_public",
    )
    search_fields = ("legal_name", "services", "contact_name")
    autocomplete_fields = ("country",)
    inlines = [VendorLocationInline, VendorCertificationInline, SubProcessorInline]
    readonly_fields = ("compliance_status", "evaluated_at")
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "legal_name",
                    "kind",
                    "status",
                    "country",
                    "address",
                    "website",
                    "services",
                ]
            },
        ),
        ("Contacts", {"fields": ["contact_name", "contact_email", "dpo_name", "dpo_email"]}),
        ("Contract", {"fields": ["contract_signed_on", "contract_ends_on", "dpa_signed_on"]}),
        (
            "Data protection",
            {
                "fields": [
                    "subject_to_gdpr_art3_2",
                    "is_commercial_organisation",
                    "compliance_status",
                    "evaluated_at",
                ]
            },
        ),
        ("Public page", {"fields": ["is_public", "public_description"]}),
        ("Internal", {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")
