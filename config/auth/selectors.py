"""Reads about a staff user's second factor."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice

from .policy import must_use_two_factor

SSO_TRUSTED_SESSION_KEY = "staff_sign_in_sso_trusted"


def two_factor_required(user: AbstractBaseUser) -> bool:
    """Whether this signed-in user must have passed a second factor (ADMIN_REQUIRE_2FA on, and
    a superuser or a member of ADMIN_2FA_GROUPS)."""
    if not settings.ADMIN_REQUIRE_2FA or not user.is_authenticated or not user.is_active:
        return False
    return must_use_two_factor(
        is_superuser=user.is_superuser,
        group_names=user.groups.values_list("name", flat=True),
        required_groups=settings.ADMIN_2FA_GROUPS,
    )


def has_device(user: AbstractBaseUser) -> bool:
    """A confirmed device the user can still verify with: an authenticator app, or recovery
    codes with at least one left (an empty list of codes verifies nothing)."""
    return any(
        not isinstance(device, StaticDevice) or device.token_set.exists()
        for device in devices_for_user(user, confirmed=True)
    )
