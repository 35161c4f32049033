"""With the broker down, a stored change still answers its caller normally: the row is the truth
and its work happens (queued for the sweep, or run here when no row records it).

These tests commit for real (transactional), so the after-commit callbacks run as in production,
against a broker address where nothing listens."""

import base64
import json
import time

import pytest
import redis
from django.urls import reverse

from config.celery_app import app as celery_app
from tests.api.conftest import key_client, key_owner, make_key  # noqa: F401 (fixtures)
from tests.factories import SccAgreementFactory, TransferFactory
from tests.transfers.requests.public.register import build_public_register
from transfers.access.models import ApiKeyAccess
from transfers.documents.choices import DocumentState
from transfers.documents.models import Document
from transfers.evaluation.services import transfers_evaluate
from transfers.outbox.models import OutboxItem, OutboxState
from transfers.outbox.services import outbox_sweep
from transfers.requests.models import DataSubjectRequest, RequestEmail

UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def forget_broker_connections() -> None:
    """Drop the app's connections and its producer pool: ``close()`` alone keeps the producer
    pool, so a send would still reach the broker an earlier test in this process used. (Celery
    also prefers the ``CELERY_BROKER_URL`` environment variable to ``conf.broker_url``: the
    fixtures remove it.)"""
    celery_app.close()
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch):
    """Celery sends for real (not eagerly) to a broker that refuses the connection."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_publish_retry)
    forget_broker_connections()
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = (
        False,
        UNREACHABLE_BROKER,
        False,
    )
    yield
    forget_broker_connections()
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = saved


def test_asking_for_a_document_answers_202_and_leaves_it_queued(broker_down, make_key):  # noqa: F811
    agreement = SccAgreementFactory()
    client = key_client(make_key(ApiKeyAccess.READ))
    response = client.post(
        "/api/v1/documents/",
        {"kind": "scc", "edition": "data_subject", "scc_agreement": agreement.pk},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert Document.objects.get().state == DocumentState.QUEUED  # the sweep sends it later


def test_a_request_for_a_copy_is_accepted_and_its_email_waits_for_the_sweep(broker_down, client):
    rows = build_public_register()
    response = client.post(
        reverse("public:request_copy"),
        {
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "recipients": [f"vendor-{rows.cloud.pk}"],
            "website": "",
        },
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 302 and response["Location"] == reverse("public:request_sent")
    assert DataSubjectRequest.objects.count() == 1
    email = RequestEmail.objects.get()
    assert email.sent_at is None  # stored, not lost: request_emails_requeue sends it


# ----------------------------------------------------------- a broker of our own, stopped


@pytest.fixture
def own_broker(settings, monkeypatch):
    """A redis-server of this test's own as Celery's broker, sent to for real (not eagerly).

    The outbox's first delay is 0 here, so a row is due for the sweep at once: the test does not
    wait the minute beat would."""
    from tests.servers import RedisServer

    server = RedisServer()
    server.start()
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_publish_retry)
    forget_broker_connections()
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = False, server.url, False
    yield server
    forget_broker_connections()
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = saved
    server.stop()


def deliver_what_the_broker_holds(server) -> int:
    """Take every message of the default queue from the real broker and run it here, as a
    worker would (Celery's JSON message: the task name in the headers, base64 body
    ``[args, kwargs, embed]``); returns how many."""
    client = redis.Redis(port=server.port)
    count = 0
    while raw := client.lpop("celery"):
        message = json.loads(raw)
        args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
        celery_app.tasks[message["headers"]["task"]].apply(args=args, kwargs=kwargs, throw=True)
        count += 1
    return count


@pytest.mark.faults
def test_a_change_made_while_the_broker_is_down_is_re_evaluated_once_it_is_back(
    own_broker,
    make_key,  # noqa: F811
):
    flow = TransferFactory()
    transfers_evaluate()
    OutboxItem.objects.all().delete()  # what the set-up queued is not this test's concern
    client = key_client(make_key(ApiKeyAccess.READ_WRITE))
    own_broker.stop()

    started = time.monotonic()
    response = client.patch(
        f"/api/v1/transfers/{flow.pk}/", {"legal_tool": "none_needed"}, format="json"
    )
    answered_in = time.monotonic() - started

    assert response.status_code == 200, response.content
    rows = list(OutboxItem.objects.all())
    assert rows and all(row.state == OutboxState.PENDING for row in rows)
    assert "evaluate_transfers_task" in " ".join(row.task_name for row in rows)
    flow.refresh_from_db()
    assert "legal-tool-contradicted" not in [f["code"] for f in flow.findings]  # not yet

    own_broker.start()
    restarted = time.monotonic()
    assert outbox_sweep() == len(rows)  # the sends now reach the real broker
    assert set(OutboxItem.objects.values_list("state", flat=True)) == {OutboxState.SENT}
    assert deliver_what_the_broker_holds(own_broker) == len(rows)
    recovered_in = time.monotonic() - restarted

    lost = OutboxItem.objects.exclude(state=OutboxState.DONE).count()
    assert lost == 0
    flow.refresh_from_db()
    assert "legal-tool-contradicted" in [f["code"] for f in flow.findings]
    print(
        f"\nFAULT broker down: 1 request, answer {response.status_code} in {answered_in:.2f} s, "
        f"{len(rows)} outbox row(s) pending, {lost} lost, delivered {recovered_in:.2f} s after "
        "the broker restarted (sweep run at once)"
    )
