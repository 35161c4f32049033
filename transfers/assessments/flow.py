"""The picture of a transfer in a TIA report: exporter → importer → sub-processors (and the
importer's onward transfers), each with its country, drawn as inline SVG on the server.

Pure: a snapshot dict in (see ``transfers.assessments.selectors.register_snapshot``), an SVG
string out.
Every text is escaped; nothing is fetched. Boxes of countries whose law the assessment covers
are drawn in amber, others (EEA, adequate, or not part of the assessment) in grey-blue."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

WIDTH = 700
BOX_WIDTH = 184
COLUMNS = (4, 258, 512)
LINE = 13
PADDING = 8
GAP = 14
NAME_CHARS = 24
ESTABLISHMENT = "Country of establishment"  # the location given when none is recorded
ASSESSED = ("#fff3e0", "#c8711e", "third country: law assessed")
NOT_ASSESSED = ("#eef3f8", "#6b7f99", "not assessed here (EEA or adequate)")


@dataclass
class Box:
    heading: str
    name: str
    lines: list[str]
    country_code: str
    assessed: bool
    dashed: bool = False
    x: int = 0
    y: int = 0
    name_lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name_lines = textwrap.wrap(self.name, NAME_CHARS)[:3] or ["-"]

    @property
    def height(self) -> int:
        rows = 1 + len(self.name_lines) + len(self.lines)
        return PADDING * 2 + rows * LINE + 4

    @property
    def middle(self) -> int:
        return self.y + self.height // 2


def place_column(boxes: list[Box], x: int, top: int) -> int:
    """Stack boxes from ``top``; returns the column's bottom."""
    y = top
    for box in boxes:
        box.x, box.y = x, y
        y += box.height + GAP
    return y - GAP if boxes else top


def centre_column(boxes: list[Box], x: int, top: int, bottom: int) -> None:
    height = sum(b.height for b in boxes) + GAP * (len(boxes) - 1)
    place_column(boxes, x, top + max(0, (bottom - top - height) // 2))


def places(rows: Iterable[dict[str, Any]]) -> list[str]:
    """ "Stores in: United States of America" lines, wrapped to the box."""
    by_activity: dict[str, list[str]] = {}
    for row in rows:
        if row["activity"] == ESTABLISHMENT:
            continue  # already on the box's country line
        by_activity.setdefault(row["activity"], []).append(row["code"])
    lines = []
    for activity, codes in by_activity.items():
        lines += textwrap.wrap(f"{activity}: {', '.join(codes)}", NAME_CHARS + 4)
    return lines


def party_box(
    heading: str, party: dict[str, Any] | None, assessed: set[str], extra: list[str]
) -> Box:
    if party is None:
        return Box(heading, "The data subject (direct collection)", [], "", False)
    role = f" · {party['role_label'].lower()}" if party.get("role_label") else ""
    code = party["country"]["code"]
    return Box(
        f"{heading}{role}",
        party["name"],
        [f"{party['country']['name']} ({code})", *extra],
        code,
        code in assessed,
    )


def boxes_for(snapshot: dict[str, Any]) -> tuple[Box, Box, list[Box]]:
    assessed = {c["code"] for c in snapshot.get("third_countries", [])}
    exporter = party_box("EXPORTER", snapshot.get("exporter"), assessed, [])
    locations = places(snapshot.get("importer_locations", []))
    importer = party_box("IMPORTER", snapshot.get("importer"), assessed, locations)
    importer.assessed = importer.assessed or any(
        r["code"] in assessed for r in snapshot.get("importer_locations", [])
    )
    right = [
        Box(
            "SUB-PROCESSOR",
            sub["name"],
            [f"{sub['country']['name']} ({sub['country']['code']})", *places(sub["locations"])],
            sub["country"]["code"],
            sub["country"]["code"] in assessed
            or any(loc["code"] in assessed for loc in sub["locations"]),
        )
        for sub in snapshot.get("sub_processors", [])
    ]
    right += [
        Box(
            "ONWARD TRANSFER",
            flow["importer"],
            [f"{flow['country']['name']} ({flow['country']['code']})", flow["legal_tool"]],
            flow["country"]["code"],
            flow["country"]["code"] in assessed,
            dashed=True,
        )
        for flow in snapshot.get("onward_transfers", [])
    ]
    return exporter, importer, right


def draw_box(box: Box) -> str:
    fill, stroke, _ = ASSESSED if box.assessed else NOT_ASSESSED
    dash = ' stroke-dasharray="5 3"' if box.dashed else ""
    parts = [
        f'<rect x="{box.x}" y="{box.y}" width="{BOX_WIDTH}" height="{box.height}" rx="5" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>'
    ]
    y = box.y + PADDING + LINE - 3
    parts.append(text(box.x + PADDING, y, box.heading, 'font-size="8.5" fill="#555"'))
    for line in box.name_lines:
        y += LINE
        parts.append(text(box.x + PADDING, y, line, 'font-size="11" font-weight="bold"'))
    for line in box.lines:
        y += LINE
        parts.append(text(box.x + PADDING, y, line, 'font-size="9.5"'))
    return "\n".join(parts)


def text(x: int, y: int, content: str, attributes: str) -> str:
    return f'<text x="{x}" y="{y}" {attributes}>{escape(content)}</text>'


def arrow(source: Box, target: Box, label: str = "", dashed: bool = False) -> str:
    x1, y1 = source.x + BOX_WIDTH, source.middle
    x2, y2 = target.x - 2, target.middle
    bend = (x2 - x1) // 2
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    parts = [
        f'<path d="M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2 - 6},{y2}" fill="none" '
        f'stroke="#34495e" stroke-width="1.4"{dash}/>',
        f'<polygon points="{x2},{y2} {x2 - 8},{y2 - 4} {x2 - 8},{y2 + 4}" fill="#34495e"/>',
    ]
    if label:
        attributes = 'font-size="8" fill="#34495e" font-style="italic" text-anchor="middle"'
        parts.append(text((x1 + x2) // 2, min(y1, y2) - 5, label, attributes))
    return "\n".join(parts)


def legend(y: int) -> str:
    parts = []
    x = COLUMNS[0]
    for fill, stroke, label in (ASSESSED, NOT_ASSESSED):
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="10" fill="{fill}" stroke="{stroke}"/>'
        )
        parts.append(text(x + 20, y + 9, label, 'font-size="9"'))
        x += 250
    parts.append(
        f'<line x1="{x}" y1="{y + 5}" x2="{x + 22}" y2="{y + 5}" stroke="#34495e" '
        'stroke-dasharray="5 3"/>'
    )
    parts.append(text(x + 28, y + 9, "onward transfer", 'font-size="9"'))
    return "\n".join(parts)


def flow_svg(snapshot: dict[str, Any], *, tool_label: str = "transfer") -> str:
    """The diagram as an ``<svg>`` element sized to the page width."""
    exporter, importer, right = boxes_for(snapshot)
    top = 10
    bottom = place_column(right, COLUMNS[2], top)
    bottom = max(bottom, top + max(exporter.height, importer.height))
    centre_column([exporter], COLUMNS[0], top, bottom)
    centre_column([importer], COLUMNS[1], top, bottom)
    shapes = [draw_box(box) for box in (exporter, importer, *right)]
    shapes.append(arrow(exporter, importer, tool_label))
    shapes += [arrow(importer, box, dashed=box.dashed) for box in right]
    height = bottom + 34
    shapes.append(legend(bottom + 16))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-family="Liberation Sans, sans-serif" role="img" '
        f'aria-label="Data flow">\n' + "\n".join(shapes) + "\n</svg>"
    )
