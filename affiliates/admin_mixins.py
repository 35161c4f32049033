"""Behaviour every register admin shares: the reason for a change goes into the history, audit
fields are read-only, and history is one click away. Lives in the lowest app so vendors and
transfers can use it without breaking the dependency direction."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

CHANGE_REASON_FIELD = "change_reason"


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=100,
        help_text="Recorded in the history with your name and the time.",
    )


class RegisterAdmin(SimpleHistoryAdmin):
    """Base admin for register models: history with who, when, what and why."""

    form = ChangeReasonForm
    audit_fields: tuple[str, ...] = ("created_at", "updated_at", "last_changed_by")
    list_per_page = 50

    def get_fieldsets(self, request: HttpRequest, obj: Any = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(
                ("Audit", {"fields": self.present_audit_fields(), "classes": ["collapse"]})
            )
        if self.has_change_permission(request, obj) or (
            obj is None and self.has_add_permission(request)
        ):
            fieldsets.append(("Why", {"fields": [CHANGE_REASON_FIELD]}))
        return fieldsets

    def get_fields(self, request: HttpRequest, obj: Any = None):
        fields = [
            f
            for f in super().get_fields(request, obj)
            if f != CHANGE_REASON_FIELD and f not in self.audit_fields
        ]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None):
        return (*super().get_readonly_fields(request, obj), *self.present_audit_fields())

    def present_audit_fields(self) -> list[str]:
        model_fields = {f.name for f in self.model._meta.get_fields()}
        return [f for f in self.audit_fields if f in model_fields or hasattr(self, f)]

    @admin.display(description="Last changed by")
    def last_changed_by(self, obj: Any) -> str:
        latest = obj.history.select_related("history_user").first() if obj.pk else None
        if latest is None:
            return "-"
        who = latest.history_user or "system"
        why = f" ({latest.history_change_reason})" if latest.history_change_reason else ""
        return f"{who}, {latest.history_date:%Y-%m-%d %H:%M}{why}"

    def save_model(self, request: HttpRequest, obj: Any, form: forms.Form, change: bool) -> None:
        reason = form.cleaned_data.get(CHANGE_REASON_FIELD) if hasattr(form, "cleaned_data") else ""
        obj._change_reason = reason or (
            "Changed in the admin" if change else "Created in the admin"
        )
        super().save_model(request, obj, form, change)
