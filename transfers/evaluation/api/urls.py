from django.urls import path, re_path

from config.api.base import ID_PATTERN
from transfers.evaluation.api import views

urlpatterns = [
    re_path(
        rf"^vendors/(?P<pk>{ID_PATTERN})/status/$",
        views.VendorStatusView.as_view(),
        name="vendor-status",
    ),
    path("transfer-checks/", views.TransferCheckView.as_view(), name="transfer-check"),
]
