"""Who may call what.

- An API key: a read key may only read (and ask questions that change nothing, such as a
  transfer check); a read-write key may also write; a key limited to some endpoints may call
  only those.
- A staff login (session): the Django model permissions of the legal groups, view included.
- Anyone else: 401 when no credential was given, 403 otherwise."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from config.api import API_V1_PREFIX
from config.api.credentials import ApiCredential, api_credential

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def api_path(request) -> str:
    """The request's path below /api/v1/, e.g. "vendors/12/status/"."""
    return request.path.split(f"/{API_V1_PREFIX}", 1)[-1]


class RegisterPermission(BasePermission):
    """The one permission class every API view uses (see the module docstring).

    Views say what they need through two attributes:
    - ``asks_only``: POST asks a question or requests a copy, it writes nothing in the register;
      read keys may use it and staff need only the view permission;
    - ``open_to_every_key``: any valid key may call it whatever its endpoint limits (health
      check)."""

    def has_permission(self, request, view) -> bool:
        credential = api_credential(request)
        if credential is not None:
            return self.key_may(credential, request, view)
        user = request.user
        if not (user and user.is_authenticated and user.is_staff and user.is_active):
            self.message = "Log in as staff or send an API key."
            return False
        return user.has_perms(self.required_permissions(request, view))

    def key_may(self, credential: ApiCredential, request, view) -> bool:
        if not getattr(view, "open_to_every_key", False) and not credential.allows_path(
            api_path(request)
        ):
            self.message = "This API key may not call this endpoint."
            return False
        if request.method in SAFE_METHODS or asks_only(request, view) or credential.can_write:
            return True
        self.message = "This API key is read-only."
        return False

    @staticmethod
    def required_permissions(request, view) -> list[str]:
        model = getattr(view, "permission_model", None)
        if model is None:
            queryset = getattr(view, "queryset", None)
            model = queryset.model if queryset is not None else None
        if model is None:
            return []
        action = "view" if asks_only(request, view) else ACTION_BY_METHOD.get(request.method)
        if action is None:
            return ["__no_such_permission__"]
        return [f"{model._meta.app_label}.{action}_{model._meta.model_name}"]


def asks_only(request, view) -> bool:
    return request.method == "POST" and getattr(view, "asks_only", False)
