"""The legal team's reference tables for the rules: transfer instruments and their terms per
regime (adequacy decisions are with the other reference tables in `register`). Editors change
them here, with history; the register is re-evaluated when they do."""

from django import forms
from django.contrib import admin

from affiliates.admin_mixins import ChangeReasonForm, RegisterAdmin
from transfers.reference.choices import SccModule
from transfers.reference.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    InstrumentTerm,
    LegalBasis,
    Purpose,
    SupervisoryAuthority,
    TransferInstrument,
)


class TransferInstrumentForm(ChangeReasonForm):
    modules = forms.TypedMultipleChoiceField(
        choices=SccModule.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="The role pairs it can cover.",
    )

    class Meta:
        model = TransferInstrument
        fields = "__all__"


class InstrumentTermInline(admin.StackedInline):
    model = InstrumentTerm
    extra = 0
    fields = (
        "regime",
        ("available_from", "repealed_from"),
        ("signed_before", "valid_until"),
        "condition",
        "source",
    )


@admin.register(TransferInstrument)
class TransferInstrumentAdmin(RegisterAdmin):
    form = TransferInstrumentForm
    list_display = ("code", "name", "article", "module_list", "requires_tia", "scc_based")
    list_filter = ("scc_based", "requires_tia", "module_required", "terms__regime")
    search_fields = ("code", "name", "article")
    inlines = [InstrumentTermInline]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    @admin.display(description="Modules")
    def module_list(self, obj: TransferInstrument) -> str:
        return ", ".join(str(module) for module in obj.modules)


@admin.register(InstrumentTerm)
class InstrumentTermAdmin(RegisterAdmin):
    list_display = (
        "instrument",
        "regime",
        "available_from",
        "repealed_from",
        "signed_before",
        "valid_until",
    )
    list_filter = ("regime", ("repealed_from", admin.EmptyFieldListFilter))
    search_fields = ("instrument__code", "instrument__name", "condition")
    list_select_related = ("instrument",)




@admin.register(DataCategory)
class DataCategoryAdmin(RegisterAdmin):
    list_display = ("name", "special_category", "source")
    list_filter = ("special_category",)
    search_fields = ("name", "description")


@admin.register(DataSubjectCategory)
class DataSubjectCategoryAdmin(RegisterAdmin):
    list_display = ("name", "source")
    search_fields = ("name", "description")


@admin.register(LegalBasis)
class LegalBasisAdmin(RegisterAdmin):
    list_display = ("code", "article", "name")
    search_fields = ("code", "name", "article")


@admin.register(Purpose)
class PurposeAdmin(RegisterAdmin):
    list_display = ("name", "legal_bases_list")
    list_filter = ("legal_bases",)
    search_fields = ("name", "description")
    filter_horizontal = ("legal_bases",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("legal_bases")

    @admin.display(description="Legal bases")
    def legal_bases_list(self, obj: Purpose) -> str:
        return "; ".join(basis.article for basis in obj.legal_bases.all())


@admin.register(AdequacyDecision)
class AdequacyDecisionAdmin(RegisterAdmin):
    list_display = (
        "regime",
        "destination",
        "reference",
        "effective_from",
        "effective_until",
        "scope",
        "scope_condition",
        "required_certification",
    )
    list_filter = (
        "regime",
        "covers_eea",
        "scope",
        "scope_condition",
        ("effective_until", admin.EmptyFieldListFilter),
    )
    search_fields = ("reference", "title", "country__name", "country__code")
    autocomplete_fields = ("country",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")

    @admin.display(description="Destination", ordering="country__name")
    def destination(self, obj: AdequacyDecision) -> str:
        return "The whole EEA" if obj.covers_eea else str(obj.country)


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(RegisterAdmin):
    list_display = ("name", "country", "website")
    search_fields = ("name", "country__name")
    autocomplete_fields = ("country",)
