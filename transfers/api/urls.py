from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from affiliates.api.base import ID_PATTERN
from transfers.api import views

router = SimpleRouter()
router.register("transfers", views.TransferViewSet)
router.register("scc-agreements", views.SccAgreementViewSet)
router.register("countries", views.CountryViewSet)
router.register("adequacy-decisions", views.AdequacyDecisionViewSet)
router.register("data-categories", views.DataCategoryViewSet)
router.register("data-subject-categories", views.DataSubjectCategoryViewSet)
router.register("legal-bases", views.LegalBasisViewSet)
router.register("purposes", views.PurposeViewSet)
router.register("tias", views.TransferImpactAssessmentViewSet)
router.register("documents", views.DocumentViewSet)

urlpatterns = [
    re_path(
        rf"^vendors/(?P<pk>{ID_PATTERN})/status/$",
        views.VendorStatusView.as_view(),
        name="vendor-status",
    ),
    path("ping/", views.PingView.as_view(), name="ping"),
    path("transfer-checks/", views.TransferCheckView.as_view(), name="transfer-check"),
    *router.urls,
]
