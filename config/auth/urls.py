"""Staff sign-in URLs. Included before the admin, so /admin/login/ is the two-step login."""

from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urlpatterns

from . import views

login = views.StaffLoginView.as_view()
two_factor_patterns, two_factor_app = two_factor_urlpatterns
# django-two-factor-auth's pages (set-up, QR code, recovery codes, account security), with
# "login" pointing at the admin's login instead of a second login page of its own, "setup" at
# the wizard that a session owing its existing device's code cannot use.
two_factor_pages = [
    pattern for pattern in two_factor_patterns if pattern.name not in {"login", "setup"}
]
two_factor_pages += [
    path("admin/login/", login, name="login"),
    path("account/two_factor/setup/", views.StaffSetupView.as_view(), name="setup"),
]

urlpatterns = [
    path("admin/login/", login, name="staff-login"),
    path("account/two_factor/verify/", views.VerifyView.as_view(), name="staff-verify"),
    path("", include((two_factor_pages, two_factor_app))),
    path(
        "oidc/authenticate/",
        views.StaffOIDCAuthenticationRequestView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        views.StaffOIDCCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
]
