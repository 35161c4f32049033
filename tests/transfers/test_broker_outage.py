"""With the broker down, a stored change still answers its caller normally: the row is the truth
and its work happens (queued for the sweep, or run here when no row records it).

These tests commit for real (transactional), so the after-commit callbacks run as in production,
against a broker address where nothing listens."""

import pytest
from django.urls import reverse

from config.celery_app import app as celery_app
from tests.api.conftest import key_client, key_owner, make_key  # noqa: F401 (fixtures)
from tests.factories import SccAgreementFactory
from tests.transfers.requests.public.register import build_public_register
from transfers.access.models import ApiKeyAccess
from transfers.documents.choices import DocumentState
from transfers.documents.models import Document
from transfers.requests.models import DataSubjectRequest, RequestEmail

UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def broker_down():
    """Celery sends for real (not eagerly) to a broker that refuses the connection."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_publish_retry)
    celery_app.close()
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = (
        False,
        UNREACHABLE_BROKER,
        False,
    )
    yield
    celery_app.close()
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
