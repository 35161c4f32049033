"""Thin views for staff sign-in: the admin's login (password, then the second factor), the
second factor for a session that is signed in already, the lockout page and the single
sign-on hand-over."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView
from django_otp import login as otp_login
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from two_factor.views import LoginView, SetupView

from .forms import SecondFactorForm
from .oidc import CLAIMED_EMAIL_ATTRIBUTE, FAILURE_ATTRIBUTE, oidc_enabled
from .selectors import SSO_TRUSTED_SESSION_KEY, has_device
from .services import sso_failure_record


class StaffLoginView(LoginView):
    """django-two-factor-auth's login at /admin/login/: the password, then (for a user with a
    device) a code or a recovery code; the single sign-on button when it is configured."""

    template_name = "two_factor/core/login.html"

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["sso_enabled"] = oidc_enabled()
        context["next"] = self.get_redirect_url()
        return context


class StaffSetupView(SetupView):
    """django-two-factor-auth's set-up wizard, closed to a session that has not passed the
    device its user already has: otherwise such a session (single sign-on, a password alone)
    could add a device of its own and verify itself with it."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified() and has_device(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('staff-verify')}?{query}")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class VerifyView(LoginRequiredMixin, FormView):
    """Asks a signed-in user who has a device for a code, when the session has not passed one
    (single sign-on, or a session opened before the device existed)."""

    template_name = "staff_sign_in/verify.html"
    form_class = SecondFactorForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if request.user.is_verified():
                return redirect(self.get_success_url())
            if not has_device(request.user):
                return redirect("two_factor:setup")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: SecondFactorForm) -> HttpResponse:
        otp_login(self.request, form.device)
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return target if safe else resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.get_success_url()}


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): what happened, for how long, and
    who can lift it."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(
        request,
        "staff_sign_in/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class StaffOIDCAuthenticationRequestView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider; a 404 while single sign-on is off."""

    def __init__(self, *args, **kwargs) -> None:
        if oidc_enabled():
            super().__init__(*args, **kwargs)
        else:
            View.__init__(self, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404("Single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)


class StaffOIDCCallbackView(OIDCAuthenticationCallbackView):
    """Back from the identity provider: into the admin, or to the login page with the reason."""

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404("Single sign-on is not configured.")
        return super().dispatch(request, *args, **kwargs)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if settings.ADMIN_2FA_TRUST_OIDC:
            self.request.session[SSO_TRUSTED_SESSION_KEY] = True
        return response

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, FAILURE_ATTRIBUTE, None) or (
            "Single sign-on did not complete (cancelled, expired or refused by the identity "
            "provider). Try again, or sign in with your username and password."
        )
        sso_failure_record(
            request=self.request, username=getattr(self.request, CLAIMED_EMAIL_ATTRIBUTE, None)
        )
        messages.error(self.request, reason)
        return redirect("admin:login")
