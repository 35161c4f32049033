"""What every register endpoint shares, so an app's viewset only declares its queryset,
serializer and filterset (the NetBox habit).

- Lists are totally ordered (the model's ordering, then the primary key) and paged.
- Details and other single-resource reads carry an ETag (a hash of the representation) and
  answer ``If-None-Match`` with 304, so a client polling a vendor's status costs no body.
- Writes go through the serializer to a service that runs the model's full validation in a
  transaction, recording who made the change and with which key."""

import hashlib

from django.db.models import QuerySet
from django.http import HttpResponse
from rest_framework import mixins, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.credentials import api_credential
from config.api.pagination import RegisterPageNumberPagination

ETAG_CACHE_CONTROL = "private, no-cache"
ID_PATTERN = r"[0-9]{1,18}"


def etag_for(body: bytes) -> str:
    """A strong ETag: the same representation gives the same tag in every process."""
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def etag_matches(request: Request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return "*" in candidates or etag in candidates


def conditional_response(request: Request, data) -> HttpResponse:
    """200 with the data and its ETag, or 304 when the client already has this version.

    The JSON is rendered once, here, both to hash it and to send it (the API speaks only
    JSON, so there is nothing left to negotiate)."""
    body = JSONRenderer().render(data)
    etag = etag_for(body)
    if etag_matches(request, etag):
        response = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = HttpResponse(body, content_type=JSONRenderer.media_type)
    response["ETag"] = etag
    response["Cache-Control"] = ETAG_CACHE_CONTROL
    return response


def change_context(request: Request) -> dict:
    """Who is changing the register through the API, and the reason recorded in its history.

    A key's changes are recorded under the staff member who created the key, with the key's
    name in the reason, so the history says both who is accountable and which system acted."""
    credential = api_credential(request)
    if credential is not None:
        return {
            "actor": credential.created_by,
            "reason": f"Via the API with the key “{credential.name}” ({credential.prefix}…)",
        }
    return {"actor": request.user, "reason": "Via the API"}


class RegisterViewSet(viewsets.ReadOnlyModelViewSet):
    # List and detail; subclasses declare queryset, serializer_class and filterset_class, and a
    # docstring: it describes their operations in the OpenAPI schema.

    pagination_class = RegisterPageNumberPagination
    # Up to 18 digits always fits a 64-bit id; anything else is no address of ours (404).
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        return queryset.order_by(*ordering, "pk")

    def retrieve(self, request: Request, *args, **kwargs) -> HttpResponse:
        return conditional_response(request, self.get_serializer(self.get_object()).data)


class RegisterWriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, RegisterViewSet):
    # Also create and update (no delete: the register keeps its rows; offboard or end them).
    # The serializer's create()/update() call the app's service with the change context.

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save(**change_context(request))
        return Response(self.representation_of(instance), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save(**change_context(request))
        return Response(self.representation_of(instance))

    def representation_of(self, instance) -> dict:
        """Read the saved row back through the list queryset, so a write answers with exactly
        what a later GET returns (annotations and prefetched relations included)."""
        return self.get_serializer(self.get_queryset().get(pk=instance.pk)).data
