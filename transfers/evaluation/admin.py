"""The evaluation in the admin: status badges and findings coloured by severity, filters by
status, finding code and severity, the "Re-evaluate now" actions, the SCC agreement form's module
check, and the dashboard of what needs action (with "what changes on <date>").

The finding filters look for `"code": "<code>"` in the findings' JSON text, which reads the
same on SQLite and PostgreSQL (Django's case-insensitive `icontains` on a JSON field)."""

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from transfers import rules
from transfers.evaluation.selectors import (
    DASHBOARD_ROWS,
    finding_marker,
    flagged_flows,
    severity_marker,
    status_counts,
    transfers_needing_action,
    vendors_needing_action,
)
from transfers.evaluation.services import existed_on, transfers_evaluate, what_changes_on
from transfers.register.models import Transfer
from vendors.choices import ComplianceStatus
from vendors.models import Vendor

SEVERITY_ORDER = (rules.ERROR, rules.WARNING, rules.INFO)
ACTION_SEVERITIES = (rules.ERROR, rules.WARNING)
EVALUATION_CSS = {"all": ["transfers/admin/evaluation.css"]}


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


# ------------------------------------------------------------------------------ dashboard


class WhatChangesForm(forms.Form):
    on = forms.DateField(
        label="What changes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Evaluates the register on that date and lists what differs; writes nothing.",
    )


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
    changes, absent = None, 0
    if form.is_bound and form.is_valid():
        absent = Transfer.objects.exclude(existed_on(form.cleaned_data["on"])).count()
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
        "absent": absent,
        "transfer_changelist": reverse("admin:transfers_transfer_changelist"),
        "vendor_changelist": reverse("admin:vendors_vendor_changelist"),
    }
    return TemplateResponse(request, "admin/transfers/dashboard.html", context)
