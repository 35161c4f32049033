"""The EU Standard Contractual Clauses (Commission Implementing Decision (EU) 2021/914) as data.

Lawyers sign what the register prints, so the clauses must be the official text, never retyped.
This module parses the official English text kept in ``transfers/data/`` into a module-aware
structure, commits that structure as JSON next to it, and selects and fills the text for one
agreement. Only short markers that locate structure ("MODULE TWO", "OPTION 1", "Clause 9") are
written here: every sentence a document shows comes from the source file.

The structure (``SccText``) is sections -> clauses (and, in the Appendix, annexes) -> blocks.
A block is one paragraph, list item or sub-heading, tagged with the modules it applies to and,
when it is one of the alternatives a contract chooses between, with its option. Its text is a
sequence of segments so that blanks, footnote references and module-specific inserted words
keep their positions.

Regenerate the committed structure after changing the source text::

    python -m transfers.documents.scc_text > transfers/data/scc_2021_914.json
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Literal

from transfers import DATA_DIR

REFERENCE_DIR = DATA_DIR
SOURCE_PATH = REFERENCE_DIR / "eu-scc-2021-914.md"
JSON_PATH = REFERENCE_DIR / "scc_2021_914.json"

ALL_MODULES: frozenset[int] = frozenset({1, 2, 3, 4})
MODULE_NUMBERS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4}
MODULE_NAMES = {number: name.title() for name, number in MODULE_NUMBERS.items()}

SegmentKind = Literal["text", "blank", "footnote", "placeholder"]
BlockKind = Literal["paragraph", "item", "subheading", "note", "module_note"]
ClauseKind = Literal["clause", "annex"]
Clause13Variant = Literal["established", "representative", "no_representative"]

# Clause 13's three variants, in the order the official text gives them.
CLAUSE_13_VARIANTS: tuple[Clause13Variant, ...] = (
    "established",
    "representative",
    "no_representative",
)


# --------------------------------------------------------------------------- parsed structure


@dataclass(frozen=True)
class Segment:
    """A run of a block's text.

    ``kind`` is "text" (verbatim words), "blank" (a gap the parties fill: ``key`` names it,
    ``text`` keeps the source form such as "[Specify time period]"), "footnote" (a reference:
    ``number`` is the official footnote number, ``text`` its printed form "(8)") or
    "placeholder" (the "…" an annex leaves for the register to fill). ``modules`` is set when
    the official text inserts these words for some modules only ("[For Module Three: ...]").
    """

    kind: SegmentKind
    text: str
    key: str = ""
    number: int = 0
    modules: frozenset[int] | None = None


@dataclass(frozen=True)
class OptionTag:
    """Marks a block as one alternative of a choice the contract makes.

    ``group`` names the choice ("clause_9"); ``number`` is the option's number ("OPTION 2"),
    or its position among unnumbered variants (Clause 13); ``label`` is the official label,
    without brackets, which a signed copy leaves out; ``optional`` is true for a lone
    "[OPTION: ...]" that may be kept or left out rather than chosen among alternatives.
    """

    group: str
    number: int
    label: str
    optional: bool


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, sub-heading or note of the official text."""

    kind: BlockKind
    label: str
    segments: tuple[Segment, ...]
    modules: frozenset[int]
    option: OptionTag | None = None


@dataclass(frozen=True)
class Clause:
    """A clause (``kind`` "clause", number "1" to "18") or an annex ("annex", "I" to "III").

    ``heading`` is the official heading line ("Clause 7 – Optional", "ANNEX II") and ``title``
    the line that follows it ("Docking clause"), empty when the annex has none (Annex I).
    """

    kind: ClauseKind
    number: str
    heading: str
    title: str
    optional: bool
    blocks: tuple[Block, ...]

    @property
    def modules(self) -> frozenset[int]:
        """The modules this clause has text for: Clause 9, for example, has none in Module One."""
        return frozenset().union(*(block.modules for block in self.blocks))


@dataclass(frozen=True)
class Section:
    """A section of the clauses ("SECTION I") or the Appendix, whose clauses are the annexes."""

    heading: str
    blocks: tuple[Block, ...]
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Footnote:
    """A footnote of the clauses, with its official number."""

    number: int
    text: str


@dataclass(frozen=True)
class SccText:
    """The Annex to Decision (EU) 2021/914: the clauses of all four modules, interleaved."""

    title: str
    module_titles: tuple[str, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]

    def module_title(self, module: int) -> str:
        """The official name of a module, e.g. "MODULE TWO: Transfer controller to processor"."""
        return self.module_titles[module - 1]


# --------------------------------------------------------------------------- parser

_START_LINE = "STANDARD CONTRACTUAL CLAUSES"
_RULE_LINE = "* * *"
_APPENDIX_LINE = "APPENDIX"
_NOTE_LINE = "EXPLANATORY NOTE:"
_PLACEHOLDER = "…"
_SECTION_RE = re.compile(r"^SECTION [IVX]+\b")
_CLAUSE_RE = re.compile(r"^Clause (?P<number>\d+)(?: – (?P<qualifier>\w+))?$")
_OPTIONAL_QUALIFIER = "Optional"
_ANNEX_RE = re.compile(r"^ANNEX (?P<number>[IVX]+)$")
_MODULE_HEADING_RE = re.compile(
    r"^(?P<title>MODULE (?P<name>ONE|TWO|THREE|FOUR): [^(]*?)(?: (?P<note>\(.*\)))?$"
)
_SUBHEADING_RE = re.compile(r"^(?P<number>\d+\.\d+|[A-Z]\.)\s{2,}(?P<title>\S.*)$")
_ITEM_LABEL_RE = re.compile(r"^(?:\([a-z]+\)|\d+\.)$")
_FOOTNOTE_TEXT_RE = re.compile(r"^\[\((?P<number>\d+)\)\]\(#ntc\d+-[^)]*\)\s+(?P<text>.*)$")
_MARKDOWN_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_INLINE_RE = re.compile(
    r"(?P<footnote>\[\((?P<number>\d+)\)\]\(#ntr\d+-[^)]*\))"
    r"|\\\[(?P<bracketed>(?:[^\\]|\\[^\]])*?)\\\]"
    r"|(?P<underscores>(?:\\_)+) \((?P<instruction>specify [^)]+)\)"
    r"|(?P<placeholder>…)"
)
_SPECIFY_RE = re.compile(r"^[Ss]pecify (?P<what>.+)$")
_MODULE_QUALIFIER_RE = re.compile(r"^[Ff]or (?P<modules>Modules? [A-Za-z, ]+?):\s?(?P<body>.*)$")
_BRACKETED_OPTION_RE = re.compile(
    r"^\\\[(?P<label>OPTION(?: (?P<number>\d+))?(?: \((?P<scope>for [^)]*)\))?):"
    r" (?P<body>.*)\\\]$"
)
_CAPITALISED_OPTION_RE = re.compile(
    r"^(?P<label>OPTION (?P<number>\d+): (?:[A-Z]+ )*[A-Z]+) (?P<body>.*)$"
)
_CONDITION_VARIANT_RE = re.compile(r"^\\\[(?P<label>[^\\]+:)\\\] (?P<body>.*)$")
_MODULE_WORD_RE = re.compile(r"\b(ONE|TWO|THREE|FOUR)\b", re.IGNORECASE)

# What a blank asks for ("[Specify time period]", "(specify Member State)") -> its key's tail.
_BLANK_SLUGS = {"time period": "period", "member state": "member_state", "country": "country"}


def parse_official_text(markdown: str) -> SccText:
    """Parse the EUR-Lex Markdown of Decision (EU) 2021/914 into an ``SccText``.

    Only the Annex to the decision (the clauses, from "STANDARD CONTRACTUAL CLAUSES" to
    Annex III) is kept: the recitals and articles are not part of a contract. Raises
    ``ValueError`` when the text does not have the expected shape, so that a changed source
    fails loudly instead of printing a wrong contract.
    """
    lines = markdown.splitlines()
    try:
        start = lines.index(_START_LINE)
    except ValueError:
        raise ValueError(f"no {_START_LINE!r} line: not the text of Decision 2021/914") from None
    builder = _SccTextBuilder(title=_START_LINE)
    for line in lines[start + 1 :]:
        builder.feed(line)
    return builder.build()


def _module_names_in(phrase: str) -> frozenset[int]:
    """The module numbers a phrase such as "Modules One, Two and Three" names."""
    return frozenset(MODULE_NUMBERS[word.upper()] for word in _MODULE_WORD_RE.findall(phrase))


def _unescape(markdown_text: str) -> str:
    """Undo Markdown's backslash escapes ("\\[" is "[" in the official text)."""
    return _MARKDOWN_ESCAPE_RE.sub(r"\1", markdown_text)


def _strip_links(markdown_text: str) -> str:
    """Keep a link's text and drop its target: the targets point into EUR-Lex's site."""
    return _MARKDOWN_LINK_RE.sub(r"\1", markdown_text)


def _blank_key(clause_number: str, what: str) -> str:
    """A stable key for a blank, e.g. "clause_9_period", from the clause and what it asks for."""
    try:
        slug = _BLANK_SLUGS[what.lower()]
    except KeyError:
        raise ValueError(f"unknown blank {what!r} in Clause {clause_number}") from None
    return f"clause_{clause_number}_{slug}"


def _segments(raw: str, clause_number: str) -> list[Segment]:
    """Split one paragraph of Markdown into text, blank, footnote and placeholder segments."""
    segments: list[Segment] = []
    position = 0
    for match in _INLINE_RE.finditer(raw):
        if match.start() > position:
            segments.append(Segment("text", _unescape(raw[position : match.start()])))
        segments.extend(_inline_segments(match, clause_number))
        position = match.end()
    if position < len(raw):
        segments.append(Segment("text", _unescape(raw[position:])))
    return segments


def _inline_segments(match: re.Match[str], clause_number: str) -> list[Segment]:
    """The segments one inline construct (footnote, bracket, blank, placeholder) stands for."""
    if match["footnote"]:
        return [Segment("footnote", f"({match['number']})", number=int(match["number"]))]
    if match["placeholder"]:
        return [Segment("placeholder", _PLACEHOLDER)]
    if match["underscores"] is not None:
        source_form = _unescape(match.group(0))
        key = _blank_key(clause_number, match["instruction"].removeprefix("specify "))
        return [Segment("blank", source_form, key=key)]
    return _bracketed_segments(match["bracketed"], clause_number)


def _bracketed_segments(inner: str, clause_number: str) -> list[Segment]:
    """Classify "[...]": a blank, words for some modules only, or literal drafting guidance."""
    if specify := _SPECIFY_RE.match(inner):
        key = _blank_key(clause_number, specify["what"])
        return [Segment("blank", f"[{_unescape(inner)}]", key=key)]
    if qualifier := _MODULE_QUALIFIER_RE.match(inner):
        modules = _module_names_in(qualifier["modules"])
        return [
            Segment(s.kind, s.text, s.key, s.number, modules)
            for s in _segments(qualifier["body"], clause_number)
        ]
    return [Segment("text", f"[{_unescape(inner)}]")]


def _split_option(raw: str, clause_number: str) -> tuple[OptionTag | None, str, frozenset[int]]:
    """Recognise a paragraph that is one option; return its tag, its body and module limits.

    Three forms exist: "[OPTION 1: ...]" / "[OPTION: ...]" (Clauses 11 and 17),
    "OPTION 1: SPECIFIC PRIOR AUTHORISATION ..." (Clause 9) and "[Where ...:] ..." (Clause 13,
    numbered by the caller by order of appearance, hence number 0 here).
    """
    group = f"clause_{clause_number}"
    if match := _BRACKETED_OPTION_RE.match(raw):
        scope = _module_names_in(match["scope"]) if match["scope"] else ALL_MODULES
        number = int(match["number"]) if match["number"] else 1
        tag = OptionTag(group, number, match["label"], optional=match["number"] is None)
        return tag, match["body"], scope
    if match := _CAPITALISED_OPTION_RE.match(raw):
        tag = OptionTag(group, int(match["number"]), match["label"], optional=False)
        return tag, match["body"], ALL_MODULES
    if match := _CONDITION_VARIANT_RE.match(raw):
        tag = OptionTag(group, 0, _unescape(match["label"]), optional=False)
        return tag, match["body"], ALL_MODULES
    return None, raw, ALL_MODULES


def _lift_paragraph_qualifier(
    segments: list[Segment], modules: frozenset[int]
) -> tuple[tuple[Segment, ...], frozenset[int]]:
    """A paragraph that is entirely "[For Module Three: ...]" belongs to that module only."""
    qualifiers = {segment.modules for segment in segments}
    if len(qualifiers) != 1 or None in qualifiers:
        return tuple(segments), modules
    (only,) = qualifiers
    unqualified = tuple(Segment(s.kind, s.text, s.key, s.number) for s in segments)
    return unqualified, modules & only


@dataclass
class _ClauseDraft:
    kind: ClauseKind
    number: str
    heading: str
    optional: bool
    title: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _SectionDraft:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    clauses: list[_ClauseDraft] = field(default_factory=list)


class _SccTextBuilder:
    """Reads the clauses line by line, keeping track of where each block belongs.

    The Markdown has one paragraph per line. A "MODULE X" heading line (or a run of them, which
    name several modules) sets the modules of the blocks that follow, until the next module
    heading or the next clause, annex or section: the Official Journal restarts with text common
    to all modules only at such a boundary.
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self.module_titles: dict[int, str] = {}
        self.sections: list[_SectionDraft] = []
        self.footnotes: list[Footnote] = []
        self.scope = ALL_MODULES
        self.after_module_heading = False
        self.pending_label = ""
        self.pending_note = False
        self.expecting_title = False

    def feed(self, line: str) -> None:
        text = line.strip()
        if not text or text == _RULE_LINE:
            return
        if footnote := _FOOTNOTE_TEXT_RE.match(text):
            footnote_text = _unescape(_strip_links(footnote["text"]))
            self.footnotes.append(Footnote(int(footnote["number"]), footnote_text))
        elif self.expecting_title and not _SUBHEADING_RE.match(text):
            self.expecting_title = False
            self._clause().title = text
        elif self.pending_label:
            label, self.pending_label = self.pending_label, ""
            self._add_paragraph(text, kind="item", label=label)
        elif self.pending_note:
            self.pending_note = False
            self._add_paragraph(text, kind="note", label=_NOTE_LINE)
        else:
            self.expecting_title = False
            self._feed_structure(text)

    def _feed_structure(self, text: str) -> None:
        if _ITEM_LABEL_RE.match(text):
            self.pending_label = text
        elif text == _NOTE_LINE:
            self.pending_note = True
        elif _SECTION_RE.match(text) or text == _APPENDIX_LINE:
            self.sections.append(_SectionDraft(text))
            self._reset_scope()
        elif match := _CLAUSE_RE.match(text):
            optional = match["qualifier"] == _OPTIONAL_QUALIFIER
            self._start_clause(_ClauseDraft("clause", match["number"], text, optional))
        elif match := _ANNEX_RE.match(text):
            self._start_clause(_ClauseDraft("annex", match["number"], text, optional=False))
        elif match := _MODULE_HEADING_RE.match(text):
            self._module_heading(match)
        elif match := _SUBHEADING_RE.match(text):
            segments = (Segment("text", match["title"]),)
            self._append(Block("subheading", match["number"], segments, self.scope))
        else:
            self._add_paragraph(text, kind="paragraph", label="")

    def _start_clause(self, clause: _ClauseDraft) -> None:
        self.sections[-1].clauses.append(clause)
        self._reset_scope()
        self.expecting_title = True

    def _reset_scope(self) -> None:
        self.scope = ALL_MODULES
        self.after_module_heading = False

    def _module_heading(self, match: re.Match[str]) -> None:
        module = MODULE_NUMBERS[match["name"]]
        self.scope = self.scope | {module} if self.after_module_heading else frozenset({module})
        self.after_module_heading = True
        self.module_titles.setdefault(module, match["title"])
        if match["note"]:
            note = (Segment("text", match["note"]),)
            self._blocks().append(Block("module_note", "", note, frozenset({module})))

    def _add_paragraph(self, raw: str, kind: BlockKind, label: str) -> None:
        number = self._clause().number if self._in_clause() else ""
        option, body, option_scope = _split_option(raw, number)
        segments, modules = _lift_paragraph_qualifier(
            _segments(body, number), self.scope & option_scope
        )
        if option is not None:
            option, kind, label = self._continue_option_group(option, kind, label)
        self._append(Block(kind, label, segments, modules, option))

    def _continue_option_group(
        self, option: OptionTag, kind: BlockKind, label: str
    ) -> tuple[OptionTag, BlockKind, str]:
        """Number unnumbered variants and give later alternatives the item label of the first.

        In the official text "(a)" precedes only the first alternative of Clauses 9(a) and
        13(a); whichever alternative is chosen, it is paragraph (a).
        """
        blocks = self._blocks()
        previous = blocks[-1].option if blocks else None
        if previous is not None and previous.group != option.group:
            previous = None
        if option.number == 0:
            number = previous.number + 1 if previous else 1
            option = OptionTag(option.group, number, option.label, option.optional)
        if previous and not label:
            kind, label = blocks[-1].kind, blocks[-1].label
        return option, kind, label

    def _append(self, block: Block) -> None:
        self._blocks().append(block)
        self.after_module_heading = False

    def _in_clause(self) -> bool:
        return bool(self.sections and self.sections[-1].clauses)

    def _clause(self) -> _ClauseDraft:
        return self.sections[-1].clauses[-1]

    def _blocks(self) -> list[Block]:
        if not self.sections:
            raise ValueError("text found before the first section of the clauses")
        return self._clause().blocks if self._in_clause() else self.sections[-1].blocks

    def build(self) -> SccText:
        if self.pending_label or self.pending_note:
            raise ValueError("the text ends with a label that has no paragraph")
        if sorted(self.module_titles) != [1, 2, 3, 4]:
            raise ValueError(f"module headings found only for {sorted(self.module_titles)}")
        sections = tuple(
            Section(
                section.heading,
                tuple(section.blocks),
                tuple(_finish_clause(clause) for clause in section.clauses),
            )
            for section in self.sections
        )
        text = SccText(
            title=self.title,
            module_titles=tuple(self.module_titles[module] for module in sorted(ALL_MODULES)),
            sections=sections,
            footnotes=tuple(self.footnotes),
        )
        _check_footnotes(text)
        return text


def _finish_clause(draft: _ClauseDraft) -> Clause:
    """Freeze a clause; a sub-heading applies to the modules of the text it heads."""
    if draft.kind == "clause" and not draft.title:
        raise ValueError(f"Clause {draft.number} has no title")
    blocks = list(draft.blocks)
    for index, block in enumerate(blocks):
        if block.kind == "subheading":
            headed = _blocks_until_next_subheading(blocks[index + 1 :])
            if headed:
                modules = block.modules & frozenset().union(*(b.modules for b in headed))
                blocks[index] = Block(block.kind, block.label, block.segments, modules)
    return Clause(
        draft.kind, draft.number, draft.heading, draft.title, draft.optional, tuple(blocks)
    )


def _blocks_until_next_subheading(blocks: list[Block]) -> list[Block]:
    headed: list[Block] = []
    for block in blocks:
        if block.kind == "subheading":
            break
        headed.append(block)
    return headed


def iter_blocks(text: SccText) -> Iterator[Block]:
    """Every block of the text, in official order."""
    for section in text.sections:
        yield from section.blocks
        for clause in section.clauses:
            yield from clause.blocks


def _check_footnotes(text: SccText) -> None:
    """Every footnote reference must have its footnote text, and no footnote may be orphaned."""
    defined = [footnote.number for footnote in text.footnotes]
    cited = {
        segment.number
        for block in iter_blocks(text)
        for segment in block.segments
        if segment.kind == "footnote"
    }
    if defined != sorted(set(defined)) or cited != set(defined):
        raise ValueError(f"footnotes {defined} do not match the references {sorted(cited)}")


# --------------------------------------------------------------------------- JSON round trip


def scc_text_to_json(text: SccText) -> str:
    """Serialise in a stable form (field order, sorted module sets) so that diffs stay readable."""
    return json.dumps(asdict(text), indent=1, ensure_ascii=False, default=sorted) + "\n"


def scc_text_from_json(serialised: str) -> SccText:
    """Rebuild an ``SccText`` from ``scc_text_to_json``'s output."""
    data = json.loads(serialised)
    return SccText(
        title=data["title"],
        module_titles=tuple(data["module_titles"]),
        sections=tuple(_section_from_json(section) for section in data["sections"]),
        footnotes=tuple(Footnote(**footnote) for footnote in data["footnotes"]),
    )


def _section_from_json(data: dict) -> Section:
    return Section(
        heading=data["heading"],
        blocks=tuple(_block_from_json(block) for block in data["blocks"]),
        clauses=tuple(_clause_from_json(clause) for clause in data["clauses"]),
    )


def _clause_from_json(data: dict) -> Clause:
    blocks = tuple(_block_from_json(block) for block in data["blocks"])
    return Clause(**{**data, "blocks": blocks})


def _block_from_json(data: dict) -> Block:
    return Block(
        kind=data["kind"],
        label=data["label"],
        segments=tuple(_segment_from_json(segment) for segment in data["segments"]),
        modules=frozenset(data["modules"]),
        option=OptionTag(**data["option"]) if data["option"] else None,
    )


def _segment_from_json(data: dict) -> Segment:
    modules = frozenset(data["modules"]) if data["modules"] is not None else None
    return Segment(**{**data, "modules": modules})


@cache
def load_scc_text() -> SccText:
    """The committed structure: what the app uses at run time (parsing is for regeneration)."""
    return scc_text_from_json(JSON_PATH.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- options


@dataclass(frozen=True, kw_only=True)
class SccOptions:
    """The choices one agreement makes; every blank of the chosen module must be given a value.

    Fields that do not apply to the module stay at their defaults: a value given for a choice or
    blank that the module does not have is an error rather than silently dropped, because it
    means the agreement was drafted for another module. ``clause_11_body_name`` has no blank in
    the official text: it is required with the optional Clause 11 wording and returned next to
    the clauses (``SccDocument.clause_11_body_name``), never written into them.
    """

    module: int
    docking_clause: bool
    clause_11_optional_body: bool
    clause_9_option: int | None = None
    clause_9_period: str = ""
    clause_11_body_name: str = ""
    clause_13_variant: Clause13Variant | None = None
    clause_17_option: int | None = None
    clause_17_law_country: str = ""
    clause_18_courts_country: str = ""

    def __post_init__(self) -> None:
        if self.module not in ALL_MODULES:
            raise ValueError(f"module must be 1, 2, 3 or 4, not {self.module!r}")
        for name in ("clause_9_option", "clause_17_option"):
            if getattr(self, name) not in (None, 1, 2):
                raise ValueError(f"{name} must be 1, 2 or None, not {getattr(self, name)!r}")
        if self.clause_13_variant not in (None, *CLAUSE_13_VARIANTS):
            raise ValueError(
                f"clause_13_variant must be one of {', '.join(CLAUSE_13_VARIANTS)} or None,"
                f" not {self.clause_13_variant!r}"
            )
        named = bool(self.clause_11_body_name.strip())
        if self.clause_11_optional_body and not named:
            raise ValueError("clause_11_body_name is required when clause_11_optional_body is set")
        if named and not self.clause_11_optional_body:
            raise ValueError("clause_11_body_name is set, but clause_11_optional_body is not")

    def chosen_options(self) -> dict[str, int | None]:
        """The option number chosen for each option group of the text (None: none chosen)."""
        variant = self.clause_13_variant
        return {
            "clause_9": self.clause_9_option,
            "clause_11": 1 if self.clause_11_optional_body else None,
            "clause_13": CLAUSE_13_VARIANTS.index(variant) + 1 if variant else None,
            "clause_17": self.clause_17_option,
        }


# Which SccOptions field answers each option group, optional clause and blank of the text.
OPTION_FIELDS = {
    "clause_9": "clause_9_option",
    "clause_11": "clause_11_optional_body",
    "clause_13": "clause_13_variant",
    "clause_17": "clause_17_option",
}
OPTIONAL_CLAUSE_FIELDS = {"7": "docking_clause"}
BLANK_FIELDS = {
    "clause_9_period": "clause_9_period",
    "clause_17_member_state": "clause_17_law_country",
    "clause_17_country": "clause_17_law_country",
    "clause_18_member_state": "clause_18_courts_country",
    "clause_18_country": "clause_18_courts_country",
}


# --------------------------------------------------------------------------- rendered document


@dataclass(frozen=True)
class RenderedRun:
    """A run of a rendered block, for a template to print in order.

    ``kind`` is "text" (official words), "value" (what the parties filled into a blank: user
    input, so let the template escape it), "footnote" (``text`` is "(8)", ``footnote_number`` 8)
    or "placeholder" (an annex's "…" that the register fills).
    """

    kind: Literal["text", "value", "footnote", "placeholder"]
    text: str
    footnote_number: int | None = None


@dataclass(frozen=True)
class RenderedBlock:
    """A block of the selected module with its options resolved and its blanks filled.

    ``option_label`` is the official label of the chosen option ("OPTION 2: GENERAL WRITTEN
    AUTHORISATION"), which is not part of ``runs``: a signed copy shows the chosen text only.
    """

    kind: BlockKind
    label: str
    runs: tuple[RenderedRun, ...]
    option_label: str = ""

    @property
    def text(self) -> str:
        """The block as plain text, footnote references printed as in the Official Journal."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class RenderedClause:
    """A clause or annex of the selected module, headed as in the official text."""

    kind: ClauseKind
    number: str
    heading: str
    title: str
    blocks: tuple[RenderedBlock, ...]


@dataclass(frozen=True)
class RenderedSection:
    """A section of the selected module, or the Appendix with its note and annexes."""

    heading: str
    blocks: tuple[RenderedBlock, ...]
    clauses: tuple[RenderedClause, ...]


@dataclass(frozen=True)
class SccDocument:
    """The clauses of one agreement: what a template renders, in order, then the footnotes."""

    title: str
    module: int
    module_title: str
    sections: tuple[RenderedSection, ...]
    footnotes: tuple[Footnote, ...]
    clause_11_body_name: str

    def clauses(self) -> Iterator[RenderedClause]:
        """Every clause and annex, in order, for callers that do not need the sections."""
        for section in self.sections:
            yield from section.clauses


def select_clauses(text: SccText, options: SccOptions) -> SccDocument:
    """Select the module's text, resolve every option and fill every blank.

    The text stays verbatim: unchosen options and words for other modules are left out, the
    labels of the chosen options are moved to ``option_label``, and blanks are replaced by the
    values given. Raises ``ValueError`` naming the ``SccOptions`` field when a required choice
    or value is missing or a given one does not apply to the module.
    """
    module = options.module
    applicable = [
        (section, tuple(c for c in section.clauses if _clause_applies(c, options)))
        for section in text.sections
    ]
    blocks = [
        block
        for section, clauses in applicable
        for block in _chain(section.blocks, *(clause.blocks for clause in clauses))
        if module in block.modules
    ]
    choices = _resolve_choices(blocks, options)
    kept = [block for block in blocks if _option_kept(block, choices)]
    values = _blank_values(kept, options)
    sections = tuple(
        RenderedSection(
            section.heading,
            _render_blocks(section.blocks, module, choices, values),
            tuple(
                RenderedClause(
                    clause.kind,
                    clause.number,
                    clause.heading,
                    clause.title,
                    _render_blocks(clause.blocks, module, choices, values),
                )
                for clause in clauses
            ),
        )
        for section, clauses in applicable
        if clauses or any(module in block.modules for block in section.blocks)
    )
    return SccDocument(
        title=text.title,
        module=module,
        module_title=text.module_title(module),
        sections=sections,
        footnotes=_cited_footnotes(text, sections),
        clause_11_body_name=options.clause_11_body_name.strip(),
    )


def _chain(*block_lists: Iterable[Block]) -> Iterator[Block]:
    for blocks in block_lists:
        yield from blocks


def _clause_applies(clause: Clause, options: SccOptions) -> bool:
    """A clause is printed if its module has text in it and, when optional, it was chosen."""
    if options.module not in clause.modules:
        return False
    return not clause.optional or getattr(options, OPTIONAL_CLAUSE_FIELDS[clause.number])


def _module_name(module: int) -> str:
    return f"Module {MODULE_NAMES[module]}"


def _resolve_choices(blocks: list[Block], options: SccOptions) -> dict[str, int | None]:
    """Check the choices against the options the module offers; fill in an only alternative."""
    offered: dict[str, dict[int, OptionTag]] = {}
    for block in blocks:
        if block.option is not None:
            offered.setdefault(block.option.group, {})[block.option.number] = block.option
    requested = options.chosen_options()
    unknown = set(offered) - set(requested)
    if unknown:
        raise ValueError(f"the text has option groups {sorted(unknown)} that SccOptions lacks")
    module = _module_name(options.module)
    resolved: dict[str, int | None] = {}
    for group, chosen in requested.items():
        name = OPTION_FIELDS[group]
        available = offered.get(group)
        if available is None:
            if chosen is not None:
                raise ValueError(f"{name} does not apply to {module}: leave it unset")
            continue
        resolved[group] = _resolve_choice(name, module, chosen, available)
    return resolved


def _resolve_choice(
    name: str, module: str, chosen: int | None, available: dict[int, OptionTag]
) -> int | None:
    if chosen is None:
        if len(available) == 1 and not _is_optional(available):
            return next(iter(available))
        if _is_optional(available):
            return None
        raise ValueError(f"{name} is required for {module}: choose {_describe(available)}")
    if chosen not in available:
        offered = _describe(available)
        raise ValueError(f"{name}={chosen!r} is not offered in {module}: it offers {offered}")
    return chosen


def _is_optional(available: dict[int, OptionTag]) -> bool:
    return all(tag.optional for tag in available.values())


def _describe(available: dict[int, OptionTag]) -> str:
    return " or ".join(f"{number} ({tag.label})" for number, tag in sorted(available.items()))


def _option_kept(block: Block, choices: dict[str, int | None]) -> bool:
    return block.option is None or choices.get(block.option.group) == block.option.number


def _blank_values(blocks: list[Block], options: SccOptions) -> dict[str, str]:
    """The value of every blank the kept blocks show; every value given must be used."""
    values: dict[str, str] = {}
    for block in blocks:
        for segment in block.segments:
            in_module = segment.modules is None or options.module in segment.modules
            if segment.kind == "blank" and in_module:
                values[segment.key] = _blank_value(segment, options)
    used = {BLANK_FIELDS[key] for key in values}
    for name in sorted(set(BLANK_FIELDS.values()) - used):
        if getattr(options, name).strip():
            raise ValueError(
                f"{name} is set, but the chosen text of {_module_name(options.module)}"
                " has no blank for it: leave it empty"
            )
    return values


def _blank_value(segment: Segment, options: SccOptions) -> str:
    try:
        name = BLANK_FIELDS[segment.key]
    except KeyError:
        raise ValueError(f"the text has a blank {segment.key!r} that SccOptions lacks") from None
    value = getattr(options, name).strip()
    if not value:
        raise ValueError(
            f"{name} is required for {_module_name(options.module)}: it fills the blank"
            f" {segment.text!r} ({segment.key})"
        )
    return value


def _render_blocks(
    blocks: tuple[Block, ...],
    module: int,
    choices: dict[str, int | None],
    values: dict[str, str],
) -> tuple[RenderedBlock, ...]:
    return tuple(
        RenderedBlock(
            block.kind,
            block.label,
            _render_runs(block.segments, module, values),
            block.option.label if block.option else "",
        )
        for block in blocks
        if module in block.modules and _option_kept(block, choices)
    )


def _render_runs(
    segments: tuple[Segment, ...], module: int, values: dict[str, str]
) -> tuple[RenderedRun, ...]:
    """The runs of one block for one module.

    Where words for some modules only were inserted ("situation [for Module Three:, if
    appropriate ...]."), the space before them goes when the next run starts with a space or
    punctuation, so that "situation." and "situation, if appropriate" read as in the
    module-specific text.
    """
    runs: list[RenderedRun] = []
    previous_modules: frozenset[int] | None = None
    for segment in segments:
        seam = segment.modules != previous_modules
        previous_modules = segment.modules
        if segment.modules is not None and module not in segment.modules:
            continue
        run = _render_segment(segment, values)
        if seam and runs and runs[-1].kind == "text" and _closes_gap(run.text):
            runs[-1] = RenderedRun("text", runs[-1].text.rstrip())
        runs.append(run)
    return _trim(runs)


def _closes_gap(following: str) -> bool:
    return not following or following[0].isspace() or following[0] in ",.;:)"


def _render_segment(segment: Segment, values: dict[str, str]) -> RenderedRun:
    if segment.kind == "blank":
        return RenderedRun("value", values[segment.key])
    if segment.kind == "footnote":
        return RenderedRun("footnote", segment.text, segment.number)
    return RenderedRun(segment.kind, segment.text)


def _trim(runs: list[RenderedRun]) -> tuple[RenderedRun, ...]:
    """Drop the spaces left at either end of a block by words for other modules."""
    if runs and runs[0].kind == "text":
        runs[0] = RenderedRun("text", runs[0].text.lstrip())
    if runs and runs[-1].kind == "text":
        runs[-1] = RenderedRun("text", runs[-1].text.rstrip())
    return tuple(run for run in runs if run.text)


def _cited_footnotes(text: SccText, sections: tuple[RenderedSection, ...]) -> tuple[Footnote, ...]:
    """The footnotes the document cites, in number order, keeping the official numbers."""
    cited = {
        run.footnote_number
        for section in sections
        for block in _chain(section.blocks, *(clause.blocks for clause in section.clauses))
        for run in block.runs
        if run.kind == "footnote"
    }
    return tuple(footnote for footnote in text.footnotes if footnote.number in cited)


def main() -> None:
    """Print the structure parsed from the reference copy (see the module docstring)."""
    text = parse_official_text(SOURCE_PATH.read_text(encoding="utf-8"))
    sys.stdout.write(scc_text_to_json(text))


if __name__ == "__main__":
    main()
