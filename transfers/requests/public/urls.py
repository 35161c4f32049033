"""Public URLs (no login), mounted at the site root by config/urls.py."""

from django.urls import path

from transfers.requests.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("request-a-copy/", views.CopyRequestView.as_view(), name="request_copy"),
    path("request-a-copy/sent/", views.request_sent, name="request_sent"),
    path("request-a-copy/confirm/<str:token>/", views.VerifyView.as_view(), name="verify"),
    path("copies/<str:token>/", views.copies, name="copies"),
    path("copies/<str:token>/<int:document_id>/", views.copy_download, name="copy_download"),
]
