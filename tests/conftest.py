"""Shared fixtures: the legal team's logins and a small register built with factories."""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

from transfers.access.groups import LEGAL_EDITORS, LEGAL_VIEWERS

from .factories import (
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    PurposeFactory,
    SccAgreementFactory,
    SubProcessorFactory,
    TransferFactory,
    UserFactory,
    VendorFactory,
    VendorLocationFactory,
    country,
)


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
        "faults": None
        if shutil.which("redis-server")
        else "needs redis-server on PATH to start and stop (apt-get install redis-server)",
    }


def pytest_collection_modifyitems(config, items) -> None:
    reasons = server_skip_reasons()
    for item in items:
        if item.get_closest_marker("worker"):
            # One xdist process runs every test with a real worker: they share the broker's queue.
            item.add_marker(pytest.mark.xdist_group("real-worker"))
        for marker, reason in reasons.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def redis_server(settings):
    """A redis-server of this test's own as the cache; stopped by its PID at the end."""
    from .servers import RedisServer

    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
        }
    }
    yield server
    server.stop()


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


@pytest.fixture
def tia_transfer(db):
    """A flow worth a TIA: a US cloud provider storing in the US, with an Indian sub-processor,
    under SCC Module Two, carrying health data."""
    flow = TransferFactory(name="Customer support tickets")
    flow.data_categories.add(DataCategoryFactory(name="Contact details"))
    flow.data_categories.add(DataCategoryFactory(name="Health data", special_category=True))
    flow.data_subject_categories.add(DataSubjectCategoryFactory(name="Customers"))
    flow.purposes.add(PurposeFactory(name="Customer support"))
    VendorLocationFactory(vendor=flow.importer_vendor, country=country("US"))
    support_desk = VendorFactory(legal_name="Support Desk Pvt Ltd", country=country("IN"))
    SubProcessorFactory(vendor=flow.importer_vendor, sub_processor=support_desk)
    agreement = SccAgreementFactory(
        exporter_affiliate=flow.exporter_affiliate, importer_vendor=flow.importer_vendor
    )
    agreement.transfers.add(flow)
    return flow


@pytest.fixture(scope="session", autouse=True)
def fresh_shared_cache() -> None:
    """Start each run with an empty cache: a shared Redis keeps the request form's rate-limit
    counts of an earlier run, which would otherwise answer this run's requests with 429."""
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_local_cache() -> None:
    """Each test starts with no throttle or rate-limit counts when the cache is this process's
    own memory; a shared Redis is cleared once per run (above), since another test process uses
    it at the same time."""
    if isinstance(caches["default"], LocMemCache):
        cache.clear()
