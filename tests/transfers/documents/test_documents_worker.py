"""End to end on the real parts: a request sends the render task through the broker, a real
Celery worker (a separate process) renders the SCC copy from PostgreSQL, and the row says ready.

Needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/2) and DATABASE_URL pointing at PostgreSQL;
skips with the reason otherwise (a fresh machine has only Python)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app
from tests.scc_samples import build_scc_agreement
from transfers.documents.choices import DocumentEdition, DocumentState
from transfers.documents.models import Document
from transfers.documents.services import document_request

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [pytest.mark.worker, pytest.mark.postgres]


def broker_answers(url: str) -> bool:
    try:
        with celery_app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure means "not there"
        return False
    return True


@pytest.fixture
def real_broker():
    if not BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: no real broker to send the task through")
    if not broker_answers(BROKER_URL):
        pytest.skip(f"the broker at {BROKER_URL} does not answer")
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not point at PostgreSQL: the worker needs a shared database")
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    celery_app.close()
    conf.task_always_eager, conf.broker_url = False, BROKER_URL
    yield BROKER_URL
    celery_app.close()
    conf.task_always_eager, conf.broker_url = saved


def worker_database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


@pytest.fixture
def worker(real_broker, django_db_serialized_rollback, transactional_db):
    """``celery -A config worker`` in its own process, on the test database and media folder."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": real_broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=warning"]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_real_worker_renders_a_requested_copy(worker):
    agreement = build_scc_agreement(module=4, transfers=1)

    document = document_request(kind="scc", source=agreement, edition=DocumentEdition.FULL)

    deadline = time.monotonic() + 180
    while document.state in (DocumentState.QUEUED, DocumentState.RENDERING):
        assert worker.poll() is None, "the worker process died"
        assert time.monotonic() < deadline, f"still {document.state} after 180 s"
        time.sleep(0.5)
        document = Document.objects.get(pk=document.pk)
    assert document.state == DocumentState.READY, document.failure_reason
    assert document.attempts == 1
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
