from rest_framework.routers import SimpleRouter

from transfers.reference.api import views

router = SimpleRouter()
router.register("countries", views.CountryViewSet)
router.register("adequacy-decisions", views.AdequacyDecisionViewSet)
router.register("data-categories", views.DataCategoryViewSet)
router.register("data-subject-categories", views.DataSubjectCategoryViewSet)
router.register("legal-bases", views.LegalBasisViewSet)
router.register("purposes", views.PurposeViewSet)

urlpatterns = router.urls
