"""The body map as a reportlab Drawing: the same geometry and style as the on-screen diagram.

:func:`body_map_drawing` draws one view (silhouette, guides, region outlines, the marks filled
by intensity with the nerve-symptom hatch, the previous visit's ghost, and the view's labels
"client's LEFT/RIGHT" and title) as vector shapes. The polygons come from
:mod:`glutedesk.domain.diagram_geometry` and the colours/hatches from
:mod:`glutedesk.reports.map_style`, exactly as the Qt widget paints them, so a PDF shows what
the screen showed.

This module imports reportlab at module level: import it lazily (inside report functions).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Literal

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, PolyLine, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from glutedesk.domain.diagram_geometry import VIEWS, ViewGeometry, load_view
from glutedesk.domain.models import PainMark
from glutedesk.reports import map_style as ms

VIEW_GAP = 40.0  # diagram units between the two views of body_maps_drawing (as on screen)
LEGEND_FONT = "Helvetica"
LEGEND_FONT_SIZE = 8.0
LEGEND_HATCH_SCALE = 0.55


_ANCHORS: dict[str, Literal["start", "middle", "end"]] = {
    "start": "start",
    "middle": "middle",
    "end": "end",
}


def _colour(hex_colour: str, alpha: float = 1.0) -> Color:
    colour = HexColor(hex_colour)
    if alpha < 1.0:
        colour = Color(colour.red, colour.green, colour.blue, alpha=alpha)
    return colour


class _Mapper:
    """Diagram units (y down) -> drawing points (y up), at one uniform scale."""

    def __init__(self, geom: ViewGeometry, scale: float, dx: float = 0.0) -> None:
        self.height = geom.height
        self.scale = scale
        self.dx = dx

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.dx + x * self.scale, (self.height - y) * self.scale

    def flat(self, points: Sequence[tuple[float, float]]) -> list[float]:
        """The outline in drawing points, as flat x, y, x, y… without the points that lie
        within :data:`PRINT_TOLERANCE` of it (see :func:`_printed`)."""
        return list(_printed(tuple(points), self.height, self.scale, self.dx))


# A silhouette has over 2,000 points. Leaving out the points that lie within 0.05 pt
# (0.018 mm, under one dot of a 1200 dpi printer) of the outline through the others keeps
# about one in five at the progress report's scale (the back view's outlines: 3,608 -> 734),
# so there is a fifth of the path to build and write, and the page looks the same (rendered
# at 300 dpi, only anti-aliased edge pixels change, none by more than 30%).
PRINT_TOLERANCE = 0.05


@lru_cache(maxsize=1024)
def _printed(
    points: tuple[tuple[float, float], ...], height: float, scale: float, dx: float
) -> tuple[float, ...]:
    """``points`` in drawing points, simplified (cached: the outlines repeat in every map)."""
    mapped = [(dx + x * scale, (height - y) * scale) for x, y in points]
    return tuple(c for point in simplified(mapped, PRINT_TOLERANCE) for c in point)


def simplified(
    points: Sequence[tuple[float, float]], tolerance: float
) -> list[tuple[float, float]]:
    """The points of a line kept by Douglas–Peucker: a subset, with both ends, that strays
    no more than ``tolerance`` from the line through all of ``points``."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * (px - x0) - dx * (py - y0)) / length
            else:
                distance = math.hypot(px - x0, py - y0)
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            spans.append((first, index))
            spans.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _marks_by_region(marks: Iterable[PainMark] | None, geom: ViewGeometry) -> list[PainMark]:
    """Marks of this view (others ignored), in the view's region order, last one per region."""
    if not marks:
        return []
    by_id = {m.region_id: m for m in marks if m.region_id in geom.regions}
    return [by_id[rid] for rid in geom.regions if rid in by_id]


def _view_group(
    view: str,
    marks: Iterable[PainMark] | None,
    scale: float,
    dx: float,
    previous: Iterable[PainMark] | None,
) -> Group:
    geom = load_view(view)
    m = _Mapper(geom, scale, dx)
    group = Group()
    current = _marks_by_region(marks, geom)
    ghosts = _marks_by_region(previous, geom)

    for poly in geom.silhouette:
        group.add(Polygon(m.flat(poly), fillColor=_colour(ms.SILHOUETTE_FILL), strokeColor=None))
    for mark in ghosts:
        fill = _colour(ms.intensity_colour(mark.intensity), ms.GHOST_ALPHA)
        for poly in geom.regions[mark.region_id]:
            group.add(
                Polygon(m.flat(poly), fillColor=fill, fillOpacity=ms.GHOST_ALPHA, strokeColor=None)
            )
    for mark in current:
        fill = _colour(ms.intensity_colour(mark.intensity))
        for poly in geom.regions[mark.region_id]:
            group.add(Polygon(m.flat(poly), fillColor=fill, strokeColor=None))
        pattern = ms.hatch_for(mark.symptom)
        if pattern is None:
            continue
        hatch = _colour(ms.hatch_colour(mark.intensity))
        for poly in geom.regions[mark.region_id]:
            for a, b in ms.hatch_segments(poly, pattern):
                group.add(
                    Line(
                        *m.point(*a),
                        *m.point(*b),
                        strokeColor=hatch,
                        strokeWidth=pattern.line_width * scale,
                        strokeLineCap=1,
                    )
                )

    def outline(
        poly: Sequence[tuple[float, float]],
        colour: str,
        width: float,
        dash: tuple[float, ...] | None = None,
    ) -> Polygon:
        return Polygon(
            m.flat(poly),
            fillColor=None,
            strokeColor=_colour(colour),
            strokeWidth=width * scale,
            strokeLineJoin=1,
            strokeDashArray=[d * scale for d in dash] if dash else None,  # type: ignore[arg-type]  # None: solid
        )

    for polys in geom.regions.values():
        for poly in polys:
            group.add(outline(poly, ms.REGION_STROKE, ms.REGION_WIDTH))
    for line in geom.guides:
        group.add(
            PolyLine(
                m.flat(line),
                strokeColor=_colour(ms.GUIDE_STROKE),
                strokeWidth=ms.GUIDE_WIDTH * scale,
                strokeLineCap=1,
                strokeLineJoin=1,
            )
        )
    for mark in current:
        for poly in geom.regions[mark.region_id]:
            group.add(outline(poly, ms.MARK_STROKE, ms.MARK_WIDTH))
    for mark in ghosts:
        for poly in geom.regions[mark.region_id]:
            group.add(outline(poly, ms.GHOST_STROKE, ms.GHOST_WIDTH, ms.GHOST_DASH))
    for poly in geom.silhouette:
        group.add(outline(poly, ms.SILHOUETTE_STROKE, ms.SILHOUETTE_WIDTH))
    for label in geom.labels:
        x, y = m.point(label.x, label.y)
        bold = label.font_size >= ms.LABEL_BOLD_FROM
        muted = label.font_size < ms.LABEL_MUTED_BELOW
        group.add(
            String(
                x,
                y,
                label.text,
                fontName="Helvetica-Bold" if bold else "Helvetica",
                fontSize=label.font_size * scale,
                fillColor=_colour(ms.LABEL_MUTED if muted else ms.LABEL_COLOUR),
                textAnchor=_ANCHORS.get(label.anchor, "start"),
            )
        )
    return group


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown body-diagram view {view!r}; expected one of {VIEWS}")


def _check_width(width_pt: float) -> None:
    if not width_pt > 0:
        raise ValueError(f"the body map needs a positive width, not {width_pt!r}")


def body_map_drawing(
    view: str,
    marks: Iterable[PainMark],
    width_pt: float,
    *,
    previous: Iterable[PainMark] | None = None,
) -> Drawing:
    """Draw one view ("back" or "front") of the body map, ``width_pt`` points wide.

    ``marks`` may hold marks of both views; only this view's are drawn. ``previous`` (the last
    visit's marks) is drawn as a ghost: translucent fill and dashed outline. The drawing keeps
    the diagram's aspect ratio (its height is ``width_pt * 900 / 400``).
    """
    _check_view(view)
    _check_width(width_pt)
    geom = load_view(view)
    marks = tuple(marks)
    previous = tuple(previous) if previous is not None else None
    scale = width_pt / geom.width
    drawing = Drawing(width_pt, geom.height * scale)
    drawing.add(_view_group(view, marks, scale, 0.0, previous))
    return drawing


def body_maps_drawing(
    marks: Iterable[PainMark],
    width_pt: float,
    *,
    previous: Iterable[PainMark] | None = None,
    views: tuple[str, ...] = ("back", "front"),
) -> Drawing:
    """Draw several views side by side (back then front, as on screen), ``width_pt`` wide."""
    for view in views:
        _check_view(view)
    _check_width(width_pt)
    geom = load_view(views[0])
    marks = tuple(marks)
    previous = tuple(previous) if previous is not None else None
    total = len(views) * geom.width + (len(views) - 1) * VIEW_GAP
    scale = width_pt / total
    drawing = Drawing(width_pt, geom.height * scale)
    for index, view in enumerate(views):
        dx = index * (geom.width + VIEW_GAP) * scale
        drawing.add(_view_group(view, marks, scale, dx, previous))
    return drawing


def _swatch(entry: ms.LegendEntry, x: float, top: float, size: float) -> Group:
    """A legend swatch whose top-left corner is (x, top) in drawing points."""
    group = Group()
    corners = [x, top - size, x + size, top - size, x + size, top, x, top]
    if entry.ghost:
        group.add(Polygon(corners, fillColor=_colour(ms.SILHOUETTE_FILL), strokeColor=None))
        group.add(
            Polygon(
                corners,
                fillColor=_colour(entry.colour, ms.GHOST_ALPHA),
                fillOpacity=ms.GHOST_ALPHA,
                strokeColor=_colour(ms.GHOST_STROKE),
                strokeWidth=0.8,
                strokeDashArray=[2.5, 1.5],
            )
        )
        return group
    group.add(Polygon(corners, fillColor=_colour(entry.colour), strokeColor=None))
    if entry.hatch is not None:
        # the hatch is computed y-down (as on the diagram), then flipped into the drawing
        square = ((0.0, 0.0), (size, 0.0), (size, size), (0.0, size))
        colour = _colour(ms.hatch_colour(ms.LEGEND_HATCH_INTENSITY))
        # at the density the map has at report sizes (about half a diagram unit per point)
        pattern = replace(entry.hatch, spacing=entry.hatch.spacing * LEGEND_HATCH_SCALE)
        for (ax, ay), (bx, by) in ms.hatch_segments(square, pattern):
            group.add(
                Line(
                    x + ax,
                    top - ay,
                    x + bx,
                    top - by,
                    strokeColor=colour,
                    strokeWidth=entry.hatch.line_width * 0.8,
                )
            )
    group.add(
        Polygon(corners, fillColor=None, strokeColor=_colour(ms.MARK_STROKE), strokeWidth=0.6)
    )
    return group


def legend_drawing(width_pt: float) -> Drawing:
    """Draw the body-map legend (intensity ramp, nerve hatches, previous-visit ghost).

    "Intensity" and the ramp swatches 0-10 on the first row, then the hatch and ghost entries
    with their labels; entries wrap onto further rows when ``width_pt`` is narrow. Entries come
    from :func:`map_style.legend_entries`, as in the widget's legend.
    """
    _check_width(width_pt)
    entries = ms.legend_entries()
    ramp = [e for e in entries if e.hatch is None and not e.ghost]
    others = [e for e in entries if e.hatch is not None or e.ghost]
    size, row = 11.0, 19.0

    def width(text: str) -> float:
        return stringWidth(text, LEGEND_FONT, LEGEND_FONT_SIZE)

    # flow layout: (entry or None for the "Intensity" caption, label, x, row index)
    placed: list[tuple[ms.LegendEntry | None, str, float, int]] = []
    x, line = 0.0, 0
    groups: list[list[tuple[ms.LegendEntry | None, str, float, float]]] = [
        [(None, "Intensity", 0.0, 6.0)] + [(e, e.label, size + 2, 10.0) for e in ramp],
        [
            (e, e.label + (" (nerve-type)" if e.hatch is not None else ""), size + 4, 14.0)
            for e in others
        ],
    ]
    for number, group in enumerate(groups):
        if number:
            x, line = 0.0, line + 1
        for entry, label, lead, gap in group:
            needed = lead + width(label)
            if x > 0 and x + needed > width_pt:
                x, line = 0.0, line + 1
            placed.append((entry, label, x, line))
            x += needed + gap
    height = (line + 1) * row
    drawing = Drawing(width_pt, height)
    for entry, label, x, line in placed:
        top = height - line * row
        colour = ms.LABEL_MUTED if entry is None else ms.LABEL_COLOUR
        lead = 0.0
        if entry is not None:
            drawing.add(_swatch(entry, x, top, size))
            lead = size + (2 if entry.hatch is None and not entry.ghost else 4)
        drawing.add(
            String(
                x + lead,
                top - size + 2,
                label,
                fontName=LEGEND_FONT,
                fontSize=LEGEND_FONT_SIZE,
                fillColor=_colour(colour),
            )
        )
    return drawing
