"""Each state change of a data subject's request, and each e-mail it sends (locmem outbox)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app as celery_app
from tests.transfers.requests.helpers import (
    copy_renderer,  # noqa: F401
    last_email_to,
    links_in,
    submitted,
    token_from,
    verified,
)
from tests.transfers.requests.public.register import build_public_register
from transfers.documents.choices import DocumentEdition, DocumentState
from transfers.documents.models import DocumentDownload
from transfers.requests.choices import (
    RequestEmailKind,
    RequestEmailState,
    RequestEventKind,
    RequestState,
)
from transfers.requests.models import DataSubjectRequest, RequestEmail
from transfers.requests.services import (
    LinkExpired,
    LinkUsed,
    add_months,
    dsr_approve,
    dsr_assess,
    dsr_assess_pending,
    dsr_expire_unverified,
    dsr_extend,
    dsr_purge_expired,
    dsr_reject,
    dsr_submit,
    dsr_verify,
    request_emails_requeue,
)
from transfers.requests.tasks import EMAIL_MAX_RETRIES
from transfers.requests.wording import rejection_explanation

BASE = "https://privacy.example.org"
pytestmark = pytest.mark.usefixtures("copy_renderer")


@pytest.fixture(autouse=True)
def public_base_url(settings):
    settings.TRANSFERS_PUBLIC_BASE_URL = BASE


@pytest.fixture
def rows(db):
    return build_public_register()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def kinds(dsr: DataSubjectRequest) -> list[str]:
    return list(dsr.events.values_list("kind", flat=True))


# --- submitted --------------------------------------------------------------------------------


def test_a_submitted_request_is_recorded_and_the_requester_gets_a_verification_link(rows, capture):
    dsr, token = submitted(rows, capture)

    assert dsr.state == RequestState.SUBMITTED
    assert list(dsr.vendors.all()) == [rows.cloud]
    assert kinds(dsr) == ["submitted", "email_queued", "email_sent"]
    assert dsr.events.first().ip_address == "192.0.2.10"
    message = mail.outbox[-1]
    assert message.to == ["ada@example.org"]
    assert message.subject == "Confirm your request for a copy of the Standard Contractual Clauses"
    assert "Cloud Host Inc." in message.body
    assert links_in(message) == [f"{BASE}/request-a-copy/confirm/{token}/"]
    assert "works once" in message.body
    email = dsr.emails.get()
    assert (email.kind, email.state, email.attempts) == ("verification", "sent", 1)
    assert email.body == message.body, "the e-mail is stored as sent"
    assert token not in dsr.verification_nonce_hash, "only the nonce's hash is stored"


def test_a_request_for_all_recipients_needs_no_list(rows, capture):
    dsr, _ = submitted(rows, capture, vendors=[], all_recipients=True)

    assert dsr.all_recipients and not dsr.vendors.exists()
    assert "all the recipients on our list" in mail.outbox[-1].body


@pytest.mark.parametrize(
    "recipients",
    [
        {"vendors": []},
        {"vendors": ["hidden"]},
        {"vendors": ["offboarded"]},
        {"affiliates": ["secret"]},
    ],
)
def test_a_request_for_no_or_a_non_public_recipient_is_refused_and_nothing_is_kept(
    rows, capture, recipients
):
    chosen = {key: [getattr(rows, name) for name in names] for key, names in recipients.items()}
    with pytest.raises(ValidationError), capture(execute=True):
        dsr_submit(name="Eve", email="eve@example.org", **chosen)

    assert not DataSubjectRequest.objects.exists()
    assert mail.outbox == []


# --- verified ---------------------------------------------------------------------------------


def test_verifying_puts_the_request_in_the_queue_due_one_month_after_receipt(rows, capture):
    dsr, token = submitted(rows, capture)
    with capture(execute=True):
        dsr = dsr_verify(token=token, ip_address="192.0.2.11")

    received = timezone.localdate(dsr.received_at)
    assert dsr.state == RequestState.VERIFIED
    assert dsr.verified_at is not None
    assert dsr.due_on == add_months(received, 1)
    assert dsr.days_left() == (dsr.due_on - timezone.localdate()).days
    assert "verified" in kinds(dsr)
    message = last_email_to("ada@example.org")
    assert (
        message.subject == f"Your request for a copy of the SCCs is confirmed (reference {dsr.pk})"
    )
    assert f"{dsr.due_on:%-d %B %Y}" in message.body


def test_a_verification_link_works_once(rows, capture):
    dsr, token = submitted(rows, capture)
    with capture(execute=True):
        dsr_verify(token=token)

    with pytest.raises(LinkUsed):
        dsr_verify(token=token)
    assert kinds(dsr).count("verified") == 1


def test_an_expired_verification_link_is_refused(rows, capture, settings):
    dsr, token = submitted(rows, capture)
    settings.TRANSFERS_VERIFY_LINK_HOURS = -1  # every link is older than its lifetime

    with pytest.raises(LinkExpired):
        dsr_verify(token=token)
    dsr.refresh_from_db()
    assert dsr.state == RequestState.SUBMITTED


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 11, 30), 2, date(2026, 1, 30)),
    ],
)
def test_a_month_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(received, months, due):
    assert add_months(received, months) == due


# --- expired and purged -----------------------------------------------------------------------


def test_unverified_requests_expire_then_are_purged_with_their_trail(rows, capture):
    dsr, token = submitted(rows, capture)
    kept = verified(rows, capture, email="bob@example.org")
    later = timezone.now() + timedelta(hours=49)

    assert dsr_expire_unverified(now=later) == 1
    dsr.refresh_from_db()
    assert dsr.state == RequestState.EXPIRED and "expired" in kinds(dsr)
    with pytest.raises(LinkExpired):
        dsr_verify(token=token)

    assert dsr_purge_expired(now=later + timedelta(days=6)) == 0, "kept during the grace period"
    assert dsr_purge_expired(now=later + timedelta(days=8)) == 1
    assert not DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
    assert not RequestEmail.objects.filter(request_id=dsr.pk).exists()
    assert DataSubjectRequest.objects.filter(pk=kept.pk, state=RequestState.VERIFIED).exists()


# --- extended ---------------------------------------------------------------------------------


def test_the_team_extends_within_the_first_month_and_the_requester_learns_why(
    rows, capture, legal_editor
):
    dsr = verified(rows, capture)
    with capture(execute=True):
        dsr = dsr_extend(dsr=dsr, months=2, reason="Many requests this month.", user=legal_editor)

    assert dsr.extended_until == add_months(dsr.due_on, 2)
    assert dsr.deadline == dsr.extended_until
    event = dsr.events.get(kind=RequestEventKind.EXTENDED)
    assert event.actor == legal_editor and "Many requests this month." in event.detail
    message = last_email_to("ada@example.org")
    assert message.subject == f"We need more time for your request (reference {dsr.pk})"
    assert "Many requests this month." in message.body
    assert f"{dsr.extended_until:%-d %B %Y}" in message.body


@pytest.mark.parametrize(
    ("months", "days_after_receipt", "message"),
    [
        (3, 0, "one or two months"),
        (1, 40, "within the first month"),
    ],
)
def test_an_extension_beyond_the_law_is_refused(
    rows, capture, legal_editor, months, days_after_receipt, message
):
    dsr = verified(rows, capture)
    if days_after_receipt:
        DataSubjectRequest.objects.filter(pk=dsr.pk).update(
            due_on=timezone.localdate() - timedelta(days=days_after_receipt - 30)
        )
    sent = len(mail.outbox)

    with pytest.raises(ValidationError, match=message):
        dsr_extend(dsr=dsr, months=months, reason="Busy.", user=legal_editor)
    assert len(mail.outbox) == sent


def test_two_extensions_may_not_add_up_to_more_than_two_months(rows, capture, legal_editor):
    dsr = verified(rows, capture)
    with capture(execute=True):
        dsr_extend(dsr=dsr, months=1, reason="Complex.", user=legal_editor)
        dsr = dsr_extend(dsr=dsr, months=1, reason="Still complex.", user=legal_editor)

    assert dsr.extended_until == add_months(dsr.due_on, 2)
    with pytest.raises(ValidationError, match="two months at most"):
        dsr_extend(dsr=dsr, months=1, reason="Again.", user=legal_editor)


def test_an_extension_needs_a_reason(rows, capture, legal_editor):
    dsr = verified(rows, capture)

    with pytest.raises(ValidationError, match="reason"):
        dsr_extend(dsr=dsr, months=1, reason="  ", user=legal_editor)


# --- approved ---------------------------------------------------------------------------------


def test_approval_sends_a_link_to_the_data_subject_copies(rows, capture, legal_editor, client):
    dsr = verified(rows, capture, vendors=[rows.cloud], affiliates=[rows.asia])
    with capture(execute=True):
        dsr = dsr_approve(dsr=dsr, user=legal_editor)

    assert dsr.state == RequestState.APPROVED
    assert (dsr.decided_by, dsr.decided_at is not None) == (legal_editor, True)
    documents = list(dsr.documents.order_by("scc_agreement__reference"))
    assert {d.scc_agreement for d in documents} == {rows.cloud_scc, rows.asia_scc}
    assert all(d.edition == DocumentEdition.DATA_SUBJECT for d in documents)
    assert all(d.state == DocumentState.READY for d in documents)
    message = last_email_to("ada@example.org")
    assert (
        message.subject
        == f"Your copy of the Standard Contractual Clauses is ready (reference {dsr.pk})"
    )
    link = links_in(message)[0]
    assert link.startswith(f"{BASE}/copies/")
    assert "2 sets of clauses" in message.body

    page = client.get(reverse("public:copies", args=[token_from(link)]))
    assert page.status_code == 200
    assert "Cloud hosting SCCs" in page.content.decode()
    download_url = reverse("public:copy_download", args=[token_from(link), documents[0].pk])
    response = client.get(download_url, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Test")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = dsr.events.get(kind=RequestEventKind.DOWNLOADED)
    assert (event.ip_address, event.user_agent) == ("198.51.100.7", "Test")
    download = DocumentDownload.objects.get(document=documents[0])
    assert (download.channel, download.ip_address) == ("public", "198.51.100.7")


def test_an_unchanged_copy_is_reused_and_a_changed_register_makes_a_new_one(
    rows, capture, legal_editor
):
    first = verified(rows, capture, email="first@example.org")
    with capture(execute=True):
        first = dsr_approve(dsr=first, user=legal_editor)
    second = verified(rows, capture, email="second@example.org")
    with capture(execute=True):
        second = dsr_approve(dsr=second, user=legal_editor)
    assert list(second.documents.all()) == list(first.documents.all()), "reused, not rendered"

    rows.cloud_scc.title = "Cloud hosting SCCs, amended"
    rows.cloud_scc.save()
    third = verified(rows, capture, email="third@example.org")
    with capture(execute=True):
        third = dsr_approve(dsr=third, user=legal_editor)
    new_copy = third.documents.get()
    assert new_copy not in first.documents.all() and new_copy.version == 2


def test_nothing_to_copy_cannot_be_approved(rows, capture, legal_editor):
    rows.cloud_scc.status = "terminated"
    rows.cloud_scc.save()
    dsr = verified(rows, capture)
    sent = len(mail.outbox)

    with pytest.raises(ValidationError, match="Reject it as out of scope"):
        dsr_approve(dsr=dsr, user=legal_editor)
    dsr.refresh_from_db()
    assert dsr.state == RequestState.VERIFIED and len(mail.outbox) == sent


def test_a_decided_request_cannot_be_decided_again(rows, capture, legal_editor):
    dsr = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=dsr, user=legal_editor)

    with pytest.raises(ValidationError, match="approved"):
        dsr_reject(dsr=dsr, ground="out_of_scope", text="No.", user=legal_editor)


# --- rejected ---------------------------------------------------------------------------------


def test_rejection_sends_the_formal_explanation_of_the_ground_and_the_team_s_words(
    rows, capture, legal_editor
):
    dsr = verified(rows, capture)
    with capture(execute=True):
        dsr = dsr_reject(
            dsr=dsr,
            ground="identity_not_verified",
            text="The address does not match any customer account.",
            user=legal_editor,
        )

    assert (dsr.state, dsr.rejection_ground, dsr.decided_by) == (
        RequestState.REJECTED,
        "identity_not_verified",
        legal_editor,
    )
    message = last_email_to("ada@example.org")
    assert (
        message.subject == f"Our answer to your request for a copy of the SCCs (reference {dsr.pk})"
    )
    assert rejection_explanation("identity_not_verified") in message.body
    assert "does not match any customer account" in message.body
    assert "lodge a complaint with a data protection supervisory authority" in message.body


@pytest.mark.parametrize(("ground", "text"), [("because", "No."), ("out_of_scope", " ")])
def test_a_rejection_needs_a_known_ground_and_an_explanation(
    rows, capture, legal_editor, ground, text
):
    dsr = verified(rows, capture)

    with pytest.raises(ValidationError):
        dsr_reject(dsr=dsr, ground=ground, text=text, user=legal_editor)
    dsr.refresh_from_db()
    assert dsr.state == RequestState.VERIFIED


# --- repeats and auto-approval ----------------------------------------------------------------


def test_a_repeat_with_nothing_changed_is_flagged_with_the_earlier_answer(
    rows, capture, legal_editor
):
    earlier = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=earlier, user=legal_editor)

    again = verified(rows, capture, email="ADA@example.org")

    again.refresh_from_db()
    assert again.is_repeat and again.repeat_of == earlier
    flag = again.events.get(kind=RequestEventKind.REPEAT_FLAGGED)
    assert f"request #{earlier.pk}" in flag.detail
    assert again.state == RequestState.VERIFIED, "the team decides"


def test_a_new_request_after_a_change_in_the_register_is_not_a_repeat(rows, capture, legal_editor):
    earlier = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=earlier, user=legal_editor)
    rows.cloud_scc.clause_9_period = "60 days"
    rows.cloud_scc.title = "Cloud hosting SCCs (2)"
    rows.cloud_scc.save()

    again = verified(rows, capture)

    again.refresh_from_db()
    assert not again.is_repeat


def test_auto_approval_approves_at_once_when_every_copy_is_ready(
    rows, capture, legal_editor, settings
):
    earlier = verified(rows, capture, email="someone@example.org")
    with capture(execute=True):
        dsr_approve(dsr=earlier, user=legal_editor)  # the copy is now rendered and ready
    settings.TRANSFERS_AUTO_APPROVE_READY_COPIES = True

    dsr = verified(rows, capture)

    dsr.refresh_from_db()
    assert dsr.state == RequestState.APPROVED and dsr.decided_by is None
    assert "Approved automatically" in dsr.events.get(kind=RequestEventKind.APPROVED).detail
    assert last_email_to("ada@example.org").subject.startswith("Your copy")


def test_auto_approval_leaves_a_request_whose_copy_is_not_ready_to_the_team(
    rows, capture, settings
):
    settings.TRANSFERS_AUTO_APPROVE_READY_COPIES = True
    dsr, token = submitted(rows, capture)

    with capture(execute=False) as callbacks:
        dsr = dsr_verify(token=token)
    for callback in callbacks:  # the assessment runs while the first render is still queued
        callback()

    dsr.refresh_from_db()
    assert dsr.state == RequestState.VERIFIED


def test_assessing_a_decided_request_changes_nothing(rows, capture, legal_editor):
    dsr = verified(rows, capture)
    with capture(execute=True):
        dsr_reject(dsr=dsr, ground="no_right", text="No.", user=legal_editor)

    assert dsr_assess(dsr=dsr).state == RequestState.REJECTED


# --- e-mail delivery --------------------------------------------------------------------------


class BrokenBackend:
    """An SMTP server that is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.fixture
def celery_like_production():
    """Eager tasks that retry as a worker would, instead of raising at the first failure."""
    saved = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = saved


def test_a_failed_send_is_recorded_retried_and_sent_once_the_server_is_back(
    rows, capture, celery_like_production
):
    with override_settings(EMAIL_BACKEND=f"{__name__}.BrokenBackend"), capture(execute=True):
        dsr = dsr_submit(name="Ada", email="ada@example.org", vendors=[rows.cloud])
    email = RequestEmail.objects.get()
    assert email.state == RequestEmailState.FAILED
    assert email.attempts == EMAIL_MAX_RETRIES + 1, "Celery retried before giving up"
    assert "SMTP server down" in email.last_error
    assert "email_failed" in kinds(dsr)
    assert dsr.state == RequestState.SUBMITTED, "the request itself is kept"
    assert mail.outbox == []

    assert request_emails_requeue() == 0, "too early: retries may still be running"
    with capture(execute=True):
        assert request_emails_requeue(now=timezone.now() + timedelta(hours=2)) == 1

    email.refresh_from_db()
    assert email.state == RequestEmailState.SENT and email.sent_at is not None
    assert len(mail.outbox) == 1
    assert request_emails_requeue(now=timezone.now() + timedelta(hours=2)) == 0, "sent once"


@pytest.fixture
def broker_down():
    """Celery with a real broker URL where nothing listens (the discard port)."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_publish_retry)
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:9/0"
    conf.task_publish_retry = False
    yield
    conf.task_always_eager, conf.broker_url, conf.task_publish_retry = saved


def test_a_request_survives_a_broker_outage_and_its_mail_waits_for_the_sweep(
    rows, capture, broker_down
):
    with capture(execute=True):
        dsr = dsr_submit(name="Ada", email="ada@example.org", vendors=[rows.cloud])

    assert DataSubjectRequest.objects.filter(pk=dsr.pk).exists()
    assert dsr.emails.get().state == RequestEmailState.QUEUED


def test_an_email_whose_task_never_ran_is_sent_by_the_sweep(rows, capture):
    with capture(execute=False):
        dsr_submit(name="Ada", email="ada@example.org", vendors=[rows.cloud])
    email = RequestEmail.objects.get()
    assert email.state == RequestEmailState.QUEUED and mail.outbox == []

    request_emails_requeue(now=timezone.now() + timedelta(minutes=16))

    email.refresh_from_db()
    assert email.state == RequestEmailState.SENT
    assert mail.outbox[0].subject.startswith("Confirm your request")


def test_a_verified_request_whose_assessment_never_ran_is_assessed_by_the_sweep(
    rows, capture, legal_editor
):
    earlier = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=earlier, user=legal_editor)
    dsr, token = submitted(rows, capture)
    with capture(execute=False):  # the assessment task is never sent
        dsr_verify(token=token)

    assert dsr_assess_pending() == 0, "too early"
    with capture(execute=True):
        assert dsr_assess_pending(now=timezone.now() + timedelta(minutes=16)) == 1

    dsr.refresh_from_db()
    assert dsr.assessed_at is not None and dsr.is_repeat


def test_beat_runs_the_request_sweeps(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    sweeps = {
        "transfers.requests.tasks.sweep_requests",
        "transfers.requests.tasks.requeue_request_emails",
    }
    assert sweeps <= tasks
    assert sweeps <= set(celery_app.tasks)


@pytest.mark.parametrize("kind", RequestEmailKind.values)
def test_every_email_kind_has_its_templates(kind):
    from django.template.loader import get_template

    get_template(f"emails/requests/{kind}_subject.txt")
    get_template(f"emails/requests/{kind}_body.txt")
