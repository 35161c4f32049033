"""API keys: the legal team creates them (the key is shown once), limits and revokes them."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from transfers.access.models import ApiKey
from transfers.access.services import api_key_create, api_key_revoke


class EndpointListField(forms.CharField):
    """One endpoint path per line in the form, a list in the model."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip().strip("/") for line in text.splitlines() if line.strip()]


class ApiKeyForm(forms.ModelForm):
    allowed_endpoints = EndpointListField(
        required=False,
        help_text=ApiKey._meta.get_field("allowed_endpoints").help_text,
    )

    class Meta:
        model = ApiKey
        fields = [
            "name",
            "access",
            "may_download_confidential",
            "allowed_endpoints",
            "throttle_rate",
        ]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = (
        "name",
        "prefix",
        "access",
        "may_download_confidential",
        "endpoints",
        "throttle_rate",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (
        "access",
        "may_download_confidential",
        ("revoked_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None):
        editable = list(ApiKeyForm.Meta.fields)
        return editable if obj is None else [*editable, *self.readonly_fields]

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        """Keys are revoked, never deleted, so the record of who had access stays."""
        return False

    @admin.display(description="Endpoints")
    def endpoints(self, obj: ApiKey) -> str:
        return ", ".join(obj.allowed_endpoints) or "all"

    def save_model(self, request: HttpRequest, obj: ApiKey, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        api_key, raw_key = api_key_create(
            name=obj.name,
            access=obj.access,
            allowed_endpoints=obj.allowed_endpoints,
            throttle_rate=obj.throttle_rate,
            may_download_confidential=obj.may_download_confidential,
            created_by=request.user,
        )
        # The admin logs the addition and redirects using ``obj``: point it at the saved row.
        obj.pk, obj.prefix, obj.created_at = api_key.pk, api_key.prefix, api_key.created_at
        obj._state.adding = False
        messages.warning(
            request,
            f"The key for “{api_key.name}” is {raw_key} — copy it now: it is stored only as a "
            "hash and will not be shown again.",
        )

    @admin.action(description="Revoke the selected API keys", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset) -> None:
        revoked = [
            key.name for key in queryset if api_key_revoke(api_key=key, revoked_by=request.user)
        ]
        if revoked:
            messages.success(request, f"Revoked: {', '.join(revoked)}.")
        else:
            messages.info(request, "The selected keys were already revoked.")
