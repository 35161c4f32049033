"""Create the local logins `make run` prints: a superuser and one user per legal group.

The password is random, kept in `.admin-password` (git-ignored) so it survives restarts, and
printed every time. Meant for the embedded default only: production creates its users itself."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from transfers.access.groups import LEGAL_EDITORS, LEGAL_VIEWERS

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"
LOGINS = (("admin", None), ("editor", LEGAL_EDITORS), ("viewer", LEGAL_VIEWERS))


class Command(BaseCommand):
    help = "Create (or reset) the local admin, editor and viewer logins and print them."

    def handle(self, *args, **options) -> None:
        password = self.stored_password()
        user_model = get_user_model()
        for username, group_name in LOGINS:
            user, _ = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.invalid"}
            )
            user.is_staff = True
            user.is_superuser = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
        self.stdout.write(
            self.style.SUCCESS(
                f"Logins (password for all three: {password}): admin (superuser), "
                f"editor ({LEGAL_EDITORS}), viewer ({LEGAL_VIEWERS})"
            )
        )

    def stored_password(self) -> str:
        if PASSWORD_FILE.exists():
            return PASSWORD_FILE.read_text().strip()
        password = secrets.token_urlsafe(12)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        return password
