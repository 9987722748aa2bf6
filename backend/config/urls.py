from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from jobs.api.auth import LoginView, LogoutView, MeView
from jobs.api.views import JobViewSet, health


class OptionalSlashRouter(SimpleRouter):
    """Every route answers with and without its trailing slash, without a redirect."""

    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"


router = OptionalSlashRouter()
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path("api/", include(router.urls)),
    re_path(r"^api/auth/login/?$", LoginView.as_view(), name="login"),
    re_path(r"^api/auth/logout/?$", LogoutView.as_view(), name="logout"),
    re_path(r"^api/auth/me/?$", MeView.as_view(), name="me"),
    re_path(r"^api/schema/?$", SpectacularJSONAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP (script-src 'self')
    # blocks the inline script of SpectacularSwaggerView, which left the page blank.
    re_path(r"^api/docs/?$", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    re_path(r"^health/?$", health, name="health"),
    path("admin/", admin.site.urls),
]


def _error(status: int, detail: str):  # type: ignore[no-untyped-def]
    def view(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
        return JsonResponse({"detail": detail}, status=status)

    return view


handler400 = _error(400, "Bad request.")
handler403 = _error(403, "Forbidden.")
handler404 = _error(404, "Not found.")
handler500 = _error(500, "Internal server error.")
