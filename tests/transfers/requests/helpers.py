"""Helpers for the tests of data subjects' requests: links from the captured e-mails, a request
taken through its states the way a requester would, and a copy renderer for the tests."""

import re

import pytest
from django.core import mail

from tests.transfers.documents.test_documents import TitlePageRenderer, _has_renderer
from transfers.documents.choices import DocumentKind
from transfers.documents.rendering import register_renderer, renderer_for
from transfers.requests.models import DataSubjectRequest
from transfers.requests.services import dsr_submit, dsr_verify

LINK = re.compile(r"https?://\S+")


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def token_from(link: str) -> str:
    """The token is the last path segment of a /request-a-copy/confirm/<token>/ or /copies/ link."""
    return link.rstrip("/").rsplit("/", 1)[-1]


def last_email_to(address: str):
    return [m for m in mail.outbox if address in m.to][-1]


def submitted(rows, capture, email="ada@example.org", **kwargs) -> tuple[DataSubjectRequest, str]:
    """A request for the cloud vendor's copy, and the verification token from its e-mail."""
    kwargs.setdefault("vendors", [rows.cloud])
    with capture(execute=True):
        dsr = dsr_submit(name="Ada Lovelace", email=email, ip_address="192.0.2.10", **kwargs)
    return dsr, token_from(links_in(last_email_to(email))[0])


def verified(rows, capture, **kwargs) -> DataSubjectRequest:
    dsr, token = submitted(rows, capture, **kwargs)
    with capture(execute=True):
        return dsr_verify(token=token, ip_address="192.0.2.10")


@pytest.fixture
def copy_renderer():
    """A one-page renderer for SCC copies (real WeasyPrint) in place of the SCC renderer."""
    previous = renderer_for(DocumentKind.SCC) if _has_renderer(DocumentKind.SCC) else None
    yield register_renderer(TitlePageRenderer())
    if previous is not None:
        register_renderer(previous)
