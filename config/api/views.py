"""The API's own endpoint: a constant answer (health check and the benchmarks' floor)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class PingSerializer(serializers.Serializer):
    status = serializers.CharField()


class PingView(APIView):
    """Answers with a constant: a health check for any valid key, and the benchmark's floor."""

    open_to_every_key = True

    @extend_schema(responses=PingSerializer)
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})
