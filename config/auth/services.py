"""Writes for staff sign-in: the local account a single sign-on opens, refused sign-ons."""

from axes.models import AccessFailureLog
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest

from .attempts import client_ip


@transaction.atomic
def sso_user_sync(
    *,
    user: AbstractBaseUser,
    email: str,
    group_names: set[str],
    managed_group_names: set[str],
) -> AbstractBaseUser:
    """Make the local account say what the identity provider says: its e-mail, staff access
    and exactly the mapped groups it grants (groups the map does not manage are left alone).

    Superuser status is never granted or taken by single sign-on: it stays a local decision."""
    user.email = email
    user.is_staff = True
    if user.pk is None:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    granted = list(Group.objects.filter(name__in=group_names))
    user.groups.remove(*Group.objects.filter(name__in=managed_group_names - group_names))
    user.groups.add(*granted)
    return user


def sso_failure_record(*, request: HttpRequest, username: str | None) -> AccessFailureLog:
    """Record a refused single sign-on next to the failed password logins (admin: Axes →
    Access failures), since django-axes does not count the identity provider's returns."""
    return AccessFailureLog.objects.create(
        username=username,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "<unknown>")[:255],
        http_accept=request.META.get("HTTP_ACCEPT", "<unknown>")[:1025],
        path_info=request.path_info[:255],
        locked_out=False,
    )
