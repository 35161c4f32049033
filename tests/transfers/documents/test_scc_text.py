"""The SCC text printed for signature must be the official text, selected and filled correctly.

These tests need no database and no Django: they run with or without pytest-django.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transfers.documents import scc_text as scc
from transfers.documents.scc_text import SccDocument, SccOptions, select_clauses

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED_SOURCE = REPO_ROOT.parent / "shared" / "legal" / "eu-scc-2021-914.md"
SOURCE = scc.SOURCE_PATH.read_text(encoding="utf-8")
TEXT = scc.load_scc_text()
CLAUSE_NUMBERS = [str(number) for number in range(1, 19)]


def normalise(text: str) -> str:
    """Collapse whitespace (the source uses no-break spaces) so that comparisons are about words."""
    return " ".join(text.replace("\xa0", " ").split())


def source_as_printed(markdown: str) -> str:
    """The source as a reader sees it: links reduced to their text, Markdown escapes undone."""
    text = re.sub(r"\[\((\d+)\)\]\(#[^)]*\)", r"(\1)", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return normalise(text.replace("\\[", "[").replace("\\]", "]").replace("\\_", "_"))


PRINTED_SOURCE = source_as_printed(SOURCE)


def options(module: int, **changes) -> SccOptions:
    """Complete, valid options for a module; tests change one thing at a time."""
    base = {
        "module": module,
        "docking_clause": True,
        "clause_11_optional_body": False,
        "clause_17_law_country": "Ireland" if module != 4 else "Singapore",
        "clause_18_courts_country": "Ireland" if module != 4 else "Singapore",
    }
    if module in (2, 3):
        base |= {"clause_9_option": 1, "clause_9_period": "14 days", "clause_17_option": 1}
    if module != 4:
        base["clause_13_variant"] = "established"
    return SccOptions(**(base | changes))


def document_lines(document: SccDocument) -> Iterator[str]:
    """Everything a template prints, in order, one line per heading or block."""
    yield document.title
    for section in document.sections:
        yield section.heading
        for block in section.blocks:
            yield f"{block.label} {block.text}".strip()
        for clause in section.clauses:
            yield clause.heading
            yield clause.title
            for block in clause.blocks:
                yield f"{block.label} {block.text}".strip()
    for footnote in document.footnotes:
        yield f"({footnote.number}) {footnote.text}"


def document_text(document: SccDocument) -> str:
    return normalise("\n".join(document_lines(document)))


def all_runs(document: SccDocument) -> Iterator[scc.RenderedRun]:
    for section in document.sections:
        for block in section.blocks:
            yield from block.runs
        for clause in section.clauses:
            for block in clause.blocks:
                yield from block.runs


def clause(document: SccDocument, number: str) -> scc.RenderedClause:
    (found,) = [c for c in document.clauses() if c.number == number]
    return found


def assert_in_order(text: str, sentences: list[str]) -> None:
    position = 0
    for sentence in sentences:
        found = text.find(normalise(sentence), position)
        assert found >= 0, f"missing, or out of order: {sentence!r}"
        position = found + len(sentence)


# --------------------------------------------------------------------------- the committed data


def test_committed_json_is_what_the_parser_derives_from_the_reference_copy():
    derived = scc.scc_text_to_json(scc.parse_official_text(SOURCE))
    assert scc.JSON_PATH.read_text(encoding="utf-8") == derived, (
        "regenerate: python -m transfers.documents.scc_text > transfers/data/scc_2021_914.json"
    )


def test_loaded_text_equals_the_parsed_text():
    assert scc.parse_official_text(SOURCE) == TEXT


@pytest.mark.skipif(
    not SHARED_SOURCE.exists(), reason=f"no shared legal folder at {SHARED_SOURCE} to compare with"
)
def test_reference_copy_is_byte_for_byte_the_shared_official_text():
    assert scc.SOURCE_PATH.read_bytes() == SHARED_SOURCE.read_bytes()


def test_parser_rejects_a_text_without_the_clauses():
    with pytest.raises(ValueError, match="STANDARD CONTRACTUAL CLAUSES"):
        scc.parse_official_text("# Some other decision\n\nArticle 1\n")


# --------------------------------------------------------------------------- parsed structure


def test_only_the_annex_to_the_decision_is_kept():
    serialised = scc.JSON_PATH.read_text(encoding="utf-8")
    assert "HAS ADOPTED THIS DECISION" not in serialised
    assert "Whereas" not in serialised
    assert "C(2021) 3701" not in serialised  # a footnote of the recitals
    assert [section.heading for section in TEXT.sections] == [
        "SECTION I",
        "SECTION II – OBLIGATIONS OF THE PARTIES",
        "SECTION III – LOCAL LAWS AND OBLIGATIONS IN CASE OF ACCESS BY PUBLIC AUTHORITIES",
        "SECTION IV – FINAL PROVISIONS",
        "APPENDIX",
    ]


def test_clauses_and_annexes_in_official_order():
    clauses = [c for section in TEXT.sections for c in section.clauses]
    assert [c.number for c in clauses] == [*CLAUSE_NUMBERS, "I", "II", "III"]
    assert [c.kind for c in clauses] == ["clause"] * 18 + ["annex"] * 3
    by_number = {c.number: c for c in clauses}
    assert by_number["1"].title == "Purpose and scope"
    assert (by_number["7"].heading, by_number["7"].title) == (
        "Clause 7 – Optional",
        "Docking clause",
    )
    assert by_number["18"].title == "Choice of forum and jurisdiction"
    assert by_number["I"].title == ""
    assert by_number["III"].title == "LIST OF SUB-PROCESSORS"
    assert [c.number for c in clauses if c.optional] == ["7"]


def test_module_scope_of_clauses_and_annexes():
    modules = {c.number: c.modules for section in TEXT.sections for c in section.clauses}
    assert modules["9"] == {2, 3}
    assert modules["13"] == {1, 2, 3}
    assert modules["II"] == {1, 2, 3}
    assert modules["III"] == {2, 3}
    others = set(modules) - {"9", "13", "II", "III"}
    assert all(modules[number] == scc.ALL_MODULES for number in others)


def test_module_titles_come_from_the_headings():
    assert TEXT.module_title(2) == "MODULE TWO: Transfer controller to processor"
    assert TEXT.module_title(4) == "MODULE FOUR: Transfer processor to controller"


def test_footnotes_are_numbered_and_free_of_markdown():
    assert [footnote.number for footnote in TEXT.footnotes] == list(range(1, 13))
    assert all("](" not in footnote.text for footnote in TEXT.footnotes)
    assert "(OJ L 295, 21.11.2018, p. 39)" in normalise(TEXT.footnotes[0].text)
    assert TEXT.footnotes[10].text.startswith("The data importer may offer independent dispute")


def test_every_blank_and_option_group_of_the_text_is_answered_by_scc_options():
    blocks = list(scc.iter_blocks(TEXT))
    blank_keys = {s.key for b in blocks for s in b.segments if s.kind == "blank"}
    groups = {b.option.group for b in blocks if b.option}
    assert blank_keys == set(scc.BLANK_FIELDS)
    assert groups == set(scc.OPTION_FIELDS)


def test_clause_13_variants_are_numbered_in_the_order_scc_options_names_them():
    labels = [
        b.option.label
        for b in scc.iter_blocks(TEXT)
        if b.option and b.option.number and b.option.group == "clause_13"
    ]
    assert len(labels) == len(scc.CLAUSE_13_VARIANTS) == 3
    assert "is established in an EU Member State" in labels[0]
    assert "has appointed a representative" in normalise(labels[1])
    assert "without however having to appoint a representative" in normalise(labels[2])


# --------------------------------------------------------------------------- verbatim


@pytest.mark.parametrize("module", [1, 2, 3, 4])
@pytest.mark.parametrize("variant", [0, 1])
def test_every_printed_text_appears_verbatim_in_the_source(module, variant):
    changes = {"docking_clause": True, "clause_11_optional_body": True, "clause_11_body_name": "X"}
    if module in (2, 3):
        changes |= {"clause_9_option": 1 + variant, "clause_17_option": 1 + variant}
    if module != 4:
        changes["clause_13_variant"] = scc.CLAUSE_13_VARIANTS[variant + 1]
    document = select_clauses(TEXT, options(module, **changes))
    printed = [document.title, document.module_title]
    for section in document.sections:
        printed.append(section.heading)
        for c in section.clauses:
            printed += [c.heading, c.title]
        blocks = [*section.blocks, *(b for c in section.clauses for b in c.blocks)]
        for block in blocks:
            printed += [block.label, block.option_label]
            printed += [run.text for run in block.runs if run.kind != "value"]
    printed += [f"({footnote.number}) {footnote.text}" for footnote in document.footnotes]
    missing = [text for text in printed if normalise(text) not in PRINTED_SOURCE]
    assert missing == []


def test_plain_blocks_are_whole_source_paragraphs_with_their_labels():
    plain_blocks = [
        block
        for block in scc.iter_blocks(TEXT)
        if block.option is None
        and all(s.kind == "text" and s.modules is None for s in block.segments)
    ]
    assert len(plain_blocks) > 250
    for block in plain_blocks:
        text = "".join(segment.text for segment in block.segments)
        assert normalise(f"{block.label} {text}") in PRINTED_SOURCE


# --------------------------------------------------------------------------- modules

MODULE_SENTENCES = {
    1: [
        "The data importer shall process the personal data only for the specific purpose(s) of"
        " the transfer, as set out in Annex I.B. It may only process the personal data for"
        " another purpose:",
        "The data importer shall retain the personal data for no longer than necessary for the"
        " purpose(s) for which it is processed.",
        "In particular, upon request by the data subject the data importer shall, free of charge:",
        "If the data importer intends to refuse a data subject’s request, it shall inform the"
        " data subject of the reasons for the refusal",
    ],
    2: [
        "The data importer shall process the personal data only on documented instructions from"
        " the data exporter. The data exporter may give such instructions throughout the"
        " duration of the contract.",
        "Where the data importer engages a sub-processor to carry out specific processing"
        " activities (on behalf of the data exporter)",
        "The data importer shall promptly notify the data exporter of any request it has received"
        " from a data subject. It shall not respond to that request itself unless it has been"
        " authorised to do so by the data exporter.",
    ],
    3: [
        "The data exporter has informed the data importer that it acts as processor under the"
        " instructions of its controller(s)",
        "Where the audit is carried out on the instructions of the controller, the data exporter"
        " shall make the results available to the controller.",
        "Where the data importer engages a sub-processor to carry out specific processing"
        " activities (on behalf of the controller)",
        "The data exporter shall forward the notification to the controller.",
    ],
    4: [
        "The data exporter shall process the personal data only on documented instructions from"
        " the data importer acting as its controller.",
        "The Parties shall assist each other in responding to enquiries and requests made by data"
        " subjects under the local law applicable to the data importer",
        "(where the EU processor combines the personal data received from the third"
        " country-controller with personal data collected by the processor in the EU)",
        "Personal data collected by the data exporter in the EU that has been transferred prior"
        " to the termination of the contract pursuant to paragraph (c) shall immediately be"
        " deleted in its entirety, including any copy thereof.",
        "These Clauses shall be governed by the law of a country allowing for third-party"
        " beneficiary rights.",
    ],
}
COMMON_SENTENCES = [
    "The purpose of these standard contractual clauses is to ensure compliance with the"
    " requirements of Regulation (EU) 2016/679",
    "The data exporter warrants that it has used reasonable efforts to determine that the data"
    " importer is able",
    "The data importer shall promptly inform the data exporter if it is unable to comply with"
    " these Clauses, for whatever reason.",
]
CLAUSE_8_SUBHEADINGS = {
    1: [
        "Purpose limitation",
        "Transparency",
        "Accuracy and data minimisation",
        "Storage limitation",
        "Security of processing",
        "Sensitive data",
        "Onward transfers",
        "Processing under the authority of the data importer",
        "Documentation and compliance",
    ],
    2: [
        "Instructions",
        "Purpose limitation",
        "Transparency",
        "Accuracy",
        "Duration of processing and erasure or return of data",
        "Security of processing",
        "Sensitive data",
        "Onward transfers",
        "Documentation and compliance",
    ],
    4: ["Instructions", "Security of processing", "Documentation and compliance"],
}
CLAUSE_8_SUBHEADINGS[3] = CLAUSE_8_SUBHEADINGS[2]
CLAUSES_OF_MODULE = {
    1: [n for n in CLAUSE_NUMBERS if n != "9"],
    2: CLAUSE_NUMBERS,
    3: CLAUSE_NUMBERS,
    4: [n for n in CLAUSE_NUMBERS if n not in ("9", "13")],
}
ANNEXES_OF_MODULE = {1: ["I", "II"], 2: ["I", "II", "III"], 3: ["I", "II", "III"], 4: ["I"]}


@pytest.mark.parametrize("module", [1, 2, 3, 4])
def test_module_has_its_own_sentences_in_order_and_none_of_the_others(module):
    text = document_text(select_clauses(TEXT, options(module)))
    assert_in_order(text, COMMON_SENTENCES)
    assert_in_order(text, MODULE_SENTENCES[module])
    for other, sentences in MODULE_SENTENCES.items():
        if other != module:
            present = [s for s in sentences if normalise(s) in text]
            assert present == [], f"Module {other} text in Module {module}"


@pytest.mark.parametrize("module", [1, 2, 3, 4])
def test_clause_8_has_the_module_s_own_subclauses(module):
    blocks = clause(select_clauses(TEXT, options(module)), "8").blocks
    subheadings = [(b.label, b.text) for b in blocks if b.kind == "subheading"]
    expected = CLAUSE_8_SUBHEADINGS[module]
    assert subheadings == [(f"8.{i}", title) for i, title in enumerate(expected, start=1)]


@pytest.mark.parametrize("module", [1, 2, 3, 4])
def test_module_has_its_clauses_and_annexes(module):
    document = select_clauses(TEXT, options(module))
    numbers = [c.number for c in document.clauses()]
    assert numbers == CLAUSES_OF_MODULE[module] + ANNEXES_OF_MODULE[module]
    assert document.module_title == TEXT.module_title(module)


def test_module_four_gets_clauses_14_and_15_with_their_condition():
    document = select_clauses(TEXT, options(4))
    for number in ("14", "15"):
        first = clause(document, number).blocks[0]
        assert first.kind == "module_note"
        assert first.text.startswith("(where the EU processor combines the personal data")
    other = select_clauses(TEXT, options(1))
    assert all(b.kind != "module_note" for c in other.clauses() for b in c.blocks)


def test_clause_12_is_shared_by_modules_one_and_four_and_by_two_and_three():
    def liability(module: int) -> list[str]:
        return [b.text for b in clause(select_clauses(TEXT, options(module)), "12").blocks]

    assert liability(1) == liability(4)
    assert liability(2) == liability(3)
    assert len(liability(1)) == 5 and len(liability(2)) == 7
    assert liability(1)[-1] == (
        "The data importer may not invoke the conduct of a processor or sub-processor to avoid"
        " its own liability."
    )


def test_module_four_clause_11_is_paragraph_a_only():
    blocks = clause(select_clauses(TEXT, options(4)), "11").blocks
    assert [b.label for b in blocks] == ["(a)"]
    blocks = clause(select_clauses(TEXT, options(1)), "11").blocks
    assert [b.label for b in blocks] == ["(a)", "(b)", "(c)", "(i)", "(ii)", "(d)", "(e)", "(f)"]


def test_annex_one_part_c_is_not_in_module_four():
    def parts(module: int) -> list[str]:
        annex = clause(select_clauses(TEXT, options(module)), "I")
        return [b.label for b in annex.blocks if b.kind == "subheading"]

    assert parts(1) == ["A.", "B.", "C."]
    assert parts(4) == ["A.", "B."]


def test_annex_headings_and_explanatory_notes_are_kept_as_blocks():
    document = select_clauses(TEXT, options(2))
    appendix = document.sections[-1]
    assert appendix.heading == "APPENDIX"
    assert appendix.blocks[0].label == "EXPLANATORY NOTE:"
    assert appendix.blocks[0].text.startswith("It must be possible to clearly distinguish")
    annex_3 = clause(document, "III")
    assert (annex_3.heading, annex_3.title) == ("ANNEX III", "LIST OF SUB-PROCESSORS")
    assert annex_3.blocks[0].kind == "note"
    assert annex_3.blocks[0].text.startswith("This Annex must be completed for Modules Two")
    name = annex_3.blocks[2]
    assert [(run.kind, run.text) for run in name.runs] == [("text", "Name: "), ("placeholder", "…")]


# --------------------------------------------------------------------------- module insertions


def test_words_for_module_three_only_are_inserted_in_module_three():
    text_3 = document_text(select_clauses(TEXT, options(3)))
    text_1 = document_text(select_clauses(TEXT, options(1)))
    assert "to address the situation, if appropriate in consultation with the controller." in text_3
    assert "if instructed by the controller or the competent supervisory authority" in text_3
    assert "inform the competent supervisory authority and the controller of such" in text_3
    assert "to address the situation. The data exporter shall suspend" in text_1
    assert "if instructed by the competent supervisory authority to do so" in text_1
    assert "inform the competent supervisory authority of such non-compliance" in text_1
    assert "Module Three" not in text_3.replace("Module Three:", "")  # no leftover markers
    assert "[For" not in text_3 and "[for" not in text_1


@pytest.mark.parametrize(
    ("module", "kept", "dropped"),
    [
        (1, "shall at the choice of the data exporter immediately be returned", "collected by"),
        (4, "Personal data collected by the data exporter in the EU", "at the choice of the data"),
    ],
)
def test_clause_16_d_keeps_the_module_s_sentence(module, kept, dropped):
    (block,) = [
        b for b in clause(select_clauses(TEXT, options(module)), "16").blocks if b.label == "(d)"
    ]
    assert block.text.startswith("Personal data")
    assert kept in block.text and dropped not in block.text
    assert ". The data importer shall certify the deletion" in block.text


# --------------------------------------------------------------------------- options


def test_clause_7_docking_clause_is_printed_only_when_chosen():
    with_docking = select_clauses(TEXT, options(2, docking_clause=True))
    without = select_clauses(TEXT, options(2, docking_clause=False))
    sentence = (
        "An entity that is not a Party to these Clauses may, with the agreement of the Parties"
    )
    assert sentence in document_text(with_docking)
    assert clause(with_docking, "7").title == "Docking clause"
    assert sentence not in document_text(without)
    assert "7" not in [c.number for c in without.clauses()]


@pytest.mark.parametrize("module", [2, 3])
def test_clause_9_option_1_specific_prior_authorisation(module):
    document = select_clauses(TEXT, options(module, clause_9_option=1, clause_9_period="14 days"))
    (block, *_) = clause(document, "9").blocks
    assert (block.label, block.option_label) == ("(a)", "OPTION 1: SPECIFIC PRIOR AUTHORISATION")
    assert "prior specific written authorisation" in block.text
    assert "at least 14 days prior to the engagement of the sub-processor" in block.text
    text = document_text(document)
    assert "general authorisation for the engagement of sub-processor(s)" not in text
    assert "OPTION" not in text


@pytest.mark.parametrize("module", [2, 3])
def test_clause_9_option_2_general_written_authorisation_keeps_label_a(module):
    document = select_clauses(TEXT, options(module, clause_9_option=2, clause_9_period="30 days"))
    (block, *_) = clause(document, "9").blocks
    assert (block.label, block.option_label) == ("(a)", "OPTION 2: GENERAL WRITTEN AUTHORISATION")
    assert "general authorisation for the engagement of sub-processor(s)" in block.text
    assert "at least 30 days in advance" in block.text
    assert "prior specific written authorisation" not in document_text(document)


def test_clause_11_optional_dispute_resolution_body():
    sentence = (
        "data subjects may also lodge a complaint with an independent dispute resolution body"
    )
    chosen = select_clauses(
        TEXT, options(1, clause_11_optional_body=True, clause_11_body_name="ADR Centre <Dublin>")
    )
    assert sentence in document_text(chosen)
    assert chosen.clause_11_body_name == "ADR Centre <Dublin>"
    assert "ADR Centre" not in document_text(chosen)  # the official text has no blank for it
    assert 11 in [footnote.number for footnote in chosen.footnotes]
    not_chosen = select_clauses(TEXT, options(1, clause_11_optional_body=False))
    assert sentence not in document_text(not_chosen)
    assert 11 not in [footnote.number for footnote in not_chosen.footnotes]


CLAUSE_13_TEXTS = {
    "established": "The supervisory authority with responsibility for ensuring compliance by the"
    " data exporter",
    "representative": "The supervisory authority of the Member State in which the representative",
    "no_representative": "The supervisory authority of one of the Member States in which the data"
    " subjects",
}


@pytest.mark.parametrize("module", [1, 2, 3])
@pytest.mark.parametrize("variant", scc.CLAUSE_13_VARIANTS)
def test_clause_13_prints_the_chosen_variant_only(module, variant):
    document = select_clauses(TEXT, options(module, clause_13_variant=variant))
    blocks = clause(document, "13").blocks
    assert [b.label for b in blocks] == ["(a)", "(b)"]
    assert blocks[0].text.startswith(CLAUSE_13_TEXTS[variant])
    assert blocks[0].option_label.startswith("Where the data exporter")
    for other, text in CLAUSE_13_TEXTS.items():
        assert (normalise(text) in document_text(document)) == (other == variant)
    assert "[Where" not in document_text(document)


def test_clause_17_option_1_and_option_2():
    one = clause(select_clauses(TEXT, options(2, clause_17_option=1)), "17").blocks
    two = clause(select_clauses(TEXT, options(2, clause_17_option=2)), "17").blocks
    assert [b.text for b in one] == [
        "These Clauses shall be governed by the law of one of the EU Member States, provided such"
        " law allows for third-party beneficiary rights. The Parties agree that this shall be the"
        " law of Ireland."
    ]
    assert len(two) == 1
    assert two[0].text.startswith(
        "These Clauses shall be governed by the law of the EU Member State in which the data"
        " exporter is established."
    )
    assert two[0].text.endswith("The Parties agree that this shall be the law of Ireland.")
    assert two[0].option_label == "OPTION 2 (for Modules Two and Three)"


def test_clause_17_module_one_has_option_1_only():
    assert select_clauses(TEXT, options(1)) == select_clauses(TEXT, options(1, clause_17_option=1))
    with pytest.raises(ValueError, match=r"clause_17_option=2 is not offered in Module One"):
        select_clauses(TEXT, options(1, clause_17_option=2))


def test_clause_17_and_18_module_four_name_a_country():
    document = select_clauses(
        TEXT, options(4, clause_17_law_country="Japan", clause_18_courts_country="Japan")
    )
    assert [b.text for b in clause(document, "17").blocks] == [
        "These Clauses shall be governed by the law of a country allowing for third-party"
        " beneficiary rights. The Parties agree that this shall be the law of Japan."
    ]
    assert [b.text for b in clause(document, "18").blocks] == [
        "Any dispute arising from these Clauses shall be resolved by the courts of Japan."
    ]


def test_clause_18_courts_of_a_member_state():
    document = select_clauses(TEXT, options(3, clause_18_courts_country="Luxembourg"))
    blocks = clause(document, "18").blocks
    assert [b.label for b in blocks] == ["(a)", "(b)", "(c)", "(d)"]
    assert blocks[1].text == "The Parties agree that those shall be the courts of Luxembourg."
    value_runs = [run for run in blocks[1].runs if run.kind == "value"]
    assert value_runs == [scc.RenderedRun("value", "Luxembourg")]


def test_filled_values_stay_plain_user_input_in_value_runs():
    value = "<script>alert('x')</script> & Éire"
    document = select_clauses(TEXT, options(2, clause_17_law_country=value))
    runs = list(all_runs(document))
    assert [run.kind for run in runs if value in run.text] == ["value"]
    assert all("<" not in run.text for run in runs if run.kind != "value")


@pytest.mark.parametrize(
    ("module", "changes", "field"),
    [
        (2, {"clause_9_option": None}, "clause_9_option"),
        (3, {"clause_9_period": " "}, "clause_9_period"),
        (2, {"clause_17_option": None}, "clause_17_option"),
        (1, {"clause_13_variant": None}, "clause_13_variant"),
        (1, {"clause_17_law_country": ""}, "clause_17_law_country"),
        (4, {"clause_17_law_country": ""}, "clause_17_law_country"),
        (2, {"clause_18_courts_country": ""}, "clause_18_courts_country"),
        (4, {"clause_18_courts_country": ""}, "clause_18_courts_country"),
    ],
)
def test_a_missing_value_raises_naming_the_option(module, changes, field):
    with pytest.raises(ValueError, match=rf"^{field} is required for Module"):
        select_clauses(TEXT, options(module, **changes))


def test_optional_body_without_a_name_raises_naming_the_option():
    with pytest.raises(ValueError, match="clause_11_body_name is required"):
        options(2, clause_11_optional_body=True)
    with pytest.raises(ValueError, match="clause_11_body_name is set"):
        options(2, clause_11_optional_body=False, clause_11_body_name="ADR")


@pytest.mark.parametrize(
    ("module", "changes", "field"),
    [
        (1, {"clause_9_option": 1}, "clause_9_option"),
        (4, {"clause_9_option": 2}, "clause_9_option"),
        (4, {"clause_13_variant": "established"}, "clause_13_variant"),
        (4, {"clause_17_option": 1}, "clause_17_option"),
        (1, {"clause_9_period": "14 days"}, "clause_9_period"),
    ],
)
def test_a_value_the_module_has_no_place_for_raises(module, changes, field):
    with pytest.raises(ValueError, match=rf"^{field}"):
        select_clauses(TEXT, options(module, **changes))


@pytest.mark.parametrize(
    "changes",
    [{"module": 5}, {"clause_9_option": 3}, {"clause_17_option": 0}, {"clause_13_variant": "eu"}],
)
def test_impossible_options_are_rejected_when_built(changes):
    with pytest.raises(ValueError, match=next(iter(changes))):
        replace(options(2), **changes)


# --------------------------------------------------------------------------- footnotes


def test_footnotes_keep_their_official_numbers_and_follow_the_citations():
    document = select_clauses(
        TEXT, options(2, clause_11_optional_body=True, clause_11_body_name="ADR")
    )
    assert [footnote.number for footnote in document.footnotes] == [1, 4, 8, 11, 12]
    cited = [run for run in all_runs(document) if run.kind == "footnote"]
    assert [(run.text, run.footnote_number) for run in cited] == [
        (f"({n})", n) for n in (1, 4, 8, 11, 12)
    ]
    assert document.footnotes[1] == TEXT.footnotes[3]
    (eight,) = [b for b in clause(document, "9").blocks if b.label == "(b)"]
    assert "rights for data subjects. (8) The Parties agree" in normalise(eight.text)


# --------------------------------------------------------------------------- property


@st.composite
def valid_options(draw) -> SccOptions:
    """Any complete, valid set of choices for any module."""
    value = st.text(
        alphabet=st.characters(categories=("L", "Nd", "Zs"), include_characters="<>&'\""),
        min_size=1,
        max_size=40,
    ).filter(str.strip)
    module = draw(st.sampled_from([1, 2, 3, 4]))
    body = draw(st.booleans())
    choices = {
        "module": module,
        "docking_clause": draw(st.booleans()),
        "clause_11_optional_body": body,
        "clause_11_body_name": draw(value) if body else "",
        "clause_17_law_country": draw(value),
        "clause_18_courts_country": draw(value),
    }
    if module in (2, 3):
        choices["clause_9_option"] = draw(st.sampled_from([1, 2]))
        choices["clause_9_period"] = draw(value)
        choices["clause_17_option"] = draw(st.sampled_from([1, 2]))
    if module == 1:
        choices["clause_17_option"] = draw(st.sampled_from([None, 1]))
    if module != 4:
        choices["clause_13_variant"] = draw(st.sampled_from(scc.CLAUSE_13_VARIANTS))
    return SccOptions(**choices)


@settings(max_examples=80, deadline=None)
@given(valid_options())
def test_any_valid_options_give_a_complete_document_without_unfilled_blanks(chosen):
    document = select_clauses(TEXT, chosen)
    official = "".join(run.text for run in all_runs(document) if run.kind != "value")
    for marker in (
        "[Specify",
        "[OPTION",
        "OPTION 1",
        "OPTION 2",
        "(specify",
        "___",
        "[For",
        "[for",
    ):
        assert marker not in official
    expected = [n for n in CLAUSES_OF_MODULE[chosen.module] if n != "7" or chosen.docking_clause]
    clauses = [c for c in document.clauses() if c.kind == "clause"]
    assert [c.number for c in clauses] == expected
    titles = {c.number: c.title for section in TEXT.sections for c in section.clauses}
    assert [c.title for c in clauses] == [titles[n] for n in expected]
    assert all(c.blocks for c in document.clauses())
    values = {run.text for run in all_runs(document) if run.kind == "value"}
    assert chosen.clause_17_law_country.strip() in values
    assert chosen.clause_18_courts_country.strip() in values
