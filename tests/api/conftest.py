"""API callers of every kind: anonymous, API keys (read, read-write, revoked, limited) and staff
sessions with and without the legal groups' permissions."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from transfers.access.groups import LEGAL_EDITORS, LEGAL_VIEWERS
from transfers.access.models import ApiKeyAccess
from transfers.access.services import api_key_create, api_key_revoke

from ..factories import UserFactory


@pytest.fixture
def key_owner(db):
    return UserFactory(username="key-owner", is_staff=True)


@pytest.fixture
def make_key(key_owner):
    """make_key(access=..., allowed_endpoints=..., throttle_rate=..., revoked=...,
    may_download_confidential=...) -> raw key."""
    counter = iter(range(1000))

    def make(
        access: str = ApiKeyAccess.READ,
        allowed_endpoints: list[str] | None = None,
        throttle_rate: str = "",
        revoked: bool = False,
        may_download_confidential: bool = False,
    ) -> str:
        api_key, raw_key = api_key_create(
            name=f"{access} key {next(counter)}",
            access=access,
            allowed_endpoints=allowed_endpoints,
            throttle_rate=throttle_rate,
            may_download_confidential=may_download_confidential,
            created_by=key_owner,
        )
        if revoked:
            api_key_revoke(api_key=api_key)
        return raw_key

    return make


def key_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw_key)
    return client


def staff_client(group: str | None, *, is_staff: bool = True) -> APIClient:
    user = UserFactory(is_staff=is_staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(user)
    return client


@pytest.fixture
def caller(make_key):
    """caller(kind) -> an APIClient acting as that kind of caller."""

    def build(kind: str) -> APIClient:
        match kind:
            case "anonymous":
                return APIClient()
            case "read_key":
                return key_client(make_key(ApiKeyAccess.READ))
            case "write_key":
                return key_client(make_key(ApiKeyAccess.READ_WRITE))
            case "revoked_key":
                return key_client(make_key(ApiKeyAccess.READ_WRITE, revoked=True))
            case "staff_viewer":
                return staff_client(LEGAL_VIEWERS)
            case "staff_editor":
                return staff_client(LEGAL_EDITORS)
            case "staff_without_permissions":
                return staff_client(None)
            case "non_staff_editor":
                return staff_client(LEGAL_EDITORS, is_staff=False)
        raise ValueError(kind)

    return build


@pytest.fixture
def read_client(caller) -> APIClient:
    return caller("read_key")


@pytest.fixture
def write_client(caller) -> APIClient:
    return caller("write_key")


def pytest_generate_tests(metafunc):
    """Give each StandardApiTests subclass's test_filter one run per filter case."""
    if "filter_case" in metafunc.fixturenames:
        cases = getattr(metafunc.cls, "filter_cases", [])
        metafunc.parametrize("filter_case", cases, ids=[case.id for case in cases])
