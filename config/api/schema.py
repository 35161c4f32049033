"""The OpenAPI schema says what the API really answers: every operation documents its error
responses (one shape for all, see errors.py), and conditional reads their ETag and 304."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    "400": "The request is invalid: each error names the field (or null) and why.",
    "401": "No credential, or an unknown, malformed or revoked API key.",
    "403": "The credential may not do this (read-only key, endpoint limit, permissions).",
    "404": "No such object (or page of a list).",
    "413": "The body is larger than the limit (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    "415": "The body is not JSON.",
    "429": "Too many requests for this caller; retry after Retry-After seconds.",
}


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Dotted path of the input at fault, or null."
    )
    code = serializers.CharField(help_text="Stable machine-readable code.")
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    errors = ErrorItemSerializer(many=True)


def is_conditional_get(view, method: str) -> bool:
    """Reads answered with an ETag and, on If-None-Match, 304 (see base.conditional_response)."""
    return method == "GET" and (
        getattr(view, "action", None) == "retrieve" or getattr(view, "conditional_get", False)
    )


class RegisterAutoSchema(AutoSchema):
    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        if is_conditional_get(self.view, self.method):
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="The ETag of the version you have: 304 if it is still current.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        if is_conditional_get(self.view, self.method):
            self.add_etag(responses)
        for code in self.error_codes():
            responses.setdefault(code, self._get_response_for_code(ErrorBodySerializer, code))
            responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return responses

    @staticmethod
    def add_etag(responses: dict) -> None:
        etag = {"schema": {"type": "string"}, "description": "Version of this representation."}
        responses["200"].setdefault("headers", {})["ETag"] = etag
        responses["304"] = {
            "description": "Not modified: the version named in If-None-Match is current.",
            "headers": {"ETag": etag},
        }

    def error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "429"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["413", "415"]
        return codes
