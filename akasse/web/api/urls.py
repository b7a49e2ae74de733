from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from akasse.web.api.api import VERSION, api
from akasse.web.api.errors import NOT_FOUND_PATH


def unknown(request: HttpRequest, rest: str = "") -> JsonResponse:
    """A path under the API that is none of its operations: JSON, as every answer of the API."""
    return JsonResponse({"detail": NOT_FOUND_PATH, "errors": []}, status=404)


urlpatterns = [
    path(f"api/v{VERSION}/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown),
]
