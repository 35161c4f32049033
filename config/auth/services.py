"""Writes for staff sign-in: the local account a single sign-on opens."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import transaction


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
