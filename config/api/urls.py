"""The API's URLs: every app's and subject's endpoints under one prefix, plus the ping."""

from django.urls import include, path

from config.api import views

urlpatterns = [
    path("ping/", views.PingView.as_view(), name="ping"),
    path("", include("affiliates.api.urls")),
    path("", include("vendors.api.urls")),
    path("", include("transfers.evaluation.api.urls")),
    path("", include("transfers.register.api.urls")),
    path("", include("transfers.reference.api.urls")),
    path("", include("transfers.assessments.api.urls")),
    path("", include("transfers.documents.api.urls")),
]
