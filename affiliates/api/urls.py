from rest_framework.routers import SimpleRouter

from .views import AffiliateViewSet

router = SimpleRouter()
router.register("affiliates", AffiliateViewSet)

urlpatterns = router.urls
