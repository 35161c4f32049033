"""The outbox in the admin: read-only, what is not done first, and a "send again" action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest

from transfers.outbox.models import OutboxItem
from transfers.outbox.services import outbox_send_again


@admin.register(OutboxItem)
class OutboxItemAdmin(admin.ModelAdmin):
    list_display = ("id", "task_name", "args", "state", "attempts", "next_attempt_at", "created_at")
    list_filter = ("state", "task_name")
    search_fields = ("task_name", "last_error")
    readonly_fields = [field.name for field in OutboxItem._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description="Send again", permissions=["view"])
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = outbox_send_again(items=queryset)
        self.message_user(request, f"{count} outbox item(s) sent again.", messages.SUCCESS)
