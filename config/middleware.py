"""Under /api/, every 4xx speaks the API's error body, whoever answered.

DRF's views already answer ``{"errors": [{"field", "code", "message"}]}``. What comes from
elsewhere did not: Django's 400 page (a disallowed host, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE), its 404 outside /api/v1/, the schema's YAML or the docs page's HTML
for a 405 or a CSRF failure. ApiErrorMiddleware

- refuses a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE by its Content-Length with a 413, before
  anything reads it, and
- turns any other 4xx under /api/ that is not JSON into the error body, keeping its status and
  headers (Allow, WWW-Authenticate, Retry-After...).

The public pages and the admin keep their HTML pages (the request form has its own 413 page)."""

from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .api.parsers import too_large_message

API_PATH_PREFIX = "/api/"

# (code, message) for the statuses Django or a non-JSON view may answer under /api/; the codes are
# DRF's for the same situations.
FALLBACKS = {
    400: ("bad_request", "The request could not be understood."),
    403: ("permission_denied", "You do not have permission to perform this action."),
    404: ("not_found", "No API endpoint at this address."),
    405: ("method_not_allowed", "This method is not allowed at this address."),
    406: ("not_acceptable", "The API answers only in JSON (application/json)."),
    413: ("too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send the body as JSON (Content-Type: application/json)."),
}
KEPT_OUT_HEADERS = {"content-type", "content-length", "content-disposition"}


def error_response(status: int, code: str, message: str) -> JsonResponse:
    body = {"errors": [{"field": None, "code": code, "message": message}]}
    return JsonResponse(body, status=status)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIX)


def body_too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads nothing of a body whose length it cannot read
    return limit is not None and length > limit


def is_json(response: HttpResponse) -> bool:
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return "The request failed."


def as_error_body(response: HttpResponse) -> JsonResponse:
    """The same answer in the API's shape: DRF's error body when the view made one (rendered
    by another renderer), else a message for the status."""
    data = getattr(response, "data", None)
    if isinstance(data, dict) and isinstance(data.get("errors"), list):
        # Only the errors: an HTML renderer adds its own keys (status_code) to the data.
        replacement = JsonResponse({"errors": data["errors"]}, status=response.status_code)
    else:
        status = response.status_code
        code, message = FALLBACKS.get(status, ("error", phrase(status)))
        replacement = error_response(status, code, message)
    for header, value in response.items():
        if header.lower() not in KEPT_OUT_HEADERS:
            replacement[header] = value
    replacement.cookies = response.cookies
    return replacement


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        if body_too_large(request):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return error_response(413, "too_large", too_large_message(limit))
        response = self.get_response(request)
        if 400 <= response.status_code < 500 and not is_json(response):
            return as_error_body(response)
        return response
