"""Keeps a signed-in user who must use a second factor out of every page but the sign-in ones
until the session has passed it."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .selectors import SSO_TRUSTED_SESSION_KEY, has_device, two_factor_required

# The pages a user who still owes a second factor may open: sign in and out, set up a device,
# verify a code, single sign-on.
OPEN_VIEWS = frozenset(
    {
        "staff-login",
        "staff-verify",
        "admin:logout",
        "two_factor:setup",
        "two_factor:qr",
        "oidc_authentication_init",
        "oidc_authentication_callback",
    }
)
API_PREFIX = "/api/"


class StaffTwoFactorMiddleware:
    """Sends a user who must use a second factor (see selectors.two_factor_required) to set one
    up, or to enter a code when the session has not passed one yet (a session opened by single
    sign-on, or before the device existed). API calls made with such a session get a 403.

    Placed after django_otp's OTPMiddleware, which says whether the session is verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in OPEN_VIEWS or not owes_second_factor(request):
            return None
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(
                {
                    "errors": [
                        {
                            "field": None,
                            "code": "two_factor_required",
                            "message": "This session has not passed two-factor "
                            "authentication; sign in to the admin first.",
                        }
                    ]
                },
                status=403,
            )
        if has_device(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('staff-verify')}?{query}")
        messages.warning(
            request,
            "Your account must use two-factor authentication: set up an authenticator app "
            "before you continue.",
        )
        return redirect("two_factor:setup")


def owes_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if request.session.get(SSO_TRUSTED_SESSION_KEY):
        return False
    return two_factor_required(user)
