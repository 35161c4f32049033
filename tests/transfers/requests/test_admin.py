"""The legal team's queue in the admin: what it shows, its filters, and its actions."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.transfers.requests.helpers import (
    copy_renderer,  # noqa: F401
    submitted,
    verified,
)
from tests.transfers.requests.public.register import build_public_register
from transfers.requests.choices import RequestState
from transfers.requests.models import DataSubjectRequest
from transfers.requests.services import dsr_approve

pytestmark = pytest.mark.usefixtures("copy_renderer")
QUEUE = reverse("admin:transfers_datasubjectrequest_changelist")


@pytest.fixture
def rows(db):
    return build_public_register()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def act(client, capture, action, requests, **data):
    payload = {"action": action, "_selected_action": [r.pk for r in requests], **data}
    with capture(execute=True):
        return client.post(QUEUE, payload, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_queue_shows_state_due_date_days_left_and_emails(editor_client, rows, capture):
    dsr = verified(rows, capture)

    page = editor_client.get(QUEUE).content.decode()

    assert f"#{dsr.pk} Ada Lovelace" in page
    assert "Verified, awaiting decision" in page
    assert f"{dsr.due_on:%d %b %Y}" in page
    assert f"{dsr.days_left()} days left" in page
    assert ">2/2<" in page, "both e-mails sent"


def test_the_overdue_filter_lists_only_overdue_requests_awaiting_a_decision(
    editor_client, rows, capture
):
    late = verified(rows, capture, email="late@example.org")
    on_time = verified(rows, capture, email="ontime@example.org")
    DataSubjectRequest.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )

    page = editor_client.get(QUEUE, {"deadline": "overdue"}).content.decode()

    assert f"#{late.pk} " in page and f"#{on_time.pk} " not in page
    assert "3 days overdue" in page


def test_the_detail_shows_every_step_and_every_email_read_only(editor_client, rows, capture):
    dsr = verified(rows, capture)

    response = editor_client.get(
        reverse("admin:transfers_datasubjectrequest_change", args=[dsr.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    for text in ("E-mail verified", "Verification link", "Request received, due date"):
        assert text in page
    assert "Cloud Host Inc." in page
    assert 'name="_save"' not in page, "requests change only through actions"


def test_approve_from_the_queue(editor_client, legal_editor, rows, capture):
    dsr = verified(rows, capture)

    response = act(editor_client, capture, "approve", [dsr])

    dsr.refresh_from_db()
    assert dsr.state == RequestState.APPROVED and dsr.decided_by == legal_editor
    assert f"1 request(s) approved and the requester e-mailed: #{dsr.pk}" in messages_of(response)
    assert mail.outbox[-1].subject.startswith("Your copy")


def test_reject_asks_for_a_ground_and_an_explanation_then_rejects(
    editor_client, legal_editor, rows, capture
):
    dsr = verified(rows, capture)

    form = act(editor_client, capture, "reject", [dsr])
    assert "Ground (privacy policy, section 4)" in form.content.decode()
    dsr.refresh_from_db()
    assert dsr.state == RequestState.VERIFIED, "nothing happens before the form is sent"

    response = act(
        editor_client,
        capture,
        "reject",
        [dsr],
        apply="Reject",
        ground="out_of_scope",
        text="We hold no such agreement.",
    )

    dsr.refresh_from_db()
    assert (dsr.state, dsr.rejection_ground, dsr.decided_by) == (
        RequestState.REJECTED,
        "out_of_scope",
        legal_editor,
    )
    assert any("rejected" in m for m in messages_of(response))
    assert "We hold no such agreement." in mail.outbox[-1].body


def test_reject_without_an_explanation_shows_the_form_again(editor_client, rows, capture):
    dsr = verified(rows, capture)

    response = act(editor_client, capture, "reject", [dsr], apply="Reject", ground="no_right")

    assert "This field is required." in response.content.decode()
    dsr.refresh_from_db()
    assert dsr.state == RequestState.VERIFIED


def test_a_repeat_is_flagged_in_the_queue_with_the_earlier_answer(
    editor_client, legal_editor, rows, capture
):
    earlier = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=earlier, user=legal_editor)
    again = verified(rows, capture)

    detail = editor_client.get(
        reverse("admin:transfers_datasubjectrequest_change", args=[again.pk])
    ).content.decode()
    form = act(editor_client, capture, "reject", [again]).content.decode()

    assert f"Request #{earlier.pk}</a>: Approved, copy sent" in detail
    assert "Your copy of the Standard Contractual Clauses is ready" in detail
    repeated_choice = re.search(r'<input type="radio" name="ground" value="repeated"[^>]*>', form)
    assert repeated_choice and " checked" in repeated_choice.group(0), "preselected for a repeat"


def test_extend_with_months_and_reason(editor_client, rows, capture):
    dsr = verified(rows, capture)

    response = act(
        editor_client,
        capture,
        "extend",
        [dsr],
        apply="Extend",
        months="1",
        reason="We are waiting for the importer's answer.",
    )

    dsr.refresh_from_db()
    assert dsr.extended_until is not None
    assert any("extended" in m for m in messages_of(response))
    assert "waiting for the importer" in mail.outbox[-1].body


def test_an_action_that_the_law_forbids_is_reported_not_applied(
    editor_client, legal_editor, rows, capture
):
    decided = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=decided, user=legal_editor)
    pending, _ = submitted(rows, capture, email="new@example.org")

    response = act(editor_client, capture, "approve", [decided, pending])

    errors = messages_of(response)
    assert any(f"Request #{decided.pk} is approved" in m for m in errors)
    assert any(f"Request #{pending.pk} is submitted" in m for m in errors)


def test_a_viewer_sees_the_queue_but_cannot_act(viewer_client, rows, capture):
    dsr = verified(rows, capture)

    page = viewer_client.get(QUEUE).content.decode()
    response = viewer_client.post(QUEUE, {"action": "approve", "_selected_action": [dsr.pk]})

    assert f"#{dsr.pk} Ada Lovelace" in page
    assert 'value="approve"' not in page
    dsr.refresh_from_db()
    assert dsr.state == RequestState.VERIFIED and response.status_code in (200, 302, 403)


def test_nobody_adds_a_request_in_the_admin(editor_client, db):
    response = editor_client.get(reverse("admin:transfers_datasubjectrequest_add"))

    assert response.status_code == 403
