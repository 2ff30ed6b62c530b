"""Body-diagram geometry read straight from the SVG files, without Qt.

The Qt body-chart widget and the PDF reports both draw from a :class:`ViewGeometry`, so a region
that is clicked on screen is exactly the region that is shaded in a report. Coordinates are SVG
user units of the diagram's ``viewBox`` (origin top-left, y downwards).

The SVGs follow a small, fixed structure (see ``diagrams/body_back.svg``):

* ``<g id="silhouette">`` holds the closed body outline;
* ``<g id="guides">`` holds open anatomical guide lines (spine, creases) with no region ids;
* ``<g id="regions">`` holds one ``<polygon>`` or ``<path>`` per pain region, its ``id`` being the
  region id;
* ``<g id="labels">`` holds the ``<text>`` labels ("client's LEFT", the view title ...).

Paths may only use the absolute commands ``M``, ``L``, ``C``, ``Q`` and ``Z``; curves are
flattened into :data:`CURVE_SEGMENTS` straight segments each.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from glutedesk.domain.ids import RegionId
from glutedesk.domain.polygons import (
    Point,
    Polygon,
    bounds,
    point_in_polygon,
)
from glutedesk.paths import diagram

Polyline = tuple[Point, ...]

VIEWS: tuple[str, ...] = ("back", "front")
CURVE_SEGMENTS = 12

_SVG_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")
_ARITY = {"M": 2, "L": 2, "C": 6, "Q": 4, "Z": 0}


@dataclass(frozen=True)
class Label:
    """One text label of a diagram view, positioned in SVG units."""

    text: str
    x: float
    y: float
    anchor: str  # "start", "middle" or "end" (SVG text-anchor)
    font_size: float


@dataclass(frozen=True)
class ViewGeometry:
    """Everything needed to draw and hit-test one view (``"back"`` or ``"front"``)."""

    view: str
    version: str
    width: float
    height: float
    silhouette: tuple[Polygon, ...]
    guides: tuple[Polyline, ...]
    regions: Mapping[RegionId, tuple[Polygon, ...]]  # read-only, in document order
    labels: tuple[Label, ...]
    _boxes: tuple[tuple[RegionId, Polygon, tuple[float, float, float, float]], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        boxes = tuple(
            (region_id, poly, bounds(poly))
            for region_id, polygons in self.regions.items()
            for poly in polygons
        )
        object.__setattr__(self, "_boxes", boxes)


# --------------------------------------------------------------------------------------------
# Path parsing
# --------------------------------------------------------------------------------------------


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, segments: int) -> list[Point]:
    out = []
    for i in range(1, segments + 1):
        t = i / segments
        u = 1.0 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


def _quadratic(p0: Point, p1: Point, p2: Point, segments: int) -> list[Point]:
    out = []
    for i in range(1, segments + 1):
        t = i / segments
        u = 1.0 - t
        a, b, c = u * u, 2 * u * t, t * t
        out.append((a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1]))
    return out


def parse_path(d: str, segments: int = CURVE_SEGMENTS) -> tuple[tuple[Polyline, bool], ...]:
    """Flatten SVG path data into ``(points, closed)`` subpaths.

    Only the absolute commands ``M L C Q Z`` are accepted (a command letter may be followed by
    several coordinate groups, as SVG allows). Anything else raises :class:`ValueError`.
    """
    tokens = _TOKEN.findall(d)
    subpaths: list[tuple[Polyline, bool]] = []
    current: list[Point] = []
    start: Point | None = None
    command: str | None = None
    i = 0

    def finish(closed: bool) -> None:
        nonlocal current
        if len(current) >= 2:
            pts = current
            if closed and len(pts) > 2 and pts[0] == pts[-1]:
                pts = pts[:-1]
            subpaths.append((tuple(pts), closed))
        current = []

    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            if tok not in _ARITY:
                raise ValueError(f"unsupported SVG path command {tok!r} (use absolute M L C Q Z)")
            command = tok
            i += 1
            if command == "Z":
                finish(closed=True)
                command = None
                if start is not None:
                    current = [start]
                continue
        elif command is None:
            raise ValueError(f"SVG path data must start with a command: {d[:40]!r}")
        arity = _ARITY[command]
        args = tokens[i : i + arity]
        if len(args) < arity or any(a.isalpha() for a in args):
            raise ValueError(f"SVG path command {command} is missing coordinates in {d[:40]!r}")
        nums = [float(a) for a in args]
        i += arity
        if command == "M":
            if current:
                finish(closed=False)
            start = (nums[0], nums[1])
            current = [start]
            command = "L"  # further pairs after M are implicit line-tos
            continue
        if not current:
            raise ValueError(f"SVG path draws before its first M: {d[:40]!r}")
        here = current[-1]
        if command == "L":
            current.append((nums[0], nums[1]))
        elif command == "C":
            current.extend(
                _cubic(here, (nums[0], nums[1]), (nums[2], nums[3]), (nums[4], nums[5]), segments)
            )
        elif command == "Q":
            current.extend(_quadratic(here, (nums[0], nums[1]), (nums[2], nums[3]), segments))
    finish(closed=False)
    return tuple(subpaths)


def parse_points(points: str) -> Polyline:
    """Parse the ``points`` attribute of an SVG ``<polygon>`` or ``<polyline>``."""
    nums = [float(n) for n in re.findall(_NUMBER, points)]
    if len(nums) % 2:
        raise ValueError("an SVG points list has an odd number of coordinates")
    return tuple((nums[k], nums[k + 1]) for k in range(0, len(nums), 2))


# --------------------------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------------------------


def region_at(geom: ViewGeometry, x: float, y: float) -> RegionId | None:
    """Return the id of the region under ``(x, y)`` (SVG units of ``geom``), or None."""
    for region_id, poly, (min_x, min_y, max_x, max_y) in geom._boxes:
        if min_x <= x <= max_x and min_y <= y <= max_y and point_in_polygon((x, y), poly):
            return region_id
    return None


# --------------------------------------------------------------------------------------------
# SVG loading
# --------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag[len(_SVG_NS) :] if tag.startswith(_SVG_NS) else tag


def _find_group(root: ET.Element, group_id: str, source: Path) -> ET.Element:
    for el in root.iter():
        if _local(el.tag) == "g" and el.get("id") == group_id:
            return el
    raise ValueError(f"{source}: no <g id={group_id!r}> group")


def _shapes(el: ET.Element, source: Path) -> list[tuple[Polyline, bool]]:
    """Return the flattened outlines of one shape element (empty for non-shapes)."""
    if el.get("transform"):
        raise ValueError(f"{source}: transforms are not supported (element {el.get('id')!r})")
    tag = _local(el.tag)
    if tag == "path":
        return list(parse_path(el.get("d", "")))
    if tag == "polygon":
        return [(parse_points(el.get("points", "")), True)]
    if tag == "polyline":
        return [(parse_points(el.get("points", "")), False)]
    if tag == "line":
        a = (float(el.get("x1", 0)), float(el.get("y1", 0)))
        b = (float(el.get("x2", 0)), float(el.get("y2", 0)))
        return [((a, b), False)]
    return []


def _font_size(value: str | None) -> float | None:
    if value is None:
        return None
    match = re.match(_NUMBER, value.strip())
    return float(match.group(0)) if match else None


def parse_view(path: Path, view: str) -> ViewGeometry:
    """Read one body-diagram SVG file into a :class:`ViewGeometry` (uncached).

    Raises :class:`ValueError` if the file does not follow the diagram structure.
    """
    root = ET.parse(path).getroot()
    view_box = root.get("viewBox")
    if not view_box:
        raise ValueError(f"{path}: the <svg> element has no viewBox")
    _, _, width, height = (float(v) for v in re.findall(_NUMBER, view_box))
    version = root.get("data-diagram-version")
    if not version:
        raise ValueError(f"{path}: the <svg> element has no data-diagram-version")

    silhouette_group = _find_group(root, "silhouette", path)
    silhouette = tuple(
        pts for child in silhouette_group for pts, _closed in _shapes(child, path) if len(pts) >= 3
    )
    if not silhouette:
        raise ValueError(f"{path}: the silhouette group holds no outline")

    guides: tuple[Polyline, ...] = ()
    try:
        guide_group = _find_group(root, "guides", path)
    except ValueError:
        guide_group = None
    if guide_group is not None:
        guides = tuple(pts for el in guide_group.iter() for pts, _closed in _shapes(el, path))

    regions: dict[RegionId, tuple[Polygon, ...]] = {}
    for el in _find_group(root, "regions", path).iter():
        shapes = _shapes(el, path)
        if not shapes:
            continue
        region_id = el.get("id")
        if not region_id:
            raise ValueError(f"{path}: a region shape has no id")
        if region_id in regions:
            raise ValueError(f"{path}: region id {region_id!r} appears twice")
        polygons = tuple(pts for pts, _closed in shapes if len(pts) >= 3)
        if not polygons:
            raise ValueError(f"{path}: region {region_id!r} has no area")
        regions[RegionId(region_id)] = polygons

    labels_group = _find_group(root, "labels", path)
    group_size = _font_size(labels_group.get("font-size"))
    group_anchor = labels_group.get("text-anchor")
    labels = []
    for el in labels_group.iter():
        if _local(el.tag) != "text":
            continue
        text = "".join(el.itertext()).strip()
        if not text:
            continue
        labels.append(
            Label(
                text=text,
                x=float(el.get("x", 0)),
                y=float(el.get("y", 0)),
                anchor=el.get("text-anchor") or group_anchor or "start",
                font_size=_font_size(el.get("font-size")) or group_size or 12.0,
            )
        )

    return ViewGeometry(
        view=view,
        version=version,
        width=width,
        height=height,
        silhouette=silhouette,
        guides=guides,
        regions=MappingProxyType(regions),
        labels=tuple(labels),
    )


@cache
def load_view(view: str) -> ViewGeometry:
    """Return the geometry of the ``"back"`` or ``"front"`` view (read once, then cached)."""
    if view not in VIEWS:
        raise ValueError(f"unknown body-diagram view {view!r}; expected one of {VIEWS}")
    return parse_view(diagram(f"body_{view}.svg"), view)
