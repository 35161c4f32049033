"""Lay out one agreement's clauses for print: indentation of list items, footnotes at their
call, and the Appendix's forms (Annexes I to III) filled with the register's values.

The annexes in the official text are forms: a label ("Name: …", "Nature of the processing")
followed by a placeholder. Their labels are printed verbatim from the clause structure; the
short markers below only recognise which register value answers which label, as
``scc_text`` recognises "MODULE TWO". A label that no marker recognises stops the rendering:
a changed official text must fail loudly, never print an unanswered form."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from transfers.documents.scc_text import RenderedBlock, RenderedClause, RenderedRun, SccDocument

ROMAN_LABEL = re.compile(r"^\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)$")
PLACEHOLDER = "…"

# Marker (how a label starts) -> the key of the register value that answers it.
PARTY_FIELDS = {
    "Name:": "name",
    "Address:": "address",
    "Contact person": "contact",
    "Activities": "activities",
    "Signature": "signature",
    "Role": "role",
}
SUB_PROCESSOR_FIELDS = {
    "Name:": "name",
    "Address:": "address",
    "Contact person": "contact",
    "Description of processing": "description",
}
TRANSFER_FIELDS = {
    "Categories of data subjects": "data_subjects",
    "Categories of personal data": "data_categories",
    "Sensitive data": "sensitive",
    "The frequency": "frequency",
    "Nature of the processing": "nature",
    "Purpose(s)": "purposes",
    "The period for which": "retention",
    "For transfers to (sub-) processors": "subject_matter",
}
AUTHORITY_FIELDS = {"Identify the competent supervisory authority": "authority"}
MEASURES_FIELDS = {
    "Description of the technical and organisational measures": "measures",
    "For transfers to (sub-) processors": "assistance",
}
PARTY_SIDES = {"Data exporter": "exporter", "Data importer": "importer"}


# ---------------------------------------------------------------------- printable pieces


@dataclass(frozen=True)
class PrintRun:
    kind: str  # "text", "value" (a filled blank) or "footnote"
    text: str
    footnote: str = ""  # a footnote's text, printed at the foot of the page it is called on
    number: int = 0


@dataclass(frozen=True)
class PrintBlock:
    kind: str  # "paragraph", "item", "subheading", "module_note"
    label: str
    indent: int
    runs: tuple[PrintRun, ...]


@dataclass(frozen=True)
class PrintClause:
    anchor: str
    heading: str
    title: str
    blocks: tuple[PrintBlock, ...]


@dataclass(frozen=True)
class PrintSection:
    heading: str
    clauses: tuple[PrintClause, ...]


@dataclass(frozen=True)
class FormField:
    """One label of an annex form and the key of the register value that answers it."""

    label: str
    key: str


@dataclass
class AnnexPart:
    """A piece of an annex: a heading ("A." "LIST OF PARTIES"), records (the exporters, the
    importers, the sub-processors: ``side`` says which), fields answered once per transfer, or
    fields answered once."""

    kind: str  # "heading", "records", "transfer_fields" or "fields"
    label: str = ""
    text: str = ""
    side: str = ""
    fields: list[FormField] = field(default_factory=list)


@dataclass(frozen=True)
class PrintAnnex:
    anchor: str
    heading: str
    title: str
    number: str
    parts: tuple[AnnexPart, ...]


@dataclass(frozen=True)
class SccLayout:
    title: str
    module_title: str
    sections: tuple[PrintSection, ...]
    annexes: tuple[PrintAnnex, ...]
    clause_11_body_name: str


def scc_layout(document: SccDocument, inputs: dict[str, Any]) -> SccLayout:
    footnotes = {footnote.number: footnote.text for footnote in document.footnotes}
    sections = []
    annexes: list[PrintAnnex] = []
    for section in document.sections:
        clauses = [clause for clause in section.clauses if clause.kind == "clause"]
        if clauses:
            sections.append(
                PrintSection(section.heading, tuple(_clause(c, footnotes) for c in clauses))
            )
        annexes.extend(_annex(c) for c in section.clauses if c.kind == "annex")
    return SccLayout(
        title=document.title,
        module_title=document.module_title,
        sections=tuple(sections),
        annexes=tuple(annexes),
        clause_11_body_name=document.clause_11_body_name,
    )


# ---------------------------------------------------------------------- clauses


def _clause(clause: RenderedClause, footnotes: dict[int, str]) -> PrintClause:
    return PrintClause(
        anchor=f"clause-{clause.number}",
        heading=clause.heading,
        title=clause.title,
        blocks=tuple(_indented(clause.blocks, footnotes)),
    )


def _indented(blocks: Iterable[RenderedBlock], footnotes: dict[int, str]) -> list[PrintBlock]:
    """Lettered items hang at the margin, roman ones beneath them; a paragraph that follows a
    lettered item continues it, so it takes the item's text indent."""
    printed = []
    in_lettered_item = False
    for block in blocks:
        if block.kind == "subheading":
            in_lettered_item = False
            indent = 0
        elif block.kind == "item" and ROMAN_LABEL.match(block.label):
            indent = 2 if in_lettered_item else 1
        elif block.kind == "item":
            in_lettered_item = True
            indent = 1
        else:
            indent = 1 if in_lettered_item else 0
        printed.append(PrintBlock(block.kind, block.label, indent, _runs(block.runs, footnotes)))
    return printed


def _runs(runs: Iterable[RenderedRun], footnotes: dict[int, str]) -> tuple[PrintRun, ...]:
    return tuple(
        PrintRun(run.kind, run.text, footnotes[run.footnote_number], run.footnote_number)
        if run.kind == "footnote"
        else PrintRun(run.kind, run.text)
        for run in runs
    )


# ---------------------------------------------------------------------- annexes (forms)


def _annex(annex: RenderedClause) -> PrintAnnex:
    return PrintAnnex(
        anchor=f"annex-{annex.number}",
        heading=annex.heading,
        title=annex.title,
        number=annex.number,
        parts=tuple(_annex_parts(annex)),
    )


def _annex_parts(annex: RenderedClause) -> list[AnnexPart]:
    if annex.number == "I":
        return _annex_i_parts(annex.blocks)
    if annex.number == "II":
        return [AnnexPart("fields", fields=_label_fields(annex.blocks, MEASURES_FIELDS))]
    return _listed_records(annex.blocks, SUB_PROCESSOR_FIELDS, side="sub_processors")


def _annex_i_parts(blocks: tuple[RenderedBlock, ...]) -> list[AnnexPart]:
    parts: list[AnnexPart] = []
    for heading, section in _split_at_subheadings(blocks):
        parts.append(AnnexPart("heading", label=heading.label, text=heading.text))
        if heading.label == "A.":
            parts.extend(_party_lists(section))
        elif heading.label == "B.":
            parts.append(
                AnnexPart("transfer_fields", fields=_label_fields(section, TRANSFER_FIELDS))
            )
        else:
            parts.append(AnnexPart("fields", fields=_label_fields(section, AUTHORITY_FIELDS)))
    return parts


def _split_at_subheadings(
    blocks: tuple[RenderedBlock, ...],
) -> list[tuple[RenderedBlock, list[RenderedBlock]]]:
    sections: list[tuple[RenderedBlock, list[RenderedBlock]]] = []
    for block in blocks:
        if block.kind == "subheading":
            sections.append((block, []))
        elif sections:
            sections[-1][1].append(block)
    return sections


def _party_lists(blocks: list[RenderedBlock]) -> list[AnnexPart]:
    """ "Data exporter(s): [guidance]" then a numbered record; the same for importers."""
    parts = []
    side_blocks: list[RenderedBlock] = []
    side = ""
    for block in [*blocks, None]:
        starts_side = block is not None and _match(block.text, PARTY_SIDES)
        if block is None or starts_side:
            if side:
                parts.extend(_listed_records(side_blocks, PARTY_FIELDS, side=side))
            if block is None:
                break
            side, side_blocks = starts_side, [block]
        else:
            side_blocks.append(block)
    return parts


def _listed_records(
    blocks: Iterable[RenderedBlock], markers: dict[str, str], *, side: str
) -> list[AnnexPart]:
    """An intro line, then record "1." (label: … lines), then "2. …" meaning "and so on"."""
    intro: list[str] = []
    fields: list[FormField] = []
    for block in blocks:
        if block.kind in ("note", "module_note"):
            continue
        text = _without_guidance(block)
        if block.label == "2." and text == PLACEHOLDER:
            continue
        if text.endswith(PLACEHOLDER):
            label = text.removesuffix(PLACEHOLDER).strip()
            fields.append(FormField(label, _required_match(label, markers)))
        elif text:
            intro.append(text)
    return [AnnexPart("records", text=" ".join(intro), side=side, fields=fields)]


def _label_fields(blocks: Iterable[RenderedBlock], markers: dict[str, str]) -> list[FormField]:
    """Label paragraphs each followed by a "…" paragraph; drafting guidance in brackets and
    explanatory notes are left out of a completed copy."""
    fields = []
    in_guidance = False
    for block in blocks:
        text = block.text.strip()
        if block.kind in ("note", "module_note") or text == PLACEHOLDER:
            continue
        if text.startswith("["):
            in_guidance = True
        if in_guidance:
            in_guidance = not text.endswith("]")
            continue
        fields.append(FormField(text, _required_match(text, markers)))
    return fields


def _without_guidance(block: RenderedBlock) -> str:
    """The block's words without bracketed drafting guidance ("[Identity and contact ...]")."""
    kept = [
        run.text
        for run in block.runs
        if not (run.text.strip().startswith("[") and run.text.strip().endswith("]"))
    ]
    return "".join(kept).strip()


def _match(text: str, markers: dict[str, str]) -> str:
    return next((key for marker, key in markers.items() if text.startswith(marker)), "")


def _required_match(text: str, markers: dict[str, str]) -> str:
    key = _match(text, markers)
    if not key:
        raise ValueError(f"The annex label {text!r} matches no register value: update scc_layout.")
    return key
