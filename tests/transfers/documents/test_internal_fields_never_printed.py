"""Internal notes never reach a document, a public page or an API answer for a read key.

Every text field of the register whose name says it is internal (``notes``, ``note``,
``internal...``, ``source_note``...) is found from the models themselves, so a field added later
is covered without touching this test. Each gets a sentinel; the test then reads what the
outside world reads: the public pages, the data-subject copy and the full copy of the SCCs (PDF
text extracted with pypdf), and every list and detail answer of the API for a read key. The
confidential Annex II text may appear in the full copy only."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from pypdf import PdfReader

from config.api import API_V1_PREFIX
from tests.api.conftest import key_client
from tests.factories import UserFactory
from tests.scc_samples import build_scc_agreement
from transfers.access.models import ApiKeyAccess
from transfers.access.services import api_key_create
from transfers.documents.choices import DocumentEdition, DocumentState
from transfers.documents.services import document_request

INTERNAL_NAME = re.compile(r"(^|_)(notes?|internal\w*|source_notes?|lawyer_check\w*)$")
CONFIDENTIAL_NAMES = {"technical_measures"}
# Notes that are published on purpose: the scope of an adequacy decision ("commercial
# organisations only") is part of the law the API reports, not the legal team's working notes.
PUBLIC_NOTES = {("adequacydecision", "scope_note")}
OUR_APPS = ("transfers.", "affiliates.", "vendors.")
SENTINEL = "ZQX"  # never in legal text, names or addresses
API_LISTS = [
    "affiliates",
    "vendors",
    "transfers",
    "scc-agreements",
    "tias",
    "documents",
    "countries",
    "adequacy-decisions",
    "data-categories",
    "data-subject-categories",
    "legal-bases",
    "purposes",
]


def text_fields(pattern_or_names) -> list[tuple[type[models.Model], models.Field]]:
    """The register's text fields whose name matches, from every model of the project."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith(OUR_APPS):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or (model._meta.model_name, field.name) in PUBLIC_NOTES:
                continue
            name = field.name
            matches = (
                name in pattern_or_names
                if isinstance(pattern_or_names, set)
                else pattern_or_names.search(name)
            )
            if matches:
                found.append((model, field))
    return found


def sentinel_for(model: type[models.Model], field: models.Field, kind: str) -> str:
    value = f"{SENTINEL}{kind}{model._meta.model_name}{field.name}".replace("_", "")
    return value[: field.max_length] if field.max_length else value


def plant(kind: str, fields) -> list[str]:
    planted = []
    for model, field in fields:
        value = sentinel_for(model, field, kind)
        if model.objects.update(**{field.name: value}):
            planted.append(value)
    return planted


def pdf_text(agreement, edition, capture) -> str:
    with capture(execute=True):
        document = document_request(kind="scc", source=agreement, edition=edition)
    document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason
    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def make_public() -> None:
    for model in apps.get_models():
        names = {field.name for field in model._meta.concrete_fields}
        if "is_public" in names and model.__module__.startswith(OUR_APPS):
            model.objects.update(is_public=True)


def api_texts(raw_key: str) -> list[tuple[str, str]]:
    client = key_client(raw_key)
    answers = []
    for name in API_LISTS:
        url = f"/{API_V1_PREFIX}{name}/"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        answers.append((url, response.content.decode()))
        body = response.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        for row in rows[:5]:
            if isinstance(row, dict) and "id" in row:
                detail = client.get(f"{url}{row['id']}/")
                answers.append((f"{url}{row['id']}/", detail.content.decode()))
    return answers


def test_the_internal_field_list_is_found_from_the_models():
    names = {f"{model.__name__}.{field.name}" for model, field in text_fields(INTERNAL_NAME)}
    # A sanity floor: the register's own notes fields are in the list.
    assert {"Affiliate.notes", "Vendor.notes", "Transfer.notes", "SccAgreement.notes"} <= names


@pytest.mark.django_db
def test_no_internal_field_reaches_a_copy_a_public_page_or_the_api(
    django_capture_on_commit_callbacks, client
):
    agreement = build_scc_agreement(module=2, uk_addendum=True)
    make_public()
    internal = plant("I", text_fields(INTERNAL_NAME))
    confidential = plant("C", text_fields(CONFIDENTIAL_NAMES))
    assert len(internal) >= 4 and confidential
    agreement.refresh_from_db()

    data_subject = pdf_text(
        agreement, DocumentEdition.DATA_SUBJECT, django_capture_on_commit_callbacks
    )
    full = pdf_text(agreement, DocumentEdition.FULL, django_capture_on_commit_callbacks)
    assert "Clause8.3" in data_subject.replace(" ", "")
    for value in internal + confidential:
        assert value not in data_subject, f"{value} is printed in the data-subject copy"
    for value in internal:
        assert value not in full, f"{value} is printed in the full copy"
    assert any(value in full for value in confidential), "Annex II belongs in the full copy"

    for url in (reverse("public:home"), reverse("public:request_copy")):
        page = client.get(url)
        assert page.status_code == 200
        assert SENTINEL not in page.content.decode(), f"a sentinel is on {url}"

    _, raw_key = api_key_create(
        name="read key", access=ApiKeyAccess.READ, created_by=UserFactory(is_staff=True)
    )
    for url, text in api_texts(raw_key):
        leaked = [value for value in internal + confidential if value in text]
        assert not leaked, f"{url} answers {leaked} to a read key"
