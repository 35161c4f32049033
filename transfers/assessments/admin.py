"""The legal team's admin for transfer impact assessments, country profiles and the measures
catalogue.

An assessment is edited as a guided form, one fieldset per EDPB step; steps 1 and 2 are shown
from the register snapshot, never retyped. Only drafts are editable. The workflow (submit,
approve, send back, outdate, new version, refresh, report) goes through confirmation pages that
call the services and report through messages; nothing here decides anything itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from affiliates.admin_mixins import ChangeReasonForm, RegisterAdmin
from transfers.assessments.choices import AccessRisk, AssessmentState
from transfers.assessments.models import (
    AssessmentAction,
    CountryProfile,
    LawAssessment,
    ProfileLaw,
    SelectedMeasure,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from transfers.assessments.selectors import (
    assessment_missing_items,
    assessment_probability,
    country_profile_fingerprint,
)
from transfers.assessments.services import (
    APPROVE_PERMISSION,
    assessment_approve,
    assessment_mark_outdated,
    assessment_new_version,
    assessment_refresh,
    assessment_return_to_draft,
    assessment_start_check,
    assessment_start_version,
    assessment_submit,
    assessments_recheck,
    country_profile_record_edit,
)
from transfers.documents.choices import DocumentEdition, DocumentKind
from transfers.documents.services import document_request

# ------------------------------------------------------------------------------ helpers


def risk_choices_field(label: str, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=AccessRisk.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


def facts_table(rows: list[tuple[str, Any]]) -> SafeString:
    """A two-column table for read-only facts (escaped)."""
    body = format_html_join(
        "", "<tr><th style='width:14em'>{}</th><td>{}</td></tr>", ((k, v or "-") for k, v in rows)
    )
    return format_html('<table class="tia-facts">{}</table>', body)


def joined(values: list[str]) -> str:
    return ", ".join(values)


def places(rows: list[dict]) -> str:
    return "; ".join(f"{r['name']} ({r['activity'].lower()})" for r in rows)


def percent(value: float) -> str:
    return f"{value * 100:.4g} %"


# ----------------------------------------------------------------- reference data admins


class ProfileLawForm(forms.ModelForm):
    risks = risk_choices_field("Kinds of access", "What this law lets authorities do.")

    class Meta:
        model = ProfileLaw
        fields = ["risks"]  # the admin adds the fields its fieldsets name


class ProfileLawInline(admin.StackedInline):
    model = ProfileLaw
    form = ProfileLawForm
    extra = 0
    fields = (
        ("code", "position", "nature"),
        ("name", "citation"),
        "risks",
        "description",
        "questions",
        ("source", "source_date"),
        "source_url",
        ("needs_legal_check", "check_note"),
        ("default_p_targeted", "default_p_readable", "default_p_cannot_resist"),
    )


@admin.register(CountryProfile)
class CountryProfileAdmin(RegisterAdmin):
    """Profiles are reference data with dates; an edit raises the version and outdates the
    approved assessments that relied on the earlier one (through the outdating receivers)."""

    list_display = (
        "name",
        "country",
        "generic",
        "version",
        "reviewed_on",
        "needs_legal_check",
        "law_count",
    )
    list_filter = ("needs_legal_check", "generic")
    search_fields = ("name", "code", "country__name", "laws__name")
    autocomplete_fields = ("country",)
    readonly_fields = ("version",)
    inlines = [ProfileLawInline]
    fieldsets = [
        (None, {"fields": [("code", "name"), ("country", "generic"), ("version", "reviewed_on")]}),
        ("Law and practice", {"fields": ["summary", "needs_legal_check", "check_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(law_total=Count("laws"))

    @admin.display(description="Laws", ordering="law_total")
    def law_count(self, obj: CountryProfile) -> int:
        return obj.law_total

    def save_model(self, request, obj, form, change):
        obj._fingerprint_before = (
            country_profile_fingerprint(CountryProfile.objects.get(pk=obj.pk)) if change else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = country_profile_record_edit(
            profile=form.instance,
            fingerprint_before=getattr(form.instance, "_fingerprint_before", None),
            by=request.user,
        )
        if profile is not None:
            messages.info(
                request,
                f"“{profile.name}” is now version {profile.version}; approved assessments that "
                "relied on the earlier version are outdated.",
            )


class SupplementaryMeasureForm(ChangeReasonForm):
    effective_against = risk_choices_field(
        "Effective against", "The kinds of access this measure can address."
    )

    class Meta:
        model = SupplementaryMeasure
        fields = ["effective_against"]  # the admin adds the fields its fieldsets name


@admin.register(SupplementaryMeasure)
class SupplementaryMeasureAdmin(RegisterAdmin):
    form = SupplementaryMeasureForm
    list_display = (
        "name",
        "kind",
        "edpb_use_case",
        "risks_addressed",
        "no_technical_measure_suffices",
        "needs_legal_check",
    )
    list_filter = ("kind", "no_technical_measure_suffices", "needs_legal_check")
    search_fields = ("code", "name", "description", "edpb_use_case")
    fieldsets = [
        (None, {"fields": [("code", "kind"), "name", "description", "conditions"]}),
        (
            "EDPB Recommendations 01/2020",
            {"fields": ["edpb_use_case", "effective_against", "no_technical_measure_suffices"]},
        ),
        (
            "Source",
            {
                "fields": [
                    ("source", "source_date"),
                    "source_url",
                    "needs_legal_check",
                    "check_note",
                ]
            },
        ),
    ]

    @admin.display(description="Effective against")
    def risks_addressed(self, obj: SupplementaryMeasure) -> str:
        return "; ".join(AccessRisk(r).label for r in obj.effective_against) or "-"


# ------------------------------------------------------------------- assessment inlines


class DraftOnlyInline:
    """Inline rows are editable while their assessment is a draft, read-only afterwards."""

    def editable(self, obj: TransferImpactAssessment | None) -> bool:
        return obj is not None and obj.is_editable

    def has_add_permission(self, request, obj=None) -> bool:
        return self.editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.editable(obj) and super().has_delete_permission(request, obj)


STEP3 = "Step 3: law and practice of the third countries"
STEP4 = "Step 4: supplementary measures"
SIGN_OFF = "Outcome and sign-off"


class LawAssessmentInline(DraftOnlyInline, admin.TabularInline):
    model = LawAssessment
    after_fieldset = STEP3  # drawn inside the guided form (see the change_form template)
    verbose_name = "law assessed in step 3"
    verbose_name_plural = "Step 3: the laws, one by one (answer each law's questions on its page)"
    fields = (
        "country",
        "law",
        "answered",
        "applies",
        "p_targeted",
        "p_readable",
        "p_cannot_resist",
        "yearly",
    )
    readonly_fields = ("country", "law", "answered", "yearly")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the register snapshot decides which laws are assessed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Questions")
    def answered(self, row: LawAssessment) -> str:
        total = len(row.answers)
        done = total - len(row.unanswered_questions)
        url = reverse("admin:transfers_lawassessment_change", args=[row.pk])
        return format_html('<a href="{}">{} of {} answered</a>', url, done, total)

    @admin.display(description="Yearly p")
    def yearly(self, row: LawAssessment) -> str:
        if None in row.factors or not row.applies:
            return "-"
        product = row.p_targeted * row.p_readable * row.p_cannot_resist
        return percent(float(product))


class SelectedMeasureInline(DraftOnlyInline, admin.TabularInline):
    model = SelectedMeasure
    after_fieldset = STEP4
    verbose_name = "supplementary measure"
    verbose_name_plural = "Step 4: supplementary measures, each linked to the risk it addresses"
    fields = ("measure", "law_assessment", "risk", "status", "due_on", "implementation")
    autocomplete_fields = ("measure",)
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "law_assessment":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = LawAssessment.objects.filter(
                assessment_id=object_id
            ).select_related("law", "country")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssessmentActionInline(DraftOnlyInline, admin.TabularInline):
    model = AssessmentAction
    after_fieldset = SIGN_OFF
    verbose_name_plural = "Open actions"
    fields = ("description", "owner", "due_on", "done")
    extra = 0


# ------------------------------------------------------------------------- list filter


class NextReviewFilter(admin.SimpleListFilter):
    title = "next review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Due or overdue"),
            ("30", "Within 30 days"),
            ("90", "Within 90 days"),
            ("later", "Later"),
            ("none", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.filter(next_review_on__lte=today)
        if value in ("30", "90"):
            horizon = today + timedelta(days=int(value))
            return queryset.filter(next_review_on__gt=today, next_review_on__lte=horizon)
        if value == "later":
            return queryset.filter(next_review_on__gt=today + timedelta(days=90))
        if value == "none":
            return queryset.filter(next_review_on__isnull=True)
        return queryset


# ------------------------------------------------------------------------- add form


class StartAssessmentForm(ChangeReasonForm):
    """Adding an assessment starts a version through the service: only the subject is asked."""

    class Meta:
        model = TransferImpactAssessment
        fields = ["transfer", "scc_agreement", "destination_country", "assessed_on"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        assessment_start_check(
            transfer=data.get("transfer"),
            scc_agreement=data.get("scc_agreement"),
            destination_country=data.get("destination_country"),
            on_date=data.get("assessed_on") or timezone.localdate(),
        )
        return data


# ------------------------------------------------------------------------- workflow


class ApproveForm(forms.Form):
    accept_residual_risk = forms.BooleanField(
        label="I have reviewed this assessment and accept its residual risk", required=True
    )
    residual_risk_note = forms.CharField(
        label="Note on the residual risk", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


@dataclass(frozen=True)
class WorkflowStep:
    """One button of the assessment's workflow and the service it calls."""

    label: str
    states: tuple[str, ...]
    explanation: str
    run: Callable[[TransferImpactAssessment, HttpRequest, dict], tuple[Any, str]]
    form: type[forms.Form] | None = None
    permission: str = "transfers.change_transferimpactassessment"


def run_submit(assessment, request, data):
    assessment_submit(assessment=assessment, by=request.user)
    return assessment, f"Version {assessment.version} submitted for review."


def run_approve(assessment, request, data):
    approved = assessment_approve(
        assessment=assessment,
        approver=request.user,
        residual_risk_accepted=data["accept_residual_risk"],
        residual_risk_note=data["residual_risk_note"],
    )
    return approved, (
        f"Version {approved.version} approved; next review on {approved.next_review_on:%d %B %Y}."
    )


def run_return(assessment, request, data):
    assessment_return_to_draft(assessment=assessment, by=request.user, reason=data["reason"])
    return assessment, f"Version {assessment.version} sent back to draft."


def run_outdate(assessment, request, data):
    assessment_mark_outdated(assessment=assessment, reason=data["reason"])
    return assessment, f"Version {assessment.version} marked outdated."


def run_new_version(assessment, request, data):
    new = assessment_new_version(assessment=assessment, assessor=request.user)
    return new, f"Version {new.version} started from version {assessment.version}."


def run_refresh(assessment, request, data):
    changes = assessment_refresh(assessment=assessment, by=request.user)
    return assessment, "Steps 1 to 3 refreshed from the register. " + (
        " ".join(changes) if changes else "Nothing relevant had changed."
    )


def run_report(assessment, request, data):
    document = report_request(assessment, request.user)
    return assessment, report_message(document)


def report_request(assessment: TransferImpactAssessment, user: Any):
    return document_request(
        kind=DocumentKind.TIA, source=assessment, edition=DocumentEdition.FULL, requested_by=user
    )


def report_message(document) -> str:
    return f"Report version {document.version}: {document.get_state_display().lower()}."


GENERATE_PERMISSION = "transfers.add_document"  # as for SCC copies: editors, not viewers
OPEN = (AssessmentState.DRAFT,)
SIGNED = (AssessmentState.APPROVED, AssessmentState.OUTDATED)
WORKFLOW: dict[str, WorkflowStep] = {
    "submit": WorkflowStep(
        "Submit for review",
        OPEN,
        "Steps 1 to 3 are refreshed from the register, the assessment is checked for "
        "completeness and handed to an approver. It can no longer be edited.",
        run_submit,
    ),
    "refresh": WorkflowStep(
        "Refresh from the register",
        OPEN,
        "Take steps 1 to 3 from the register again: parties, data, locations, sub-processors, "
        "legal tool, countries and profiles. Laws no longer concerned are removed.",
        run_refresh,
    ),
    "approve": WorkflowStep(
        "Approve",
        (AssessmentState.IN_REVIEW,),
        "Sign off the assessment. You must not be its assessor, and you accept the residual "
        "risk. The next review date is set from today.",
        run_approve,
        form=ApproveForm,
        permission=APPROVE_PERMISSION,
    ),
    "return": WorkflowStep(
        "Send back to draft",
        (AssessmentState.IN_REVIEW,),
        "Return the assessment to its assessor, saying what to change.",
        run_return,
        form=ReasonForm,
    ),
    "outdate": WorkflowStep(
        "Mark outdated",
        (AssessmentState.APPROVED,),
        "The assessment no longer holds (for example, new guidance or case law).",
        run_outdate,
        form=ReasonForm,
    ),
    "new_version": WorkflowStep(
        "Start a new version",
        SIGNED,
        "A new draft, with this version's answers, measures and open actions carried forward "
        "and steps 1 to 3 taken from the register as it is today.",
        run_new_version,
    ),
    "report": WorkflowStep(
        "Generate the report",
        (*OPEN, AssessmentState.IN_REVIEW, *SIGNED),
        "A PDF of the assessment as it stands, stored with a hash of its inputs. The same inputs "
        "give back the stored file.",
        run_report,
        permission=GENERATE_PERMISSION,
    ),
}


# ----------------------------------------------------------------------- assessment admin


@admin.register(TransferImpactAssessment)
class TransferImpactAssessmentAdmin(RegisterAdmin):
    change_form_template = "admin/transfers/transferimpactassessment/change_form.html"
    list_display = ("__str__", "state", "outcome", "risk_after", "next_review_on", "approver")
    list_filter = ("state", "outcome", "risk_after", NextReviewFilter)
    list_select_related = (
        "transfer",
        "scc_agreement",
        "destination_country",
        "assessor",
        "approver",
    )
    search_fields = (
        "transfer__reference",
        "transfer__name",
        "scc_agreement__reference",
        "scc_agreement__title",
    )
    date_hierarchy = "assessed_on"
    actions = ["submit_selected", "generate_reports", "recheck_selected"]
    readonly_fields = (
        "subject",
        "version",
        "state",
        "assessor",
        "step1_register",
        "step2_register",
        "step3_countries",
        "probability_result",
        "next_review_on",
        "outdated_on",
        "outdated_reason",
        "approver",
        "approved_on",
        "residual_risk_accepted",
        "still_to_complete",
        "reports",
    )
    fieldsets = [
        (
            "The assessment",
            {"fields": ["subject", ("version", "state"), ("assessor", "assessed_on")]},
        ),
        (
            "Step 1: know your transfer (from the register)",
            {"fields": ["step1_register", "step1_notes"]},
        ),
        (
            "Step 2: the transfer tool (from the register)",
            {"fields": ["step2_register", "step2_notes"]},
        ),
        (STEP3, {"fields": ["step3_countries", "step3_conclusion", "risk_before"]}),
        (STEP4, {"fields": ["step4_notes", "risk_after"]}),
        (
            "Probability of a prohibited lawful access (optional)",
            {
                "fields": [
                    "use_probability",
                    ("assessment_period_years", "probability_threshold"),
                    "probability_result",
                ]
            },
        ),
        ("Step 5: procedural steps", {"fields": ["step5_procedural_steps"]}),
        (
            "Step 6: re-evaluation",
            {
                "fields": [
                    ("review_months", "next_review_on"),
                    "step6_monitoring",
                    ("outdated_on", "outdated_reason"),
                ]
            },
        ),
        (
            SIGN_OFF,
            {
                "fields": [
                    "outcome",
                    "residual_risk_note",
                    ("approver", "approved_on", "residual_risk_accepted"),
                    "still_to_complete",
                ]
            },
        ),
        ("Reports", {"fields": ["reports"]}),
    ]
    inlines = [LawAssessmentInline, SelectedMeasureInline, AssessmentActionInline]

    # ---- add: a version is started by the service
    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StartAssessmentForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    "What to assess",
                    {
                        "fields": [
                            "transfer",
                            ("scc_agreement", "destination_country"),
                            "assessed_on",
                        ],
                        "description": "Choose a transfer, or an SCC agreement and one "
                        "destination country. Steps 1 and 2 are then filled from the register.",
                    },
                )
            ]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if not obj.is_editable:
            editable = [f.name for f in self.model._meta.fields]
            return (*super().get_readonly_fields(request, obj), *editable)
        return super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_autocomplete_fields(self, request):
        return ("transfer", "scc_agreement", "destination_country")

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None) -> bool:
        """A draft may be thrown away; what was submitted or signed stays on record."""
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

    def get_actions(self, request):
        """No bulk delete: it would not ask each assessment whether it is a draft."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        started = assessment_start_version(
            assessor=request.user,
            transfer=obj.transfer,
            scc_agreement=obj.scc_agreement,
            destination_country=obj.destination_country,
            assessed_on=obj.assessed_on,
        )
        # The admin goes on with ``obj`` (log entry, message, redirect): make it the new row.
        obj.__dict__.update(started.__dict__)

    def response_add(self, request, obj, post_url_continue=None):
        """Straight on to the guided form: starting an assessment is only its first step."""
        self.message_user(
            request, f"{obj} started: steps 1 and 2 are filled from the register.", messages.SUCCESS
        )
        return HttpResponseRedirect(
            reverse("admin:transfers_transferimpactassessment_change", args=[obj.pk])
        )

    def get_changeform_initial_data(self, request):
        return {"assessed_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    # ---- read-only displays
    @admin.display(description="Subject")
    def subject(self, obj: TransferImpactAssessment) -> str:
        if obj.transfer_id:
            url = reverse("admin:transfers_transfer_change", args=[obj.transfer_id])
            return format_html('Transfer <a href="{}">{}</a>', url, obj.transfer)
        url = reverse("admin:transfers_sccagreement_change", args=[obj.scc_agreement_id])
        return format_html(
            'SCC agreement <a href="{}">{}</a>, destination {}',
            url,
            obj.scc_agreement,
            obj.destination_country.name,
        )

    @admin.display(description="From the register")
    def step1_register(self, obj: TransferImpactAssessment) -> SafeString:
        s = obj.register_snapshot
        if not s:
            return "-"
        exporter = s["exporter"]
        return facts_table(
            [
                ("Register as of", s["taken_on"]),
                (
                    "Exporter",
                    f"{exporter['name']}, {exporter['country']['name']} ({exporter['role']})"
                    if exporter
                    else "none: direct collection",
                ),
                (
                    "Importer",
                    f"{s['importer']['name']}, {s['importer']['country']['name']} "
                    f"({s['importer']['role']})",
                ),
                ("Data subjects", joined(s["data_subjects"])),
                ("Categories of data", joined(s["data_categories"])),
                ("Special categories", joined(s["special_categories"]) or "none"),
                ("Purposes", joined(s["purposes"])),
                ("Frequency", joined(s["frequency"])),
                ("Storage and access", places(s["importer_locations"])),
                (
                    "Sub-processors",
                    "; ".join(f"{x['name']} ({x['country']['name']})" for x in s["sub_processors"])
                    or "none",
                ),
                (
                    "Onward transfers",
                    "; ".join(
                        f"{x['reference']} → {x['importer']} ({x['country']['name']})"
                        for x in s["onward_transfers"]
                    )
                    or "none",
                ),
            ]
        )

    @admin.display(description="From the register")
    def step2_register(self, obj: TransferImpactAssessment) -> SafeString:
        s = obj.register_snapshot
        if not s:
            return "-"
        tool = s["legal_tool"]
        return facts_table(
            [
                ("Transfer tool", tool["label"]),
                (
                    "SCC agreements",
                    "; ".join(
                        f"{a['reference']} ({a['module'] or a['instrument']}, {a['status']})"
                        for a in tool["agreements"]
                    ),
                ),
                (
                    "Adequacy decisions",
                    "; ".join(f"{d['country']}: {d['reference']}" for d in s["adequacy_decisions"])
                    or "none",
                ),
            ]
        )

    @admin.display(description="Countries and profiles")
    def step3_countries(self, obj: TransferImpactAssessment) -> SafeString:
        rows = obj.register_snapshot.get("third_countries", [])
        return facts_table(
            [
                (
                    c["name"],
                    f"{', '.join(c['why'])}. Profile “{c['profile']['name']}”, version "
                    f"{c['profile']['version']}"
                    + (" (to be checked)" if c["profile"]["needs_legal_check"] else "")
                    if c["profile"]
                    else f"{', '.join(c['why'])}. No profile.",
                )
                for c in rows
            ]
        )

    @admin.display(description="Result")
    def probability_result(self, obj: TransferImpactAssessment) -> str:
        if not obj.use_probability:
            return "Not used."
        result = assessment_probability(obj)
        if result is None:
            return "Incomplete: give the three factors for every applicable law below."
        verdict = "within" if result.within_threshold else "ABOVE"
        return (
            f"{percent(result.p_year)} a year from {len(result.instruments)} instrument(s); "
            f"{percent(result.p_period)} over {result.years} years, {verdict} the threshold of "
            f"{percent(result.threshold)}."
        )

    @admin.display(description="Still to complete")
    def still_to_complete(self, obj: TransferImpactAssessment) -> SafeString:
        missing = assessment_missing_items(obj)
        if not missing:
            return format_html("{}", "Nothing: the assessment is complete.")
        return format_html(
            "<ul style='margin:0'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((m,) for m in missing)),
        )

    @admin.display(description="Reports")
    def reports(self, obj: TransferImpactAssessment) -> SafeString:
        documents = obj.documents.order_by("-version")
        if not documents:
            return format_html("{}", "None yet: use “Generate the report”.")
        return format_html(
            "<ul style='margin:0'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((document_link(d),) for d in documents)),
        )

    # ---- workflow pages
    def get_urls(self):
        view = self.admin_site.admin_view(self.workflow_view)
        return [
            path(
                "<int:object_id>/workflow/<str:step>/",
                view,
                name="transfers_transferimpactassessment_workflow",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        assessment = self.get_object(request, object_id)
        extra = {**(extra_context or {}), "workflow": self.workflow_links(request, assessment)}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def workflow_links(self, request, assessment) -> list[tuple[str, str]]:
        if assessment is None:
            return []
        return [
            (
                step.label,
                reverse(
                    "admin:transfers_transferimpactassessment_workflow", args=[assessment.pk, name]
                ),
            )
            for name, step in WORKFLOW.items()
            if assessment.state in step.states and request.user.has_perm(step.permission)
        ]

    def workflow_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        if step not in WORKFLOW:
            raise PermissionDenied("Unknown workflow step.")
        action = WORKFLOW[step]
        if not request.user.has_perm(action.permission):
            raise PermissionDenied("You may not do this.")
        assessment = get_object_or_404(TransferImpactAssessment, pk=object_id)
        change_url = reverse(
            "admin:transfers_transferimpactassessment_change", args=[assessment.pk]
        )
        data = request.POST if request.method == "POST" else None
        form = action.form(data) if action.form else None
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                target, message = action.run(assessment, request, form.cleaned_data if form else {})
            except ValidationError as error:
                for text in error.messages:
                    self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:transfers_transferimpactassessment_change", args=[target.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": assessment,
            "title": f"{action.label}: {assessment}",
            "action": action,
            "form": form,
            "missing": assessment_missing_items(assessment)
            if step in ("submit", "approve")
            else [],
            "change_url": change_url,
            "allowed": assessment.state in action.states,
        }
        return TemplateResponse(
            request, "admin/transfers/transferimpactassessment/workflow.html", context
        )

    # ---- changelist actions
    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_selected(self, request, queryset: QuerySet[TransferImpactAssessment]):
        for assessment in queryset.filter(state=AssessmentState.DRAFT):
            try:
                assessment_submit(assessment=assessment, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{assessment}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"{assessment}: submitted for review.", messages.SUCCESS)

    def has_generate_permission(self, request) -> bool:
        return request.user.has_perm(GENERATE_PERMISSION)

    @admin.action(
        description="Generate the reports of the selected assessments", permissions=["generate"]
    )
    def generate_reports(self, request, queryset: QuerySet[TransferImpactAssessment]):
        for assessment in queryset:
            document = report_request(assessment, request.user)
            self.message_user(request, f"{assessment}: {report_message(document)}")

    @admin.action(
        description="Check the selected approved assessments for review dates and changes",
        permissions=["change"],
    )
    def recheck_selected(self, request, queryset: QuerySet[TransferImpactAssessment]):
        outdated = assessments_recheck(assessments=queryset)
        self.message_user(
            request,
            f"{len(outdated)} assessment(s) outdated."
            if outdated
            else "Every selected approved assessment still holds.",
        )


def document_link(document) -> SafeString:
    label = f"v{document.version}: {document.get_state_display()}"
    if not document.is_ready:
        reason = f" ({document.failure_reason})" if document.failure_reason else ""
        return format_html("{}{}", label, reason)
    url = reverse("admin:transfers_document_download", args=[document.pk])
    return format_html(
        '{} — <a href="{}">{}</a> ({} pages)',
        label,
        url,
        document.download_filename,
        document.page_count,
    )


# ------------------------------------------------------------------- law answers admin


class LawAssessmentForm(ChangeReasonForm):
    """One text box per question of the law, stored as [{question, answer}]."""

    class Meta:
        model = LawAssessment
        fields = [
            "applies",
            "conclusion",
            "p_targeted",
            "p_readable",
            "p_cannot_resist",
            "factors_rationale",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, item in enumerate(self.instance.answers or []):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=item["question"],
                required=False,
                initial=item.get("answer", ""),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
            )

    def answer_fields(self) -> list[str]:
        return [name for name in self.fields if name.startswith("answer_")]

    def save(self, commit=True):
        self.instance.answers = [
            {**item, "answer": self.cleaned_data.get(f"answer_{index}", "")}
            for index, item in enumerate(self.instance.answers)
        ]
        return super().save(commit)


@admin.register(LawAssessment)
class LawAssessmentAdmin(RegisterAdmin):
    """The page where one law's questions are answered; reached from its assessment."""

    form = LawAssessmentForm
    list_display = ("law", "country", "assessment", "applies")
    list_filter = ("applies", "country")
    list_select_related = ("law", "country", "assessment__transfer", "assessment__scc_agreement")
    search_fields = ("law__name", "assessment__transfer__reference")
    readonly_fields = ("assessment_link", "country", "law", "law_text", "answers_text")

    def get_model_perms(self, request):
        return {}  # not on the admin index: reached from an assessment

    def get_fieldsets(self, request, obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            questions = self.get_form(request, obj)(instance=obj).answer_fields()
        else:
            questions = ["answers_text"]
        return [
            (None, {"fields": ["assessment_link", ("country", "law"), "law_text"]}),
            ("Questions", {"fields": questions}),
            ("Conclusion", {"fields": ["applies", "conclusion"]}),
            (
                "Probability factors (per year)",
                {"fields": [("p_targeted", "p_readable", "p_cannot_resist"), "factors_rationale"]},
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and self.has_change_permission(request, obj):
            kwargs["fields"] = None  # the form's own fields plus one per question
        return super().get_form(request, obj, change=change, **kwargs)

    def has_add_permission(self, request) -> bool:
        return False  # rows come from the assessment's register snapshot

    def has_change_permission(self, request, obj=None) -> bool:
        editable = obj is None or obj.assessment.is_editable
        return super().has_change_permission(request, obj) and editable

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Assessment")
    def assessment_link(self, obj: LawAssessment) -> str:
        url = reverse("admin:transfers_transferimpactassessment_change", args=[obj.assessment_id])
        return format_html('<a href="{}">{}</a>', url, obj.assessment)

    @admin.display(description="Answers")
    def answers_text(self, obj: LawAssessment) -> SafeString:
        return format_html_join(
            "",
            "<p><strong>{}</strong><br>{}</p>",
            ((a["question"], a.get("answer") or "(no answer)") for a in obj.answers),
        )

    @admin.display(description="The law")
    def law_text(self, obj: LawAssessment) -> SafeString:
        law = obj.law
        return format_html(
            "{}<br><em>{}</em><br>Source: {}, {}{}",
            law.description,
            law.citation,
            law.source,
            law.source_date,
            format_html(" — to be checked: {}", law.check_note) if law.needs_legal_check else "",
        )

    def response_change(self, request, obj):
        if "_continue" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, f"Answers on {obj.law} saved.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:transfers_transferimpactassessment_change", args=[obj.assessment_id])
        )
