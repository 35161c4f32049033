from rest_framework.routers import SimpleRouter

from transfers.documents.api import views

router = SimpleRouter()
router.register("documents", views.DocumentViewSet)

urlpatterns = router.urls
