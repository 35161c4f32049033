"""The world map on the public page: a vendored SVG of the countries, with the countries that
receive data highlighted.

The base map is `static/public/map/world.svg`, made from the npm package `@svg-maps/world` 2.0.0
(CC BY 4.0, Victor Cazanave) by `manage.py vendor_world_map`: coordinates rounded to 0.1 px and
points closer than that dropped, which keeps the shapes at screen size and cuts the file to a
fraction. The page shows that file as a cached image and draws only the highlighted countries
over it, so the HTML stays small and no script is needed.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SVG_NS = "http://www.w3.org/2000/svg"
PRECISION = 1  # decimals kept; 0.1 px on a 1010 px wide map
MIN_STEP = 1.0  # px: a point this close to the last kept one (on both axes) is dropped
SMALL_COUNTRY_SPAN = 12.0  # px: countries smaller than this also get a visible marker
FILL = "#d5dbe1"
STROKE = "#ffffff"

_TOKEN = re.compile(r"[MmZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

Point = tuple[float, float]


def world_map_file() -> Path:
    return Path(settings.BASE_DIR) / "static" / "public" / "map" / "world.svg"


@dataclass(frozen=True)
class CountryShape:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str
    path: str  # SVG path data, in the map's coordinates
    box: tuple[float, float, float, float]  # min x, min y, max x, max y

    @property
    def centre(self) -> Point:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)

    @property
    def is_small(self) -> bool:
        return max(self.box[2] - self.box[0], self.box[3] - self.box[1]) < SMALL_COUNTRY_SPAN


@dataclass(frozen=True)
class WorldMap:
    view_box: str
    width: float
    height: float
    shapes: dict[str, CountryShape]


@dataclass(frozen=True)
class MapPicture:
    """What the template draws: the base map and the highlighted countries over it."""

    view_box: str
    width: float
    height: float
    highlighted: tuple[CountryShape, ...]
    markers: tuple[CountryShape, ...]  # small highlighted countries, drawn as dots too


def parse_subpaths(path_data: str) -> list[list[Point]]:
    """Absolute points of each closed subpath of a path made of m/M, implicit lineto and z."""
    subpaths: list[list[Point]] = []
    current: Point = (0.0, 0.0)
    start: Point = (0.0, 0.0)
    command = ""
    first_point = True  # a path's first moveto is absolute even when written "m"
    points: list[Point] = []
    numbers = iter(_TOKEN.findall(path_data))
    for token in numbers:
        if token in "MmZz":
            if token in "Zz":
                if points:
                    subpaths.append(points)
                points, current, command = [], start, ""
            else:
                command = token
            continue
        x, y = float(token), float(next(numbers))
        relative = command.islower() and not first_point
        current = (current[0] + x, current[1] + y) if relative else (x, y)
        first_point = False
        if not points:
            start = current
        points.append(current)
        command = "l" if command == "m" else "L" if command == "M" else command
    if points:
        subpaths.append(points)
    return subpaths


def simplify(points: list[Point]) -> list[Point]:
    """Round to PRECISION and drop points within MIN_STEP of the last kept one."""
    kept: list[Point] = []
    for x, y in points:
        point = (round(x, PRECISION), round(y, PRECISION))
        if (
            kept
            and abs(point[0] - kept[-1][0]) < MIN_STEP
            and abs(point[1] - kept[-1][1]) < MIN_STEP
        ):
            continue
        kept.append(point)
    return kept


def format_number(value: float) -> str:
    text = f"{value:.{PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def path_data(subpaths: Iterable[list[Point]]) -> str:
    """Relative path data; deltas between rounded points carry no rounding drift."""
    parts: list[str] = []
    previous: Point = (0.0, 0.0)
    for points in subpaths:
        first, *rest = points
        parts.append(
            f"m{format_number(first[0] - previous[0])},{format_number(first[1] - previous[1])}"
        )
        last = first
        for point in rest:
            parts.append(f"{format_number(point[0] - last[0])},{format_number(point[1] - last[1])}")
            last = point
        parts.append("z")
        previous = first
    return " ".join(parts).replace(" z", "z")


def simplify_path(original: str) -> str:
    subpaths = [simplify(points) for points in parse_subpaths(original)]
    kept = [points for points in subpaths if len(points) >= 3]
    if not kept:  # a country smaller than the tolerance keeps its largest outline
        kept = [max(subpaths, key=len)]
    return path_data(kept)


def simplify_svg_map(source: str) -> str:
    """The vendored map made from @svg-maps/world's world.svg (see the module docstring)."""
    root = ET.fromstring(source)
    view_box = root.attrib["viewBox"]
    rows = []
    for element in root.iter(f"{{{SVG_NS}}}path"):
        code = element.attrib["id"].upper()
        name = element.attrib["aria-label"]
        data = simplify_path(element.attrib["d"])
        rows.append(f'<path id="{code}" aria-label="{escape_attribute(name)}" d="{data}"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{vb}" aria-label="Map of the world">\n'
        "<!-- From @svg-maps/world 2.0.0 by Victor Cazanave, CC BY 4.0 (LICENSE.md beside this "
        "file); simplified with manage.py vendor_world_map. -->\n"
        '<g fill="{fill}" stroke="{stroke}" stroke-width="0.4" stroke-linejoin="round">\n'
        "{rows}\n</g>\n</svg>\n"
    ).format(vb=view_box, fill=FILL, stroke=STROKE, rows="\n".join(rows))


def escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def bounding_box(path: str) -> tuple[float, float, float, float]:
    points = [point for subpath in parse_subpaths(path) for point in subpath]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


@lru_cache(maxsize=1)
def world_map() -> WorldMap:
    """The vendored map, parsed once per process."""
    root = ET.parse(world_map_file()).getroot()
    view_box = root.attrib["viewBox"]
    _, _, width, height = (float(value) for value in view_box.split())
    shapes = {}
    for element in root.iter(f"{{{SVG_NS}}}path"):
        code, path = element.attrib["id"], element.attrib["d"]
        shapes[code] = CountryShape(code, element.attrib["aria-label"], path, bounding_box(path))
    return WorldMap(view_box, width, height, shapes)


def map_picture(country_codes: Iterable[str]) -> MapPicture:
    """The map with these countries highlighted; codes the map does not know are skipped
    (the page lists every country in text as well)."""
    base = world_map()
    highlighted = tuple(
        base.shapes[code] for code in sorted(set(country_codes)) if code in base.shapes
    )
    return MapPicture(
        view_box=base.view_box,
        width=base.width,
        height=base.height,
        highlighted=highlighted,
        markers=tuple(shape for shape in highlighted if shape.is_small),
    )
