"""CSV/XLSX import and export of transfers and SCC agreements: parties by legal name, countries
by ISO code, categories and purposes by name and covered transfers by reference, separated by
';'."""

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from affiliates.models import Affiliate
from affiliates.resources import CountryCodeWidget
from transfers.reference.models import DataCategory, DataSubjectCategory, Purpose
from transfers.register.models import SccAgreement, Transfer
from transfers.register.services import scc_agreement_check_module
from vendors.models import Vendor


class NamedForeignKeyWidget(ForeignKeyWidget):
    """A party column by legal name; an unknown name is a row error that names it."""

    def clean(self, value, row=None, **kwargs):
        name = (value or "").strip()
        if not name:
            return None
        try:
            return self.model.objects.get(**{self.field: name})
        except self.model.DoesNotExist:
            label = self.model._meta.verbose_name
            raise ValueError(f"No {label} named '{name}' in the register.") from None


class NamedManyToManyWidget(ManyToManyWidget):
    """Names separated by ';'; every name must already be in the register."""

    def __init__(self, model, field: str = "name") -> None:
        super().__init__(model, separator=";", field=field)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in (value or "").split(self.separator) if name.strip()]
        found = {
            getattr(obj, self.field): obj
            for obj in self.model.objects.filter(**{f"{self.field}__in": names})
        }
        missing = [name for name in names if name not in found]
        if missing:
            label = self.model._meta.verbose_name_plural
            raise ValueError(f"Unknown {label}: {', '.join(missing)}.")
        return [found[name] for name in names]


def party_field(column: str, model) -> fields.Field:
    return fields.Field(
        attribute=column, column_name=column, widget=NamedForeignKeyWidget(model, "legal_name")
    )


def names_field(column: str, model) -> fields.Field:
    return fields.Field(attribute=column, column_name=column, widget=NamedManyToManyWidget(model))


class RegisterResource(resources.ModelResource):
    """A register table's import: every error of a row (model validation, unknown names in a
    many-to-many column, the subject's own rule) is reported together, before anything is saved."""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.error_dict)
        related = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, NamedManyToManyWidget) and field.column_name in row:
                try:
                    related[field.attribute] = field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        errors.update(self.row_rule_errors(instance, row, related))
        if errors:
            raise ValidationError(errors)

    def row_rule_errors(self, instance, row, related: dict) -> dict:
        """Errors of a rule beyond the model's own; ``related`` holds the cleaned many-to-many
        columns of the row."""
        return {}


class TransferResource(RegisterResource):
    """Unknown names in the many-to-many columns are field errors of the row, reported with the
    other fields' errors before anything is saved (the library checks them only when saving)."""

    exporter_affiliate = party_field("exporter_affiliate", Affiliate)
    exporter_vendor = party_field("exporter_vendor", Vendor)
    importer_affiliate = party_field("importer_affiliate", Affiliate)
    importer_vendor = party_field("importer_vendor", Vendor)
    destination_country = fields.Field(
        attribute="destination_country",
        column_name="destination_country",
        widget=CountryCodeWidget(),
    )
    data_categories = names_field("data_categories", DataCategory)
    data_subject_categories = names_field("data_subject_categories", DataSubjectCategory)
    purposes = names_field("purposes", Purpose)

    class Meta:
        model = Transfer
        import_id_fields = ("reference",)
        fields = (
            "reference",
            "name",
            "regime",
            "exporter_affiliate",
            "exporter_vendor",
            "exporter_role",
            "importer_affiliate",
            "importer_vendor",
            "importer_role",
            "destination_country",
            "data_categories",
            "data_subject_categories",
            "purposes",
            "special_category_data",
            "special_category_safeguards",
            "frequency",
            "nature",
            "retention",
            "legal_tool",
            "derogation",
            "remote_access_only",
            "employee_access",
            "direct_collection",
            "returns_only_received_data",
            "state",
            "started_on",
            "ended_on",
            "is_public",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class SccAgreementResource(RegisterResource):
    """Agreements by reference, covered transfers by reference; a module that does not match a
    covered transfer's roles is a row error, as in the admin and the API."""

    exporter_affiliate = party_field("exporter_affiliate", Affiliate)
    exporter_vendor = party_field("exporter_vendor", Vendor)
    importer_affiliate = party_field("importer_affiliate", Affiliate)
    importer_vendor = party_field("importer_vendor", Vendor)
    governing_law_country = fields.Field(
        attribute="governing_law_country",
        column_name="governing_law_country",
        widget=CountryCodeWidget(),
    )
    courts_country = fields.Field(
        attribute="courts_country", column_name="courts_country", widget=CountryCodeWidget()
    )
    transfers = fields.Field(
        attribute="transfers",
        column_name="transfers",
        widget=NamedManyToManyWidget(Transfer, field="reference"),
    )

    class Meta:
        model = SccAgreement
        import_id_fields = ("reference",)
        fields = (
            "reference",
            "title",
            "instrument",
            "module",
            "status",
            "transfers",
            "exporter_affiliate",
            "exporter_vendor",
            "importer_affiliate",
            "importer_vendor",
            "exporter_signed_on",
            "importer_signed_on",
            "clause_9_option",
            "clause_9_period",
            "clause_17_option",
            "governing_law_country",
            "courts_country",
            "uk_addendum",
            "swiss_adaptation",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def row_rule_errors(self, instance, row, related: dict) -> dict:
        """The module against the transfers the row covers (or, without that column, those the
        agreement already covers); nothing to check when the column named an unknown one."""
        if self.fields["transfers"].column_name in row:
            if "transfers" not in related:
                return {}
            transfers = related["transfers"]
        elif instance.pk:
            transfers = list(instance.transfers.all())
        else:
            return {}
        try:
            scc_agreement_check_module(
                instrument_code=instance.instrument, module=instance.module, transfers=transfers
            )
        except ValidationError as error:
            return error.error_dict
        return {}
