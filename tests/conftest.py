"""Shared fixtures: the legal team's logins and a small register built with factories."""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from transfers.services import LEGAL_EDITORS, LEGAL_VIEWERS

from .factories import UserFactory


def server_skip_reasons() -> dict[str, str | None]:
    """Why each server-backed marker cannot run here (None: it runs for real)."""
    engine = settings.DATABASES["default"]["ENGINE"]
    return {
        "postgres": None
        if "postgresql" in engine
        else "needs PostgreSQL: set DATABASE_URL=postgres://... (.ci/run does when it answers)",
        "worker": None
        if os.environ.get("CELERY_BROKER_URL")
        else "needs a Celery broker: set CELERY_BROKER_URL (.ci/run does when Redis answers)",
        "browser": None
        if shutil.which("chromium") or os.path.exists("/usr/bin/chromium")
        else "needs Debian's chromium (apt-get install chromium)",
    }


def pytest_collection_modifyitems(config, items) -> None:
    reasons = server_skip_reasons()
    for item in items:
        for marker, reason in reasons.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def legal_editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=LEGAL_EDITORS))
    return user


@pytest.fixture
def legal_viewer(db):
    user = UserFactory(username="viewer", is_staff=True)
    user.groups.add(Group.objects.get(name=LEGAL_VIEWERS))
    return user


@pytest.fixture
def editor_client(client, legal_editor):
    client.force_login(legal_editor)
    return client


@pytest.fixture
def viewer_client(client, legal_viewer):
    client.force_login(legal_viewer)
    return client
