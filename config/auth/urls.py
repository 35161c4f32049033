"""Staff sign-in URLs. Included before the admin, so /admin/login/ is the two-step login."""

from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urlpatterns

from . import views

urlpatterns = [
    path("admin/login/", views.StaffLoginView.as_view(), name="staff-login"),
    path("account/two_factor/verify/", views.VerifyView.as_view(), name="staff-verify"),
    path("", include(two_factor_urlpatterns)),
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
