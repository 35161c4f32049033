"""The data-subject copy as a data subject reads it (PDF text extracted with pypdf): the cover
speaks correctly for the module and the exporter's regime, and redaction removes people's
contact details but keeps the role mailbox the data subject writes to."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.factories import country
from tests.scc_samples import CONFIDENTIAL, build_scc_agreement
from transfers.documents.choices import DocumentEdition, DocumentState
from transfers.documents.scc_copy import REDACTED, is_role_mailbox
from transfers.documents.services import document_request

ROLE_MAILBOX = "privacy@importer.example.invalid"


def cover_and_text(agreement, capture) -> tuple[str, str]:
    """The cover page and the whole text, whitespace collapsed to single spaces."""
    with capture(execute=True):
        document = document_request(
            kind="scc", source=agreement, edition=DocumentEdition.DATA_SUBJECT
        )
    document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason
    with document.file.open("rb") as stored:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages]
    squeeze = lambda text: re.sub(r"\s+", " ", text)  # noqa: E731
    return squeeze(pages[0]), squeeze(" ".join(pages))


@pytest.mark.django_db
@pytest.mark.parametrize("module", [1, 2, 3, 4])
def test_the_cover_names_the_right_to_a_copy_only_where_the_module_gives_it(
    module, django_capture_on_commit_callbacks
):
    cover, _ = cover_and_text(
        build_scc_agreement(module=module), django_capture_on_commit_callbacks
    )
    assert "The Clauses gives" not in cover
    assert "outside the European Economic Area" in cover
    if module == 4:
        assert "Clause 8.3" not in cover and "Clause 8.2(c)" not in cover
        assert "do not themselves give a right to a copy" in cover
        assert "Annex II" not in cover
    else:
        right = "Clause 8.2(c)" if module == 1 else "Clause 8.3"
        assert f"{right} gives you the right to ask for this copy free of charge" in cover
    # No empty bullet: the word "Clause" ends no sentence with nothing after it.
    assert not re.search(r"\(Clause\s*\)|:\s*\.", cover)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "area"),
    [("IE", "the European Economic Area"), ("GB", "the United Kingdom"), ("CH", "Switzerland")],
)
def test_the_cover_names_the_area_the_exporter_s_law_draws(
    code, area, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=2)
    exporter = agreement.exporter_affiliate
    exporter.country = country(code)
    exporter.save()
    cover, _ = cover_and_text(agreement, django_capture_on_commit_callbacks)
    assert f"a country outside {area}." in cover
    if code != "IE":
        assert "outside the European Union" not in cover
        assert "outside the European Economic Area" not in cover


@pytest.mark.django_db
def test_redaction_keeps_a_role_mailbox_and_removes_the_person(django_capture_on_commit_callbacks):
    agreement = build_scc_agreement(module=2)
    importer = agreement.importer_vendor
    importer.contact_email = ROLE_MAILBOX
    importer.save()
    _, text = cover_and_text(agreement, django_capture_on_commit_callbacks)
    assert ROLE_MAILBOX in text, "the data subjects' contact point is kept"
    assert CONFIDENTIAL["importer contact name"] not in text
    assert CONFIDENTIAL["exporter contact e-mail"] not in text, "a person's address is redacted"
    assert CONFIDENTIAL["sub-processor contact e-mail"] not in text
    assert REDACTED in text


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("privacy@bambulab.com", True),
        ("DPO@Example.com", True),
        ("data-protection@example.com", True),
        ("jane.doe@example.com", False),
        ("privacy.jane@example.com", False),
    ],
)
def test_the_role_mailbox_rule(email, role):
    assert is_role_mailbox(email) is role
