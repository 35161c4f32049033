"""The legal team's reference tables for the rules: transfer instruments and their terms per
regime (adequacy decisions are with the other reference tables in `register`). Editors change
them here, with history; the register is re-evaluated when they do."""

from django import forms
from django.contrib import admin

from affiliates.admin_mixins import ChangeReasonForm, RegisterAdmin
from transfers.choices import SccModule
from transfers.models import InstrumentTerm, TransferInstrument


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
