"""The evaluation in the admin: status badges and findings coloured by severity, filters by
status, finding code and severity, the "Re-evaluate now" actions, the SCC agreement form's module
check, and the dashboard of what needs action (with "what changes on <date>").

The finding filters look for `"code": "<code>"` in the findings' JSON text, which reads the
same on SQLite and PostgreSQL (Django's case-insensitive `icontains` on a JSON field)."""

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from affiliates.admin_mixins import ChangeReasonForm
from transfers import rules
from transfers.choices import TransferState
from transfers.models import Transfer
from transfers.selectors import reference_data_from_db
from transfers.services import transfers_evaluate, what_changes_on
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

SEVERITY_ORDER = (rules.ERROR, rules.WARNING, rules.INFO)
ACTION_SEVERITIES = (rules.ERROR, rules.WARNING)
NEEDS_ACTION = (ComplianceStatus.NOT_PERMITTED, ComplianceStatus.ACTION_REQUIRED)
DASHBOARD_ROWS = 100
EVALUATION_CSS = {"all": ["transfers/admin/evaluation.css"]}


def finding_marker(code: str) -> str:
    """How a finding code reads inside the stored JSON."""
    return f'"code": "{code}"'


def severity_marker(severity: str) -> str:
    return f'"severity": "{severity}"'


def status_badge(status: str) -> str:
    return format_html(
        '<span class="evaluation-status status-{}">{}</span>',
        status,
        ComplianceStatus(status).label,
    )


def findings_html(findings: Iterable[dict], severities: Iterable[str] = SEVERITY_ORDER) -> str:
    """The findings as a list, most severe first, each with its severity and code."""
    wanted = tuple(severities)
    shown = sorted(
        (f for f in findings or [] if f.get("severity") in wanted),
        key=lambda f: SEVERITY_ORDER.index(f["severity"]),
    )
    if not shown:
        return format_html('<span class="evaluation-none">{}</span>', "No findings")
    items = format_html_join(
        "",
        '<li class="finding severity-{}"><span class="finding-severity">{}</span> {} '
        '<code class="finding-code">{}</code></li>',
        ((f["severity"], f["severity"], f.get("message", ""), f.get("code", "")) for f in shown),
    )
    return format_html('<ul class="evaluation-findings">{}</ul>', items)


# ------------------------------------------------------------------------------- filters


class FindingCodeFilter(admin.SimpleListFilter):
    """Transfers with a given finding code (any severity)."""

    title = "finding"
    parameter_name = "finding"

    def lookups(self, request, model_admin):
        return [(code, code) for code in sorted(rules.FINDING_CODES)]

    def queryset(self, request, queryset):
        if self.value() not in rules.FINDING_CODES:
            return queryset
        return queryset.filter(findings__icontains=finding_marker(self.value()))


class FindingSeverityFilter(admin.SimpleListFilter):
    """Transfers with at least one finding of a severity."""

    title = "finding severity"
    parameter_name = "severity"

    def lookups(self, request, model_admin):
        return [(s, f"Has {s} findings") for s in SEVERITY_ORDER]

    def queryset(self, request, queryset):
        if self.value() not in SEVERITY_ORDER:
            return queryset
        return queryset.filter(findings__icontains=severity_marker(self.value()))


# ------------------------------------------------------------------------------- actions


@admin.action(description="Re-evaluate now", permissions=["change"])
def reevaluate_transfers(modeladmin, request: HttpRequest, queryset: QuerySet[Transfer]) -> None:
    summary = transfers_evaluate(queryset=queryset)
    modeladmin.message_user(
        request,
        f"Re-evaluated {summary.evaluated} transfer(s) on {summary.on_date}: "
        f"{summary.changed} changed.",
        messages.SUCCESS,
    )


@admin.action(description="Re-evaluate now (their transfers)", permissions=["change"])
def reevaluate_vendors(modeladmin, request: HttpRequest, queryset: QuerySet[Vendor]) -> None:
    transfers = Transfer.objects.filter(
        Q(importer_vendor__in=queryset) | Q(exporter_vendor__in=queryset)
    )
    summary = transfers_evaluate(queryset=transfers)
    modeladmin.message_user(
        request,
        f"Re-evaluated {summary.evaluated} transfer(s) of {queryset.count()} vendor(s) on "
        f"{summary.on_date}: {summary.changed} changed.",
        messages.SUCCESS,
    )


# ------------------------------------------------------------------ SCC agreement form


class SccAgreementModuleForm(ChangeReasonForm):
    """The module must be the one the roles of every covered transfer call for."""

    def clean(self):
        cleaned = super().clean()
        problems = module_problems(
            cleaned.get("instrument"), cleaned.get("module"), cleaned.get("transfers") or []
        )
        if problems:
            self.add_error("transfers" if cleaned.get("module") is None else "module", problems)
        return cleaned


def module_problems(
    instrument_code: str | None, module: int | None, transfers: Iterable[Transfer]
) -> list[str]:
    """One message per covered transfer whose roles call for another module, or for a module
    the instrument does not have."""
    instrument = reference_data_from_db().instruments_by_code.get(instrument_code or "")
    problems = []
    for transfer in transfers:
        if not transfer.exporter_role:
            continue
        required = rules.required_scc_module(transfer.exporter_role, transfer.importer_role)
        roles = f"{transfer.exporter_role} to {transfer.importer_role}"
        needs = f"{rules.MODULE_NAMES[required]}"
        if module is not None and module != required:
            problems.append(
                f"Transfer {transfer.reference} ({roles}) needs {needs}, not "
                f"{rules.MODULE_NAMES[module]}: cover it with another agreement or correct "
                "the roles."
            )
        elif instrument is not None and required not in instrument.modules:
            problems.append(
                f"Transfer {transfer.reference} ({roles}) needs {needs}, which the "
                f"{instrument.name} does not cover."
            )
    return problems


# ------------------------------------------------------------------------------ dashboard


class WhatChangesForm(forms.Form):
    on = forms.DateField(
        label="What changes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Evaluates the register on that date and lists what differs; writes nothing.",
    )


def _status_rank() -> Case:
    return Case(
        When(compliance_status=ComplianceStatus.NOT_PERMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _severity_rank() -> Case:
    """0 with an error finding, 1 with a warning, 2 otherwise."""
    return Case(
        When(findings__icontains=severity_marker(rules.ERROR), then=Value(0)),
        When(findings__icontains=severity_marker(rules.WARNING), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def transfers_needing_action() -> QuerySet[Transfer]:
    """Not permitted first, then action required; errors before warnings."""
    return (
        Transfer.objects.filter(compliance_status__in=NEEDS_ACTION)
        .select_related("exporter_affiliate", "exporter_vendor", "importer_affiliate")
        .select_related("importer_vendor", "destination_country")
        .annotate(status_rank=_status_rank(), severity_rank=_severity_rank())
        .order_by("status_rank", "severity_rank", "reference")
    )


def vendors_needing_action() -> QuerySet[Vendor]:
    """Not permitted first, then action required; those with an error in a current flow first."""
    current_flows = Transfer.objects.filter(
        Q(importer_vendor=OuterRef("pk")) | Q(exporter_vendor=OuterRef("pk"))
    ).exclude(state=TransferState.ENDED)
    with_error = current_flows.filter(findings__icontains=severity_marker(rules.ERROR))
    return (
        Vendor.objects.filter(compliance_status__in=NEEDS_ACTION)
        .select_related("country")
        .annotate(
            status_rank=_status_rank(),
            severity_rank=Case(
                When(Exists(with_error), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("status_rank", "severity_rank", "legal_name")
    )


def status_counts(queryset: QuerySet) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, most severe first."""
    counts = dict(queryset.order_by().values_list("compliance_status").annotate(n=Count("pk")))
    return [
        (s, ComplianceStatus(s).label, counts.get(s, 0)) for s in reversed(ComplianceStatus.values)
    ]


def flagged_flows(vendors: Iterable[Vendor]) -> dict[int, list[Transfer]]:
    """The current flows needing action of each vendor, in one query."""
    ids = [v.pk for v in vendors]
    flows = (
        Transfer.objects.filter(compliance_status__in=NEEDS_ACTION)
        .filter(Q(importer_vendor__in=ids) | Q(exporter_vendor__in=ids))
        .exclude(state=TransferState.ENDED)
        .only("reference", "compliance_status", "findings", "importer_vendor", "exporter_vendor")
        .annotate(status_rank=_status_rank())
        .order_by("status_rank", "reference")
    )
    by_vendor: dict[int, list[Transfer]] = {pk: [] for pk in ids}
    for flow in flows:
        for vendor_id in {flow.importer_vendor_id, flow.exporter_vendor_id} & set(ids):
            by_vendor[vendor_id].append(flow)
    return by_vendor


def dashboard_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    can_change = model_admin.has_change_permission(request)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        summary = transfers_evaluate()
        model_admin.message_user(
            request,
            f"Re-evaluated the register on {summary.on_date}: {summary.evaluated} transfer(s), "
            f"{summary.changed} changed.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)
    form = WhatChangesForm(request.GET or None)
    changes = None
    if form.is_bound and form.is_valid():
        changes = [
            (change, status_badge(change.stored_status), status_badge(change.status))
            for change in what_changes_on(on_date=form.cleaned_data["on"])
        ]
    transfers = transfers_needing_action()
    vendors = list(vendors_needing_action()[:DASHBOARD_ROWS])
    flows = flagged_flows(vendors)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "What needs action",
        "opts": model_admin.model._meta,
        "can_change": can_change,
        "transfer_counts": status_counts(Transfer.objects.all()),
        "vendor_counts": status_counts(Vendor.objects.all()),
        "transfers": [
            (t, status_badge(t.compliance_status), findings_html(t.findings, ACTION_SEVERITIES))
            for t in transfers[:DASHBOARD_ROWS]
        ],
        "transfer_total": transfers.count(),
        "vendors": [(v, status_badge(v.compliance_status), flows[v.pk]) for v in vendors],
        "vendor_total": vendors_needing_action().count(),
        "rows": DASHBOARD_ROWS,
        "form": form,
        "changes": changes,
        "transfer_changelist": reverse("admin:transfers_transfer_changelist"),
        "vendor_changelist": reverse("admin:vendors_vendor_changelist"),
    }
    return TemplateResponse(request, "admin/transfers/dashboard.html", context)
