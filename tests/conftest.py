"""Shared fixtures: the legal team's logins and a small register built with factories."""

import pytest
from django.contrib.auth.models import Group

from transfers.services import LEGAL_EDITORS, LEGAL_VIEWERS

from .factories import UserFactory


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
