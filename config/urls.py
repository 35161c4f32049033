"""URL wiring: admin, API, public pages."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from config.api import API_V1_PREFIX

handler404 = "config.api.errors.not_found"

urlpatterns = [
    path("", include("config.auth.urls")),  # first: /admin/login/ is the two-step login
    path("admin/", admin.site.urls),
    path("", include("transfers.requests.public.urls")),
    path(API_V1_PREFIX, include("config.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Both UIs from the bundled sidecar assets, with no inline script (CSP script-src 'self').
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="redoc",
    ),
]
