"""The legal team's queue of data subjects' requests for a copy of the SCCs.

Requests are never edited by hand: every field is read-only and every change goes through an
action that calls a service (approve, reject with a ground, extend with a reason), which records
the step and e-mails the requester."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from transfers.requests.choices import RejectionGround, RequestEmailState, RequestState
from transfers.requests.models import DataSubjectRequest, RequestEmail, RequestEvent
from transfers.requests.services import dsr_approve, dsr_extend, dsr_reject
from transfers.requests.wording import rejection_explanation


class DeadlineFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "deadline"

    def lookups(self, request: HttpRequest, model_admin: Any):
        return [("overdue", "Overdue"), ("week", "Due within 7 days")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        awaiting = queryset.filter(state=RequestState.VERIFIED)
        if self.value() == "overdue":
            return awaiting.filter(deadline_date__lt=today)
        if self.value() == "week":
            return awaiting.filter(
                deadline_date__gte=today, deadline_date__lte=today + timedelta(days=7)
            )
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ("at", "kind", "actor", "detail", "ip_address")
    readonly_fields = fields
    verbose_name_plural = "history (every step)"


class RequestEmailInline(ReadOnlyInline):
    model = RequestEmail
    fields = (
        "queued_at",
        "kind",
        "to",
        "subject",
        "message",
        "state",
        "attempts",
        "last_attempt_at",
        "sent_at",
        "last_error",
    )
    readonly_fields = fields
    verbose_name_plural = "e-mails to the requester"

    @admin.display(description="text")
    def message(self, obj: RequestEmail) -> str:
        return format_html(
            '<details><summary>Read</summary><pre style="white-space: pre-wrap">{}</pre></details>',
            obj.body,
        )


def documents_list(dsr: DataSubjectRequest) -> str:
    """Links to the admin page of each copy a request sent."""
    return format_html_join(
        "; ",
        '<a href="{}">{}</a>',
        (
            (reverse("admin:transfers_document_change", args=[d.pk]), str(d))
            for d in dsr.documents.select_related("scc_agreement")
        ),
    )


class RejectForm(forms.Form):
    ground = forms.ChoiceField(
        label="Ground (privacy policy, section 4)",
        choices=RejectionGround.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Explanation for the requester",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="Sent after the formal wording of the ground. Plain words; no internal notes.",
    )


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Extend by",
        choices=[(1, "One month"), (2, "Two months")],
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason, as the requester will read it",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "state",
        "received",
        "deadline_display",
        "decided_by_display",
        "emails_sent",
    )
    list_filter = (DeadlineFilter, "state", "is_repeat")
    search_fields = ("=id", "name", "email")
    actions = ["approve", "reject", "extend"]
    inlines = [RequestEventInline, RequestEmailInline]
    fieldsets = [
        ("Requester", {"fields": ["name", "email"]}),
        ("Copies asked for", {"fields": ["all_recipients", "recipients_display"]}),
        (
            "Deadline (Art. 12(3) GDPR)",
            {
                "fields": [
                    "received_at",
                    "verified_at",
                    "due_on",
                    "extended_until",
                    "extension_reason",
                    "days_left_display",
                ]
            },
        ),
        (
            "Decision",
            {
                "fields": [
                    "state",
                    "decided_by_display",
                    "decided_at",
                    "rejection_ground",
                    "rejection_text",
                ]
            },
        ),
        ("Copies sent", {"fields": ["documents_display"]}),
        ("Repeat", {"fields": ["is_repeat", "earlier_answer"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("decided_by", "repeat_of")
            .prefetch_related("emails")
            .annotate(deadline_date=Coalesce("extended_until", "due_on"))
        )

    def get_ordering(self, request: HttpRequest):
        """Soonest deadline first (the queue's order); requests without one after."""
        return [F("deadline_date").asc(nulls_last=True), "-received_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests come from the public form only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # never edited by hand: the actions below call the services

    def has_decide_permission(self, request: HttpRequest) -> bool:
        """Approve, reject, extend: for those who may change requests (the legal editors)."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        title = {"title": "Requests for a copy of the SCCs: the queue"}
        return super().changelist_view(request, {**(extra_context or {}), **title})

    @admin.display(description="request", ordering="id")
    def reference(self, obj: DataSubjectRequest) -> str:
        repeat = (
            format_html("<br><strong>Repeat</strong> of #{}", obj.repeat_of_id)
            if obj.is_repeat
            else ""
        )
        return format_html("#{} {}<br><small>{}</small>{}", obj.pk, obj.name, obj.email, repeat)

    @admin.display(description="received", ordering="received_at")
    def received(self, obj: DataSubjectRequest) -> str:
        return f"{timezone.localtime(obj.received_at):%d %b %Y}"

    @admin.display(description="due on (days left)", ordering="deadline_date")
    def deadline_display(self, obj: DataSubjectRequest) -> str:
        if obj.deadline is None:
            return "-"
        extended = ", extended" if obj.extended_until else ""
        return format_html(
            "{}{}<br>{}", f"{obj.deadline:%d %b %Y}", extended, self.days_left_display(obj)
        )

    @admin.display(description="days left", ordering="deadline_date")
    def days_left_display(self, obj: DataSubjectRequest) -> str:
        days = obj.days_left()
        if days is None:
            return ""
        if days < 0:
            return format_html(
                '<strong style="color: var(--error-fg)">{} days overdue</strong>', -days
            )
        return f"{days} days left"

    @admin.display(description="decided by")
    def decided_by_display(self, obj: DataSubjectRequest) -> str:
        if obj.decided_at is None:
            return "-"
        return str(obj.decided_by) if obj.decided_by else "automatic (copies ready)"

    @admin.display(description="e-mails")
    def emails_sent(self, obj: DataSubjectRequest) -> str:
        emails = list(obj.emails.all())
        sent = sum(1 for email in emails if email.state == RequestEmailState.SENT)
        return format_html('<span title="sent / written">{}/{}</span>', sent, len(emails))

    @admin.display(description="recipients")
    def recipients_display(self, obj: DataSubjectRequest) -> str:
        if obj.all_recipients:
            return "All recipients with SCCs"
        names = [a.legal_name for a in obj.affiliates.all()] + [
            v.legal_name for v in obj.vendors.all()
        ]
        return "; ".join(names) or "-"

    @admin.display(description="copies")
    def documents_display(self, obj: DataSubjectRequest) -> str:
        return documents_list(obj) or "-"

    @admin.display(description="earlier answer")
    def earlier_answer(self, obj: DataSubjectRequest) -> str:
        earlier = obj.repeat_of
        if earlier is None:
            return "-"
        url = reverse("admin:transfers_datasubjectrequest_change", args=[earlier.pk])
        emails = format_html_join(
            "",
            "<li>{}: {} ({})</li>",
            ((e.queued_at.date(), e.subject, e.get_state_display()) for e in earlier.emails.all()),
        )
        return format_html(
            '<a href="{}">Request #{}</a>: {} on {} by {}.<br>Copies: {}<br>E-mails:<ul>{}</ul>',
            url,
            earlier.pk,
            earlier.get_state_display(),
            earlier.decided_at.date() if earlier.decided_at else "-",
            earlier.decided_by or "automatic approval",
            documents_list(earlier) or "-",
            emails,
        )

    # --- actions: each calls a service and reports through messages -------------------------

    @admin.action(description="Approve: send the copies", permissions=["decide"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.apply_to_each(
            request, queryset, "approved", lambda dsr: dsr_approve(dsr=dsr, user=request.user)
        )

    @admin.action(description="Reject with a ground and an explanation", permissions=["decide"])
    def reject(self, request: HttpRequest, queryset: QuerySet):
        initial = {}
        if queryset.exists() and all(dsr.is_repeat for dsr in queryset):
            initial["ground"] = RejectionGround.REPEATED
        form = RejectForm(request.POST if "apply" in request.POST else None, initial=initial)
        if not form.is_valid():
            explanations = {g: rejection_explanation(g) for g in RejectionGround.values}
            return self.intermediate_page(
                request, queryset, "reject", form, "Reject requests", explanations=explanations
            )
        self.apply_to_each(
            request,
            queryset,
            "rejected",
            lambda dsr: dsr_reject(
                dsr=dsr,
                ground=form.cleaned_data["ground"],
                text=form.cleaned_data["text"],
                user=request.user,
            ),
        )
        return None

    @admin.action(
        description="Extend the deadline (within the first month)", permissions=["decide"]
    )
    def extend(self, request: HttpRequest, queryset: QuerySet):
        form = ExtendForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.intermediate_page(request, queryset, "extend", form, "Extend deadlines")
        self.apply_to_each(
            request,
            queryset,
            "extended",
            lambda dsr: dsr_extend(
                dsr=dsr,
                months=form.cleaned_data["months"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            ),
        )
        return None

    def apply_to_each(self, request: HttpRequest, queryset: QuerySet, done: str, service) -> None:
        """Run the service on each request; one failure is reported and does not stop the rest."""
        succeeded = []
        for dsr in queryset.order_by("pk"):
            try:
                service(dsr)
            except ValidationError as error:
                self.message_user(
                    request, f"Request #{dsr.pk}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                succeeded.append(f"#{dsr.pk}")
        if succeeded:
            self.message_user(
                request,
                f"{len(succeeded)} request(s) {done} and the requester e-mailed: "
                + ", ".join(succeeded),
                messages.SUCCESS,
            )

    def intermediate_page(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        action: str,
        form: forms.Form,
        title: str,
        **extra: Any,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "requests": queryset.order_by("pk"),
            "form": form,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(
            request, "admin/transfers/datasubjectrequest/action_form.html", context
        )
