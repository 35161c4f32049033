"""API keys as a DRF authentication: ``Authorization: Api-Key <key>`` or ``X-API-Key: <key>``.

Listed first in DEFAULT_AUTHENTICATION_CLASSES so an anonymous caller gets 401 with a
WWW-Authenticate challenge (DRF answers 403 when the first authenticator has no challenge)."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from transfers.access.models import ApiKey
from transfers.access.services import InvalidApiKey, api_key_for, api_key_mark_used

KEYWORD = "Api-Key"
HEADER = "X-API-Key"


class ApiKeyUser(AnonymousUser):
    """The ``request.user`` of a key: authenticated, no staff rights, no model permissions
    (keys are governed by their access and endpoint limits, see RegisterPermission)."""

    def __init__(self, api_key: ApiKey) -> None:
        self.api_key = api_key
        self.username = f"api-key:{api_key.name}"

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_authenticated(self) -> bool:
        return True

    def __str__(self) -> str:
        return self.username


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request) -> tuple[ApiKeyUser, ApiKey] | None:
        raw_key = self.presented_key(request)
        if raw_key is None:
            return None
        try:
            api_key = api_key_for(raw_key)
        except InvalidApiKey as error:
            raise AuthenticationFailed(str(error)) from error
        api_key_mark_used(api_key=api_key)
        return ApiKeyUser(api_key), api_key

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'

    @staticmethod
    def presented_key(request) -> str | None:
        if key := request.headers.get(HEADER, "").strip():
            return key
        scheme, _, credentials = get_authorization_header(request).decode("latin-1").partition(" ")
        if scheme.lower() != KEYWORD.lower():
            return None
        if not credentials.strip():
            raise AuthenticationFailed("The Api-Key header carries no key.")
        return credentials.strip()


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": HEADER,
            "description": "A key created by the legal team in the admin (API keys). "
            f"`Authorization: {KEYWORD} <key>` works too.",
        }
