from rest_framework.routers import SimpleRouter

from .views import VendorViewSet

router = SimpleRouter()
router.register("vendors", VendorViewSet)

urlpatterns = router.urls
