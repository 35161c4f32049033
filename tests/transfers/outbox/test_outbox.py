"""The outbox against the real database: a row lives and dies with its caller's transaction, the
same waiting work is queued once, a failing task is tried again later and then given up, the
sweep re-sends what is due, old done rows are pruned, and the admin sends a failed row again."""

from datetime import timedelta

import pytest
from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from transfers.outbox.models import OutboxItem, OutboxState
from transfers.outbox.services import (
    dedup_key,
    outbox_deliver,
    outbox_enqueue,
    outbox_prune,
    outbox_sweep,
)

pytestmark = pytest.mark.django_db

RAN: list[list] = []  # arguments each run of the recording task received, in order
OK_TASK = "tests.outbox.record"
FAILING_TASK = "tests.outbox.refuse"


@shared_task(name=OK_TASK)
def record(*args) -> None:
    RAN.append(list(args))


@shared_task(name=FAILING_TASK)
def refuse(*args) -> None:
    raise RuntimeError("the mail server said no")


@pytest.fixture(autouse=True)
def nothing_ran_yet():
    RAN.clear()


def row(task_name: str = OK_TASK, args: list | None = None, **fields) -> OutboxItem:
    """A row as the outbox writes it, in whatever state the test needs."""
    args = [1] if args is None else args
    fields.setdefault("next_attempt_at", timezone.now())
    return OutboxItem.objects.create(
        task_name=task_name, args=args, dedup_key=dedup_key(task_name, args), **fields
    )


def test_a_row_written_in_a_transaction_that_rolls_back_is_gone_and_nothing_is_sent(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox_enqueue(task_name=OK_TASK, args=[7])
        assert OutboxItem.objects.count() == 1
        raise RuntimeError("the change failed")

    assert OutboxItem.objects.count() == 0
    assert callbacks == [] and RAN == []


def test_the_same_waiting_work_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox_enqueue(task_name=OK_TASK, args=[7])
        second = outbox_enqueue(task_name=OK_TASK, args=[7])
        other = outbox_enqueue(task_name=OK_TASK, args=[8])

    assert first is not None and second is None and other is not None
    assert OutboxItem.objects.count() == 2 and len(callbacks) == 2
    assert sorted(RAN) == [[7], [8]]
    assert set(OutboxItem.objects.values_list("state", flat=True)) == {OutboxState.DONE}


def test_done_work_can_be_queued_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(task_name=OK_TASK, args=[7])
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_enqueue(task_name=OK_TASK, args=[7]) is not None

    assert RAN == [[7], [7]] and OutboxItem.objects.count() == 2


def test_a_failing_task_leaves_the_row_pending_with_its_error_then_fails_it(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    item = row(FAILING_TASK)
    before = timezone.now()

    assert outbox_deliver(item_id=item.pk) == OutboxState.PENDING
    item.refresh_from_db()
    assert item.state == OutboxState.PENDING and item.attempts == 1
    assert item.last_error == "RuntimeError: the mail server said no"
    assert item.next_attempt_at >= before + timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS)

    assert outbox_deliver(item_id=item.pk) == OutboxState.PENDING
    assert outbox_deliver(item_id=item.pk) == OutboxState.FAILED
    item.refresh_from_db()
    assert item.state == OutboxState.FAILED and item.attempts == 3 and item.done_at is None
    assert outbox_deliver(item_id=item.pk) == OutboxState.FAILED  # given up: not run again
    item.refresh_from_db()
    assert item.attempts == 3


def test_the_sweep_sends_again_only_the_rows_that_are_due(django_capture_on_commit_callbacks):
    now = timezone.now()
    due_pending = row(args=[1], next_attempt_at=now - timedelta(minutes=5))
    due_sent = row(args=[2], state=OutboxState.SENT, next_attempt_at=now - timedelta(seconds=1))
    later = row(args=[3], next_attempt_at=now + timedelta(minutes=5))
    done = row(args=[4], state=OutboxState.DONE, next_attempt_at=now - timedelta(minutes=5))
    failed = row(args=[5], state=OutboxState.FAILED, next_attempt_at=now - timedelta(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep() == 2

    assert sorted(RAN) == [[1], [2]]
    states = dict(OutboxItem.objects.values_list("pk", "state"))
    assert states[due_pending.pk] == states[due_sent.pk] == OutboxState.DONE
    assert states[later.pk] == OutboxState.PENDING
    assert states[done.pk] == OutboxState.DONE and states[failed.pk] == OutboxState.FAILED


def test_prune_deletes_only_old_done_rows(settings):
    settings.OUTBOX_KEEP_DAYS = 14
    long_ago = timezone.now() - timedelta(days=15)
    old_done = row(args=[1], state=OutboxState.DONE, done_at=long_ago, created_at=long_ago)
    recent_done = row(args=[2], state=OutboxState.DONE, done_at=timezone.now())
    old_failed = row(args=[3], state=OutboxState.FAILED, created_at=long_ago)
    old_pending = row(args=[4], created_at=long_ago)

    assert outbox_prune() == 1

    remaining = set(OutboxItem.objects.values_list("pk", flat=True))
    assert old_done.pk not in remaining
    assert remaining == {recent_done.pk, old_failed.pk, old_pending.pk}


def test_send_again_in_the_admin_re_queues_a_failed_row(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    failed = row(args=[9], state=OutboxState.FAILED, attempts=20, last_error="RuntimeError: no")
    done = row(args=[10], state=OutboxState.DONE, done_at=timezone.now())
    changelist = reverse("admin:transfers_outboxitem_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist,
            {"action": "send_again", "_selected_action": [failed.pk, done.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert "1 outbox item(s) sent again." in response.content.decode()
    failed.refresh_from_db()
    assert failed.state == OutboxState.DONE and RAN == [[9]]
    done.refresh_from_db()
    assert done.state == OutboxState.DONE
