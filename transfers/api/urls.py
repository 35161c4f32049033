from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("transfers", views.TransferViewSet)
router.register("scc-agreements", views.SccAgreementViewSet)
router.register("countries", views.CountryViewSet)
router.register("adequacy-decisions", views.AdequacyDecisionViewSet)
router.register("data-categories", views.DataCategoryViewSet)
router.register("data-subject-categories", views.DataSubjectCategoryViewSet)
router.register("legal-bases", views.LegalBasisViewSet)
router.register("purposes", views.PurposeViewSet)

urlpatterns = [
    path("vendors/<int:pk>/status/", views.VendorStatusView.as_view(), name="vendor-status"),
    path("ping/", views.PingView.as_view(), name="ping"),
    *router.urls,
]
