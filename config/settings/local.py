"""The embedded default for `make run`: SQLite, eager Celery, console e-mail, DEBUG on."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# `make run`'s demo logins sign in with their password alone; set ADMIN_REQUIRE_2FA=1 to try 2FA.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)
