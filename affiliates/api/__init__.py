"""The API machinery every app shares (errors, paging, throttling, permissions, base viewsets)
and the affiliates' own endpoints. It lives in the lowest app so vendors and transfers can build on
it without breaking the dependency direction."""

API_V1_PREFIX = "api/v1/"
