from rest_framework.routers import SimpleRouter

from transfers.assessments.api import views

router = SimpleRouter()
router.register("tias", views.TransferImpactAssessmentViewSet)

urlpatterns = router.urls
