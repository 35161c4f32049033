"""The request form and the links against abuse: CSRF, rate limits (429 with a readable page),
the honeypot, length limits, choices that leak nothing, and expired, reused or forged links."""

import copy
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.transfers.requests.helpers import (
    copy_renderer,  # noqa: F401
    links_in,
    submitted,
    token_from,
    verified,
)
from tests.transfers.requests.public.register import build_public_register
from transfers.requests.choices import RequestState
from transfers.requests.models import DataSubjectRequest
from transfers.requests.services import dsr_approve

pytestmark = pytest.mark.usefixtures("copy_renderer")
FORM = reverse("public:request_copy")


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Counters of this test only: a key prefix of its own, so tests running at the same time
    against one shared cache (Redis) never see each other's hits, and nothing is flushed."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def rows(db):
    return build_public_register()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def form_data(rows, **overrides) -> dict:
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "recipients": [f"vendor-{rows.cloud.pk}"],
        "website": "",
        **overrides,
    }


def post(client, data, ip="203.0.113.5", capture=None):
    if capture is None:
        return client.post(FORM, data, REMOTE_ADDR=ip)
    with capture(execute=True):
        return client.post(FORM, data, REMOTE_ADDR=ip)


def test_a_valid_request_is_recorded_and_answers_check_your_email(client, rows, capture):
    response = post(client, form_data(rows), capture=capture)

    assert response.status_code == 302 and response["Location"] == reverse("public:request_sent")
    dsr = DataSubjectRequest.objects.get()
    assert list(dsr.vendors.all()) == [rows.cloud]
    assert dsr.events.get(kind="submitted").ip_address == "203.0.113.5"
    assert len(mail.outbox) == 1
    sent_page = client.get(response["Location"]).content.decode()
    assert "Check your e-mail" in sent_page and "48 hours" in sent_page


def test_a_post_without_the_csrf_token_is_refused_with_a_readable_page(rows):
    client = Client(enforce_csrf_checks=True)

    response = client.post(FORM, form_data(rows))

    assert response.status_code == 403
    assert "Please send the form again" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_the_form_carries_a_csrf_token(client, rows):
    assert 'name="csrfmiddlewaretoken"' in client.get(FORM).content.decode()


def test_too_many_requests_from_one_address_get_429_with_a_readable_page(
    client, rows, capture, settings
):
    settings.TRANSFERS_REQUEST_RATE_PER_IP = "3/h"
    for number in range(3):
        assert (
            post(
                client, form_data(rows, email=f"p{number}@example.org"), capture=capture
            ).status_code
            == 302
        )

    response = post(client, form_data(rows, email="p9@example.org"), capture=capture)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "<h1>Too many requests</h1>" in page and "in an hour" in page
    assert DataSubjectRequest.objects.count() == 3
    assert (
        post(client, form_data(rows, email="p9@example.org"), ip="203.0.113.99").status_code == 302
    )


def test_too_many_requests_for_one_email_get_429_whatever_the_address(
    client, rows, capture, settings
):
    settings.TRANSFERS_REQUEST_RATE_PER_EMAIL = "2/d"
    for number in range(2):
        assert (
            post(client, form_data(rows), ip=f"198.51.100.{number}", capture=capture).status_code
            == 302
        )

    response = post(client, form_data(rows, email="ADA@example.org"), ip="198.51.100.50")

    assert response.status_code == 429 and "tomorrow" in response.content.decode()
    assert DataSubjectRequest.objects.count() == 2


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(client, rows, capture, settings):
    settings.TRANSFERS_REQUEST_RATE_PER_IP = "1/h"
    post(client, form_data(rows), capture=capture)

    response = client.post(
        FORM,
        form_data(rows, email="x@example.org"),
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_FORWARDED_FOR="192.0.2.77",
    )

    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_client_address_comes_from_the_proxy_header(
    client, rows, capture, settings
):
    settings.TRANSFERS_TRUSTED_PROXY_COUNT = 1
    with capture(execute=True):
        client.post(
            FORM,
            form_data(rows),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.200, 192.0.2.77",
        )

    assert DataSubjectRequest.objects.get().events.get(kind="submitted").ip_address == "192.0.2.77"


def test_the_honeypot_rejects_silently(client, rows, capture):
    response = post(client, form_data(rows, website="http://spam.example"), capture=capture)

    assert response.status_code == 302 and response["Location"] == reverse("public:request_sent")
    assert not DataSubjectRequest.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_people_and_keyboards(client, rows):
    page = client.get(FORM).content.decode()

    assert '<div class="hp" aria-hidden="true">' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "A" * 201), ("email", "a" * 250 + "@example.org")],
)
def test_oversized_fields_are_refused_with_a_message(client, rows, field, value):
    response = post(client, form_data(rows, **{field: value}))

    assert response.status_code == 400
    assert "Ensure this value has at most" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_an_oversized_body_is_refused_with_a_readable_page(client, rows):
    response = post(client, form_data(rows, name="A" * 20_000))

    assert response.status_code == 413
    assert "Your request is too large" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


@pytest.mark.parametrize("recipient", ["hidden", "offboarded", "secret", "missing", "garbage"])
def test_a_non_public_or_unknown_recipient_gets_the_same_answer(client, rows, recipient):
    values = {
        "hidden": f"vendor-{rows.hidden.pk}",
        "offboarded": f"vendor-{rows.offboarded.pk}",
        "secret": f"affiliate-{rows.secret.pk}",
        "missing": "vendor-999999",
        "garbage": "<script>",
    }

    response = post(client, form_data(rows, recipients=[values[recipient]]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose recipients from the list." in page
    assert rows.hidden.legal_name not in page and rows.secret.legal_name not in page
    assert "<script>" not in page
    assert not DataSubjectRequest.objects.exists()


def test_a_request_without_recipients_is_refused_with_a_message(client, rows):
    response = post(client, form_data(rows, recipients=[]))

    assert response.status_code == 400
    assert "Choose at least one recipient, or all of them." in response.content.decode()


def test_an_invalid_email_is_refused_with_a_message(client, rows):
    response = post(client, form_data(rows, email="not-an-address"))

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


# --- links ------------------------------------------------------------------------------------


def test_opening_the_verification_link_asks_for_a_click_and_confirms_only_on_post(
    client, rows, capture
):
    dsr, token = submitted(rows, capture)
    url = reverse("public:verify", args=[token])

    page = client.get(url)
    dsr.refresh_from_db()
    assert page.status_code == 200 and "Confirm my request" in page.content.decode()
    assert dsr.state == RequestState.SUBMITTED, "a mail scanner opening the link confirms nothing"

    with capture(execute=True):
        done = client.post(url)
    dsr.refresh_from_db()
    assert done.status_code == 200 and dsr.state == RequestState.VERIFIED
    assert f"{dsr.due_on:%-d %B %Y}" in done.content.decode()
    assert "no-store" in done["Cache-Control"] or "max-age=0" in done["Cache-Control"]


def test_a_reused_verification_link_gets_a_clear_page(client, rows, capture):
    _, token = submitted(rows, capture)
    url = reverse("public:verify", args=[token])
    with capture(execute=True):
        client.post(url)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 410
        assert "This link has already been used" in response.content.decode()


def test_an_expired_verification_link_gets_a_clear_page(client, rows, capture, settings):
    _, token = submitted(rows, capture)
    settings.TRANSFERS_VERIFY_LINK_HOURS = -1

    response = client.post(reverse("public:verify", args=[token]))

    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page and reverse("public:request_copy") in page


@pytest.mark.parametrize("url_name", ["public:verify", "public:copies"])
def test_a_forged_or_truncated_link_gets_a_clear_page(client, rows, capture, url_name):
    _, token = submitted(rows, capture)

    for bad in (token[:-3], "forged-token", token.replace(":", ":x", 1)):
        response = client.get(reverse(url_name, args=[bad]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()


def test_a_verification_token_does_not_open_the_download_page(client, rows, capture):
    _, token = submitted(rows, capture)

    assert client.get(reverse("public:copies", args=[token])).status_code == 400


def test_an_expired_download_link_gets_a_clear_page(client, rows, capture, legal_editor, settings):
    dsr = verified(rows, capture)
    with capture(execute=True):
        dsr_approve(dsr=dsr, user=legal_editor)
    token = token_from(links_in(mail.outbox[-1])[0])
    document = dsr.documents.get()
    settings.TRANSFERS_DOWNLOAD_LINK_DAYS = -1

    for url in (
        reverse("public:copies", args=[token]),
        reverse("public:copy_download", args=[token, document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert not dsr.events.filter(kind="downloaded").exists()


def test_a_download_link_gives_only_its_own_copies(client, rows, capture, legal_editor):
    mine = verified(rows, capture, vendors=[rows.cloud])
    other = verified(rows, capture, email="bob@example.org", vendors=[], affiliates=[rows.asia])
    with capture(execute=True):
        dsr_approve(dsr=mine, user=legal_editor)
        dsr_approve(dsr=other, user=legal_editor)
    my_token = token_from(links_in([m for m in mail.outbox if m.to == ["ada@example.org"]][-1])[0])
    their_copy = other.documents.get()

    response = client.get(reverse("public:copy_download", args=[my_token, their_copy.pk]))

    assert response.status_code == 404
    assert "This copy is not available" in response.content.decode()
    assert not other.events.filter(kind="downloaded").exists()


def test_every_page_of_the_flow_has_the_site_frame_and_the_contact_address(
    client, rows, capture, legal_editor, settings
):
    settings.TRANSFERS_PRIVACY_CONTACT = "privacy@group.example"
    settings.TRANSFERS_PUBLIC_ORGANISATION = "Example Group"
    _, token = submitted(rows, capture)
    confirm_url = reverse("public:verify", args=[token])
    pages = [client.get(confirm_url)]
    with capture(execute=True):
        pages.append(client.post(confirm_url))
    pages.append(client.get(confirm_url))  # used
    dsr = DataSubjectRequest.objects.get()
    with capture(execute=True):
        dsr_approve(dsr=dsr, user=legal_editor)
    pages.append(
        client.get(reverse("public:copies", args=[token_from(links_in(mail.outbox[-1])[0])]))
    )
    pages.append(client.get(reverse("public:copies", args=["nonsense"])))

    for response in pages:
        page = response.content.decode()
        assert '<html lang="en">' in page and page.count("<h1>") == 1
        assert "Example Group" in page and "mailto:privacy@group.example" in page
