"""Test settings: the same as base, faster hashing, in-memory e-mail, media in a temp folder.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so `.ci/run` can point the
suite at PostgreSQL and a real broker."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="transfer-register-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="transfer-register-static-"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tests of the staff sign-in turn enforcement on themselves; the others sign in with force_login.
ADMIN_REQUIRE_2FA = False
