from rest_framework.routers import SimpleRouter

from affiliates.api.views import AffiliateViewSet

router = SimpleRouter()
router.register("affiliates", AffiliateViewSet)

urlpatterns = router.urls
