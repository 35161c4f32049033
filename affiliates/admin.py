from django.contrib import admin

from affiliates.admin_mixins import RegisterAdmin
from affiliates.models import Affiliate, AffiliateRole, Country


@admin.register(Country)
class CountryAdmin(RegisterAdmin):
    list_display = ("code", "name", "eu_from", "eu_until", "eea_from", "eea_until")
    list_filter = (("eea_from", admin.EmptyFieldListFilter),)
    search_fields = ("code", "name")
    ordering = ("name",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "code") if obj else readonly


class AffiliateRoleInline(admin.TabularInline):
    model = AffiliateRole
    extra = 0


@admin.register(Affiliate)
class AffiliateAdmin(RegisterAdmin):
    list_display = ("legal_name", "country", "group_roles", "subject_to_gdpr", "is_public")
    list_filter = (
        ("country", admin.RelatedOnlyFieldListFilter),
        "roles__role",
        "subject_to_gdpr",
        "is_public",
    )
    search_fields = ("legal_name", "short_name", "registration_number", "contact_name")
    autocomplete_fields = ("country", "eu_representative", "uk_representative")
    inlines = [AffiliateRoleInline]
    fieldsets = [
        (
            None,
            {"fields": ["legal_name", "short_name", "registration_number", "country", "address"]},
        ),
        (
            "Contacts",
            {"fields": ["contact_name", "contact_email", "contact_phone", "dpo_name", "dpo_email"]},
        ),
        (
            "Data protection",
            {"fields": ["activities", "subject_to_gdpr", "eu_representative", "uk_representative"]},
        ),
        ("Public page", {"fields": ["is_public", "public_description"]}),
        ("Internal", {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country").prefetch_related("roles")

    @admin.display(description="Roles for the group")
    def group_roles(self, obj: Affiliate) -> str:
        return ", ".join(role.get_role_display() for role in obj.roles.all()) or "-"
