"""SCC copies as PDF, checked by extracting their text (pypdf): the module's clauses verbatim and
in order, the chosen options only, the annexes from the register, and nothing confidential in
the data-subject copy."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import SupervisoryAuthorityFactory, country
from tests.scc_samples import (
    CONFIDENTIAL,
    REDACTION_REASON,
    SUMMARY_TEXT,
    TOM_SENTINEL,
    build_scc_agreement,
)
from transfers.documents.choices import DocumentEdition, DocumentState, DownloadChannel
from transfers.documents.models import Document
from transfers.documents.rendering import DocumentInputError, canonical_json
from transfers.documents.scc_copy import REDACTED
from transfers.documents.scc_text import (
    Block,
    SccOptions,
    iter_blocks,
    load_scc_text,
    select_clauses,
)
from transfers.documents.services import document_request
from transfers.reference.models import SupervisoryAuthority
from transfers.register.models import SccAgreement

FULL = DocumentEdition.FULL
DATA_SUBJECT = DocumentEdition.DATA_SUBJECT
FOOTNOTE_CALL = re.compile(r"\(\d+\)")


# --------------------------------------------------------------------------- helpers


@dataclass
class Pdf:
    reader: PdfReader
    pages: list[str]
    body: str  # text set at body sizes: no running header/footer, no footnotes, no whitespace

    @property
    def flat(self) -> str:
        return self.body

    def contains(self, text: str) -> bool:
        return squash(text) in self.flat


BODY_MIN_POINTS = 8.5  # footnotes are set at 8pt and the running header and footer at 7.5pt


def squash(text: str) -> str:
    """What survives any line breaking: no whitespace, no footnote calls."""
    return re.sub(r"\s+", "", FOOTNOTE_CALL.sub("", text))


def body_text(reader: PdfReader) -> str:
    pieces: list[str] = []

    def keep_body(text, cm, tm, font, size):
        if abs(size * tm[3] * cm[3]) >= BODY_MIN_POINTS:
            pieces.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=keep_body)
    return squash("".join(pieces))


def render(agreement: SccAgreement, edition: str, capture) -> tuple[Document, Pdf]:
    with capture(execute=True):
        document = document_request(kind="scc", source=agreement, edition=edition)
    document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason
    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return document, Pdf(reader, [page.extract_text() for page in reader.pages], body_text(reader))


def options_of(agreement: SccAgreement) -> SccOptions:
    from transfers.documents.scc_copy import SccRenderer

    return SccOptions(**SccRenderer().inputs(agreement, FULL)["options"])


def block_text(block: Block) -> str:
    """A block's own words (blanks and footnote calls left out)."""
    return "".join(s.text for s in block.segments if s.kind == "text")


def clause_blocks(module: int, options: SccOptions) -> list[str]:
    document = select_clauses(load_scc_text(), options)
    return [
        block.text
        for clause in document.clauses()
        if clause.kind == "clause"
        for block in clause.blocks
    ]


def option_text(group: str, number: int, module: int) -> str:
    for block in iter_blocks(load_scc_text()):
        option = block.option
        if option and (option.group, option.number) == (group, number) and module in block.modules:
            return block_text(block)[:120]
    raise AssertionError(f"no {group} option {number} for module {module}")


# --------------------------------------------------------------------------- per module


MODULE_CASES = {
    1: dict(
        docking_clause=False,
        clause_11_optional_body=True,
        clause_11_body_name="European Mediation Board",
        clause_13_variant="no_representative",
        courts_country="FR",
    ),
    2: dict(
        clause_9_option=1,
        clause_9_period="45 days",
        clause_13_variant="representative",
        clause_17_option=2,
        governing_law_country="NL",
    ),
    3: dict(clause_9_option=2, clause_9_period="14 days", clause_13_variant="established"),
    4: dict(docking_clause=True, governing_law_country="DE", courts_country="DE"),
}


@pytest.mark.parametrize("module", sorted(MODULE_CASES))
def test_the_full_copy_of_each_module(db, module, django_capture_on_commit_callbacks):
    """One render per module (rendering takes seconds), every check on it."""
    case = dict(MODULE_CASES[module])
    for field in ("courts_country", "governing_law_country"):
        if field in case:
            case[field] = country(case[field])
    agreement = build_scc_agreement(module=module, **case)
    document, pdf = render(agreement, FULL, django_capture_on_commit_callbacks)
    module_copy = (module, agreement, document, pdf)

    check_every_clause_block_of_the_module_appears_verbatim_and_in_order(module_copy)
    check_no_other_module_s_own_text_appears(module_copy)
    check_the_chosen_options_appear_and_the_others_do_not(module_copy)
    check_the_annexes_show_the_register(module_copy)
    check_annex_i_c_names_the_authority_clause_13_points_to(module_copy)
    check_the_full_copy_has_cover_outline_running_pages_and_metadata(module_copy)
    check_the_footnotes_are_kept(module_copy)


def check_every_clause_block_of_the_module_appears_verbatim_and_in_order(module_copy):
    module, agreement, _, pdf = module_copy
    flat = pdf.flat
    position = 0
    for text in clause_blocks(module, options_of(agreement)):
        found = flat.find(squash(text), position)
        assert found >= 0, f"Module {module}: missing or out of order: {text[:100]!r}"
        position = found + len(squash(text))


def check_no_other_module_s_own_text_appears(module_copy):
    module, agreement, _, pdf = module_copy
    own = "".join(squash(text) for text in clause_blocks(module, options_of(agreement)))
    foreign = [
        squash(block_text(block))
        for block in iter_blocks(load_scc_text())
        if module not in block.modules and block.option is None
    ]
    checked = [text for text in foreign if len(text) > 60 and text not in own]
    assert checked, "the test must compare something"
    for text in checked:
        assert text not in pdf.flat, f"Module {module} copy shows another module's text: {text}"


def check_the_chosen_options_appear_and_the_others_do_not(module_copy):
    module, agreement, _, pdf = module_copy
    chosen = options_of(agreement).chosen_options()
    offered = {
        (block.option.group, block.option.number)
        for block in iter_blocks(load_scc_text())
        if block.option and module in block.modules
    }
    for group, number in offered:
        text = option_text(group, number, module)
        if chosen.get(group) == number or (group == "clause_17" and module == 4):
            assert pdf.contains(text), f"chosen {group} option {number} missing"
        else:
            assert not pdf.contains(text), f"unchosen {group} option {number} printed"
    assert pdf.contains("Docking clause") == agreement.docking_clause
    if agreement.clause_9_option:
        assert pdf.contains(agreement.clause_9_period)
    if agreement.clause_11_optional_body:
        assert pdf.contains(agreement.clause_11_body_name)
    assert pdf.contains(agreement.governing_law_country.name)
    assert pdf.contains(agreement.courts_country.name)


def check_the_annexes_show_the_register(module_copy):
    module, agreement, _, pdf = module_copy
    exporter, importer = agreement.exporter, agreement.importer
    for value in (
        exporter.legal_name,
        exporter.address,
        exporter.activities,
        CONFIDENTIAL["exporter contact e-mail"],
        CONFIDENTIAL["exporter signatory"],
        "General Counsel",
        "1 March 2024",
        importer.legal_name,
        importer.services,
        "Group Representative GmbH",
        "Customers; Resellers",
        "Contact details; Health data",
        "Health data only with explicit consent; access logged.",
        "Six years after the last order",
        "Storage and hosting of order records",
        "Order fulfilment",
    ):
        assert pdf.contains(value), value
    assert pdf.contains(TOM_SENTINEL) == (module != 4), "Annex II exists in Modules 1-3"
    assert pdf.contains("Backup Storage LLC") == (module in (2, 3)), "Annex III: Modules 2-3"
    assert not pdf.contains(CONFIDENTIAL["internal notes"])


EXPECTED_AUTHORITY = {1: "FR", 2: "DE", 3: "IE", 4: None}


def check_annex_i_c_names_the_authority_clause_13_points_to(module_copy):
    module, _, _, pdf = module_copy
    expected = EXPECTED_AUTHORITY[module]
    for code in ("IE", "DE", "FR", "NL"):
        name = SupervisoryAuthority.objects.get(country=code).name
        assert pdf.contains(name) == (code == expected), (module, name)


def check_the_full_copy_has_cover_outline_running_pages_and_metadata(module_copy):
    module, agreement, document, pdf = module_copy
    total = len(pdf.pages)
    assert document.page_count == total
    assert "FULL COPY" in pdf.pages[0].upper()
    assert agreement.reference in pdf.pages[0]
    assert "Page 1 of" not in pdf.pages[0] or f"Page 1 of {total}" in pdf.pages[0]
    assert f"Page {total} of {total}" in pdf.pages[-1]
    assert f"{agreement.reference} · version 1" in pdf.pages[2]
    outline = _titles(pdf.reader.outline)
    assert "Clause 1 – Purpose and scope" in outline
    assert "ANNEX I" in outline and "APPENDIX" in outline
    metadata = pdf.reader.metadata
    assert agreement.reference in metadata.title
    assert metadata.author == agreement.exporter.legal_name
    assert "Decision (EU) 2021/914" in metadata["/Keywords"]


def check_the_footnotes_are_kept(module_copy):
    module, agreement, _, pdf = module_copy
    cited = select_clauses(load_scc_text(), options_of(agreement)).footnotes
    everything = squash("".join(pdf.pages))
    assert cited, "every module cites footnotes"
    for footnote in cited:
        assert squash(footnote.text[:80]) in everything, f"footnote {footnote.number} missing"
        assert squash(footnote.text[:80]) not in pdf.flat, "footnotes are set as footnotes"


def _titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles.extend(_titles(entry))
        else:
            titles.append(entry.title)
    return titles


# --------------------------------------------------------------------------- data-subject copy


@pytest.mark.parametrize("module", [1, 2])
def test_the_data_subject_copy_has_no_confidential_value(
    db, module, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=module, uk_addendum=True)
    document, pdf = render(agreement, DATA_SUBJECT, django_capture_on_commit_callbacks)

    stored_inputs = canonical_json(document.inputs)
    for what, value in CONFIDENTIAL.items():
        assert not pdf.contains(value), f"{what} leaked into the data-subject copy"
        assert value not in stored_inputs, f"{what} is in the data-subject copy's inputs"
    assert pdf.contains(SUMMARY_TEXT)
    assert pdf.contains(REDACTION_REASON)
    assert pdf.contains(REDACTED)
    assert pdf.contains("privacy@exporter.example.invalid"), "the DPO's published e-mail stays"
    assert pdf.contains("Clause 8.2(c)" if module == 1 else "Clause 8.3")
    assert "YOUR RIGHTS UNDER THESE CLAUSES" in pdf.pages[0].upper()
    # The same clauses as the full copy.
    flat = pdf.flat
    for text in clause_blocks(module, options_of(agreement)):
        assert squash(text) in flat


def test_a_confidential_change_makes_a_new_full_copy_but_not_a_new_data_subject_copy(
    db, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=3, transfers=1)
    full_1, _ = render(agreement, FULL, django_capture_on_commit_callbacks)
    public_1, _ = render(agreement, DATA_SUBJECT, django_capture_on_commit_callbacks)
    agreement.technical_measures = "New measures after the audit"
    agreement.save()

    full_2, pdf = render(agreement, FULL, django_capture_on_commit_callbacks)
    public_2, _ = render(agreement, DATA_SUBJECT, django_capture_on_commit_callbacks)

    assert (full_1.version, full_2.version) == (1, 2)
    assert pdf.contains("New measures after the audit")
    assert public_2.pk == public_1.pk and public_2.rendered_at == public_1.rendered_at


# --------------------------------------------------------------------------- UK and Swiss


def test_uk_addendum_tables_and_swiss_adaptations_follow_when_they_apply(
    db, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(
        module=3,
        transfers=1,
        uk_addendum=True,
        uk_addendum_start_date="2024-04-01",
        uk_addendum_ending_party="both",
        swiss_adaptation=True,
    )
    _, pdf = render(agreement, FULL, django_capture_on_commit_callbacks)
    for text in (
        "Table 1: Parties",
        "Table 2: The SCC module and the options chosen",
        "Table 3: The annexes",
        "Table 4: Who may end this Addendum",
        "1 April 2024",
        "Importer and exporter",
        "template Addendum B.1.0 issued by the ICO",
        SupervisoryAuthority.objects.get(country="CH").name,
        "Supplement for transfers subject to the Swiss Federal Act on Data Protection",
        "Swiss law may be chosen as the governing law under Clause 17.",
        "Drafting notes for the legal team",
    ):
        assert pdf.contains(text), text


def test_without_uk_or_swiss_regime_neither_supplement_is_printed(
    db, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=4, transfers=1)
    _, pdf = render(agreement, FULL, django_capture_on_commit_callbacks)
    assert not pdf.contains("Table 1: Parties")
    assert not pdf.contains("Swiss Federal Act on Data Protection")
    assert not pdf.contains("Drafting notes")


# --------------------------------------------------------------------------- bad register data


def test_missing_option_is_refused_with_the_admin_label_and_nothing_is_saved(db):
    agreement = build_scc_agreement(module=2, transfers=1, clause_9_option=None)
    with pytest.raises(DocumentInputError, match=r"Clause 9\(a\) option is required"):
        document_request(kind="scc", source=agreement, edition=FULL)
    assert not Document.objects.exists()


def test_a_missing_supervisory_authority_is_named(db):
    SupervisoryAuthority.objects.filter(country="PT").delete()
    agreement = build_scc_agreement(module=1, transfers=1, courts_country=country("PT"))
    agreement.clause_13_variant = "no_representative"
    agreement.save()
    with pytest.raises(DocumentInputError, match="No supervisory authority for Portugal"):
        document_request(kind="scc", source=agreement, edition=FULL)
    SupervisoryAuthorityFactory(country=country("PT"))
    assert document_request(kind="scc", source=agreement, edition=FULL).version == 1


def test_an_agreement_without_a_module_cannot_be_printed(db):
    agreement = build_scc_agreement(module=2, transfers=1)
    SccAgreement.objects.filter(pk=agreement.pk).update(
        instrument="scc-2010/87", module=None, clause_9_option=None
    )
    agreement.refresh_from_db()
    with pytest.raises(DocumentInputError, match="has no module"):
        document_request(kind="scc", source=agreement, edition=FULL)


# --------------------------------------------------------------------------- admin


def test_the_admin_action_generates_copies_and_reports_them(
    editor_client, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=4, transfers=1)
    url = reverse("admin:transfers_sccagreement_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url,
            {"action": "generate_data_subject_copy", "_selected_action": [agreement.pk]},
            follow=True,
        )
    assert "version 1 is" in response.content.decode()
    document = Document.objects.get()
    assert document.edition == DATA_SUBJECT
    assert document.state == DocumentState.READY
    assert document.requested_by.username == "editor"

    again = editor_client.post(
        url,
        {"action": "generate_data_subject_copy", "_selected_action": [agreement.pk]},
        follow=True,
    )
    assert "version 1 is ready (unchanged register, stored file)" in again.content.decode()
    assert Document.objects.count() == 1


def test_the_change_page_has_buttons_and_lists_the_copies(
    editor_client, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=4, transfers=1)
    generate = reverse("admin:transfers_sccagreement_generate", args=[agreement.pk, "full"])
    change = reverse("admin:transfers_sccagreement_change", args=[agreement.pk])
    page = editor_client.get(change).content.decode()
    assert generate in page and "Generate SCC copy (data-subject)" in page

    assert editor_client.get(generate).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(generate, follow=True)
    assert response.redirect_chain[-1][0] == change
    assert "version 1 is queued" in response.content.decode()
    document = Document.objects.get()
    page = editor_client.get(change).content.decode()
    assert "Ready" in page and document.hash_prefix in page
    assert reverse("admin:transfers_document_download", args=[document.pk]) in page


def test_a_copy_that_cannot_be_made_is_explained_in_the_admin(editor_client):
    agreement = build_scc_agreement(module=2, transfers=1, clause_9_option=None)
    generate = reverse("admin:transfers_sccagreement_generate", args=[agreement.pk, "full"])
    response = editor_client.post(generate, follow=True)
    assert response.status_code == 200
    assert "Clause 9(a) option is required" in response.content.decode()
    assert not Document.objects.exists()


def test_viewers_see_the_copies_but_cannot_generate(viewer_client):
    agreement = build_scc_agreement(module=4, transfers=1)
    change = reverse("admin:transfers_sccagreement_change", args=[agreement.pk])
    page = viewer_client.get(change).content.decode()
    assert "Generate SCC copy" not in page
    generate = reverse("admin:transfers_sccagreement_generate", args=[agreement.pk, "full"])
    assert viewer_client.post(generate).status_code == 403
    assert not Document.objects.exists()


# --------------------------------------------------------------------------- command


def test_the_command_writes_the_pdf_through_the_stored_document(db, tmp_path):
    agreement = build_scc_agreement(module=4, transfers=1)
    output = tmp_path / "copy.pdf"
    out = io.StringIO()

    call_command("scc_pdf", str(agreement.pk), edition="data-subject", output=output, stdout=out)
    call_command("scc_pdf", agreement.reference, edition="data-subject", output=output, stdout=out)

    document = Document.objects.get()
    assert output.read_bytes() == document.file.open("rb").read()
    assert "rendered" in out.getvalue() and "stored file reused" in out.getvalue()
    assert document.downloads.filter(channel=DownloadChannel.COMMAND).count() == 2


def test_the_command_refuses_a_bad_id_or_a_bad_output_folder(db, tmp_path):
    with pytest.raises(CommandError, match="No SCC agreement with id or reference '999999'"):
        call_command("scc_pdf", "999999", edition="full", output=tmp_path / "x.pdf")
    agreement = build_scc_agreement(module=4, transfers=1)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("scc_pdf", str(agreement.pk), edition="full", output=tmp_path / "no" / "x.pdf")


def test_the_command_exits_non_zero_on_a_bad_edition():
    result = subprocess.run(
        [sys.executable, "manage.py", "scc_pdf", "1", "--edition", "draft", "--output", "x.pdf"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode != 0
    assert "invalid choice: 'draft'" in result.stderr


def test_the_full_cover_notes_an_importer_subject_to_the_gdpr_under_art_3_2(
    db, django_capture_on_commit_callbacks
):
    agreement = build_scc_agreement(module=4, transfers=1)
    agreement.transfers.update(
        findings=[{"code": "importer-subject-to-gdpr", "severity": "warning", "message": "-"}]
    )
    _, pdf = render(agreement, FULL, django_capture_on_commit_callbacks)
    assert pdf.contains("Importer subject to the GDPR under Art. 3(2)")
    assert pdf.contains("the clauses announced for this case are not adopted")
