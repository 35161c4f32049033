"""The whole flow in headless Chromium, as a data subject and a legal editor would go through it:
open `/`, request a copy, follow the link from the e-mail, approve in the admin, download the
PDF and find the clauses in it. Celery runs eagerly; e-mails land in the locmem outbox."""

import io
import os
import re

import pytest
from django.core import mail
from django.db import connections
from pypdf import PdfReader

from tests.scc_samples import TOM_SENTINEL, build_scc_agreement
from transfers.documents.choices import DocumentKind
from transfers.documents.rendering import renderer_for
from transfers.requests.choices import RequestEventKind, RequestState
from transfers.requests.models import DataSubjectRequest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LINK = re.compile(r"https?://\S+")

pytestmark = pytest.mark.browser


def scc_renderer_missing() -> bool:
    try:
        renderer_for(DocumentKind.SCC)
    except LookupError:
        return True
    return False


@pytest.fixture
def browser_page(monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    if scc_renderer_missing():
        pytest.skip("no SCC renderer is registered, so there is no PDF to download")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself (building the register, reading the outbox's rows) are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page
        context.close()
        browser.close()
        # Inside this block the test's ORM calls run in Playwright's context, where Django's
        # connection handler (context-local) opened a connection of its own: pytest-django
        # closes only the outer one, and this one would keep the test database from being
        # dropped ("is being accessed by other users").
        connections.close_all()


def link_in_last_email(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return LINK.findall(message.body)[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_data_subject_requests_verifies_and_downloads_a_copy_approved_by_an_editor(
    live_server, browser_page, settings, legal_editor
):
    settings.TRANSFERS_PUBLIC_BASE_URL = live_server.url
    agreement = build_scc_agreement(module=2)
    importer = agreement.importer.legal_name
    page = browser_page

    # The public page: who receives data, and a way to ask for the clauses.
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Who receives")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    assert page.get_by_role(
        "img", name="World map of the countries where recipients are"
    ).is_visible()
    assert page.get_by_role("heading", name=importer).is_visible()
    page.get_by_role("link", name=f"Request a copy of the clauses for {importer}").click()

    # The form, with the recipient already ticked.
    assert page.get_by_label(re.compile(importer)).is_checked()
    page.get_by_label("Your full name").fill("Ada Lovelace")
    page.get_by_label("Your e-mail address").fill("ada@example.org")
    page.get_by_role("button", name="Send my request").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"

    # The link from the e-mail, then the confirmation button.
    page.goto(link_in_last_email("ada@example.org"))
    page.get_by_role("button", name="Confirm my request").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your request is confirmed"
    dsr = DataSubjectRequest.objects.get()
    assert dsr.state == RequestState.VERIFIED

    # A legal editor approves it from the queue.
    legal_editor.set_password("editor-password")
    legal_editor.save()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/transfers/datasubjectrequest/")
    page.get_by_label("Username").fill(legal_editor.username)
    page.get_by_label("Password").fill("editor-password")
    page.get_by_role("button", name="Log in").click()
    page.locator(f'input[name="_selected_action"][value="{dsr.pk}"]').check()
    page.locator('select[name="action"]').select_option("approve")
    page.get_by_role("button", name="Go").click()
    assert "approved and the requester e-mailed" in page.locator(".messagelist").inner_text()

    # The requester downloads the copy and finds the clauses in it.
    page.goto(link_in_last_email("ada@example.org"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your copy")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download PDF")).first.click()
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as stored:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(stored.read())).pages)
    assert "STANDARD CONTRACTUAL CLAUSES" in text.upper()
    assert "Purpose and scope" in text and "Third-party beneficiaries" in text
    assert TOM_SENTINEL not in text, "the data-subject copy leaves Annex II out"
    download = dsr.events.get(kind=RequestEventKind.DOWNLOADED)
    assert download.ip_address == "127.0.0.1"
