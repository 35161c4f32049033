from rest_framework.routers import SimpleRouter

from transfers.register.api import views

router = SimpleRouter()
router.register("transfers", views.TransferViewSet)
router.register("scc-agreements", views.SccAgreementViewSet)

urlpatterns = router.urls
