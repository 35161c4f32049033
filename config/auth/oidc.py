"""Single sign-on by OpenID Connect (mozilla-django-oidc), on only when OIDC_RP_CLIENT_ID is
set: the identity provider's groups claim decides who gets staff access, and as what."""

import logging

import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend, default_username_algo

from .policy import mapped_groups
from .services import sso_user_sync

LOGGER = logging.getLogger(__name__)
FAILURE_ATTRIBUTE = "staff_sign_in_sso_failure"
CLAIMED_EMAIL_ATTRIBUTE = "staff_sign_in_sso_email"


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", None))


def note_failure(request: HttpRequest | None, reason: str) -> None:
    """Keep the reason a single sign-on failed on the request, for the message the callback
    shows on the login page."""
    if request is not None:
        setattr(request, FAILURE_ATTRIBUTE, reason)


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Signs in a user the identity provider vouches for, if its groups claim names at least
    one group of OIDC_GROUP_MAP; the local account's legal groups follow the claim at every
    sign-in. Matches existing accounts by e-mail, as mozilla-django-oidc does."""

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            LOGGER.warning("Single sign-on: the identity provider did not answer: %s", exc)
            note_failure(
                request,
                "The identity provider did not answer. Try again later, or sign in with "
                "your username and password.",
            )
            return None

    def verify_claims(self, claims: dict) -> bool:
        setattr(self.request, CLAIMED_EMAIL_ATTRIBUTE, claims.get("email"))
        if not claims.get("email"):
            note_failure(self.request, "The identity provider did not send an e-mail address.")
            return False
        names = self.granted_groups(claims)
        if not names or not Group.objects.filter(name__in=names).exists():
            LOGGER.info(
                "Single sign-on refused for %s: groups claim %r maps to no group",
                claims.get("email"),
                claims.get(settings.OIDC_GROUPS_CLAIM),
            )
            note_failure(
                self.request,
                "Your account at the identity provider is not in a group that may use the "
                "register. Ask your administrator to add you to one.",
            )
            return False
        return True

    def granted_groups(self, claims: dict) -> set[str]:
        return mapped_groups(claims.get(settings.OIDC_GROUPS_CLAIM), settings.OIDC_GROUP_MAP)

    def get_username(self, claims: dict) -> str:
        """preferred_username, else the e-mail address, whichever is not taken locally."""
        for candidate in (claims.get("preferred_username"), claims.get("email")):
            if candidate and not self.UserModel.objects.filter(username=candidate).exists():
                return candidate[:150]
        return default_username_algo(claims.get("email"), claims)

    def create_user(self, claims: dict):
        user = self.UserModel(username=self.get_username(claims))
        return self.update_user(user, claims)

    def update_user(self, user, claims: dict):
        return sso_user_sync(
            user=user,
            email=claims["email"],
            group_names=self.granted_groups(claims),
            managed_group_names=set(settings.OIDC_GROUP_MAP.values()),
        )
