"""CSV/XLSX import and export of vendors (django-import-export): countries by ISO code."""

from import_export import fields, resources

from affiliates.resources import CountryCodeWidget
from vendors.models import Vendor


class VendorResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryCodeWidget())

    class Meta:
        model = Vendor
        import_id_fields = ("legal_name",)
        fields = (
            "legal_name",
            "kind",
            "country",
            "address",
            "website",
            "contact_name",
            "contact_email",
            "dpo_name",
            "dpo_email",
            "services",
            "status",
            "contract_signed_on",
            "contract_ends_on",
            "dpa_signed_on",
            "subject_to_gdpr_art3_2",
            "is_commercial_organisation",
            "is_public",
            "public_description",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
