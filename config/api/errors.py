"""One error body for every 4xx the API returns:

    {"errors": [{"field": "locations.1.country", "code": "invalid", "message": "..."}]}

``field`` is the dotted path of the input that was wrong, or null when the error is about the
request as a whole (authentication, permission, a rule across several fields)."""

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from config.api import API_V1_PREFIX


def error_items(detail: Any, field: str | None = None) -> Iterator[dict[str, str | None]]:
    """Flatten DRF's nested error detail into (field, code, message) items."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            yield from error_items(value, _join(field, key))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            nested = isinstance(value, Mapping | list)
            yield from error_items(value, _join(field, str(index)) if nested else field)
    else:
        yield {"field": field, "code": getattr(detail, "code", "invalid"), "message": str(detail)}


def _join(prefix: str | None, key: str) -> str | None:
    if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__", "detail"):
        return prefix
    return f"{prefix}.{key}" if prefix else key


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler (status, headers such as WWW-Authenticate and Retry-After), our body.

    A Django ValidationError raised by a service's full_clean() becomes a 400 like a
    serializer's, so the model's own rules answer API callers the way they answer the admin."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = exception_handler(exc, context)
    if response is not None:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
        response.data = error_body(detail)
    return response


def error_body(detail: Any) -> dict[str, list[dict[str, str | None]]]:
    return {"errors": list(error_items(detail))}


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the API's error body under /api/, Django's page everywhere else."""
    if request.path.startswith(f"/{API_V1_PREFIX}"):
        body = error_body(exceptions.NotFound("No API endpoint at this address.").detail)
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)
