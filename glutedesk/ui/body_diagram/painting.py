"""Vector painting of one body-diagram view with QPainter, from the Qt-free geometry.

Everything is drawn in diagram units (the SVG viewBox) under the painter's transform, so the
picture is crisp at any size and device-pixel ratio. Colours and hatches come from
:mod:`glutedesk.reports.map_style`, exactly as the PDF report draws them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from glutedesk.domain.diagram_geometry import ViewGeometry, load_view
from glutedesk.domain.models import PainMark
from glutedesk.reports import map_style as ms


@dataclass(frozen=True)
class ViewPaths:
    """QPainterPaths of one view, built once."""

    geom: ViewGeometry
    silhouette: QPainterPath
    guides: QPainterPath
    outlines: QPainterPath  # every region outline, for one drawPath call
    regions: Mapping[str, QPainterPath]


def _polygon_path(polygons: Iterable[tuple[tuple[float, float], ...]]) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for poly in polygons:
        path.moveTo(*poly[0])
        for pt in poly[1:]:
            path.lineTo(*pt)
        path.closeSubpath()
    return path


@cache
def view_paths(view: str) -> ViewPaths:
    """Return the cached painter paths of ``view`` ("back" or "front")."""
    geom = load_view(view)
    guides = QPainterPath()
    for line in geom.guides:
        guides.moveTo(*line[0])
        for pt in line[1:]:
            guides.lineTo(*pt)
    return ViewPaths(
        geom=geom,
        silhouette=_polygon_path(geom.silhouette),
        guides=guides,
        outlines=_polygon_path([p for polys in geom.regions.values() for p in polys]),
        regions={rid: _polygon_path(polys) for rid, polys in geom.regions.items()},
    )


@cache
def hatch_path(view: str, region_id: str, pattern: ms.HatchPattern) -> QPainterPath:
    """The hatch lines of ``pattern`` over one region, as one cached path."""
    path = QPainterPath()
    for poly in load_view(view).regions[region_id]:
        for a, b in ms.hatch_segments(poly, pattern):
            path.moveTo(*a)
            path.lineTo(*b)
    return path


def _pen(colour: str | QColor, width: float, *, dash: tuple[float, ...] | None = None) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    if dash:
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setDashPattern([d / width for d in dash])  # Qt dashes are in pen widths
    return pen


def _translucent(colour: str, alpha: float) -> QColor:
    c = QColor(colour)
    c.setAlphaF(alpha)
    return c


def paint_mark(painter: QPainter, paths: ViewPaths, mark: PainMark) -> None:
    """Fill one current mark: intensity colour, then the nerve hatch if any."""
    path = paths.regions[mark.region_id]
    painter.fillPath(path, QColor(ms.intensity_colour(mark.intensity)))
    pattern = ms.hatch_for(mark.symptom)
    if pattern is not None:
        painter.strokePath(
            hatch_path(paths.geom.view, mark.region_id, pattern),
            _pen(ms.hatch_colour(mark.intensity), pattern.line_width),
        )


def paint_labels(painter: QPainter, geom: ViewGeometry) -> None:
    """Draw the view's labels (title, client's LEFT/RIGHT, big L/R) at their SVG positions."""
    device = painter.device()
    dpi = device.logicalDpiY() if device is not None else 96
    for label in geom.labels:
        font = QFont("Helvetica")
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setPointSizeF(label.font_size * 72.0 / dpi)
        font.setBold(label.font_size >= ms.LABEL_BOLD_FROM)
        painter.setFont(font)
        muted = label.font_size < ms.LABEL_MUTED_BELOW
        painter.setPen(QColor(ms.LABEL_MUTED if muted else ms.LABEL_COLOUR))
        advance = QFontMetricsF(font, device).horizontalAdvance(label.text)
        x = label.x
        if label.anchor == "middle":
            x -= advance / 2
        elif label.anchor == "end":
            x -= advance
        painter.drawText(QPointF(x, label.y), label.text)


# The picture is painted in layers; the static ones (no marks) can be cached as pixmaps.
UNDER, MID, TOP = "under", "mid", "top"
STATIC_LAYERS = (UNDER, MID, TOP)


def paint_static_layer(painter: QPainter, view: str, layer: str) -> None:
    """Paint one mark-independent layer of ``view`` in diagram units.

    ``under``: the silhouette's fill; ``mid``: region outlines and anatomical guides; ``top``:
    the silhouette outline and the labels. Marks go between ``under`` and ``mid``.
    """
    paths = view_paths(view)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if layer == UNDER:
        painter.fillPath(paths.silhouette, QColor(ms.SILHOUETTE_FILL))
    elif layer == MID:
        painter.strokePath(paths.outlines, _pen(ms.REGION_STROKE, ms.REGION_WIDTH))
        painter.strokePath(paths.guides, _pen(ms.GUIDE_STROKE, ms.GUIDE_WIDTH))
    elif layer == TOP:
        painter.strokePath(paths.silhouette, _pen(ms.SILHOUETTE_STROKE, ms.SILHOUETTE_WIDTH))
        paint_labels(painter, paths.geom)
    else:
        raise ValueError(f"unknown layer {layer!r}")


def paint_marks(
    painter: QPainter,
    view: str,
    marks: Mapping[str, PainMark],
    previous: Mapping[str, PainMark] | None = None,
) -> None:
    """Paint the fills of the previous visit's ghosts and the current marks (``under`` level)."""
    paths = view_paths(view)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for rid, mark in (previous or {}).items():
        if rid in paths.regions:
            painter.fillPath(
                paths.regions[rid],
                _translucent(ms.intensity_colour(mark.intensity), ms.GHOST_ALPHA),
            )
    for rid, mark in marks.items():
        if rid in paths.regions:
            paint_mark(painter, paths, mark)


def _union(paths: ViewPaths, region_ids: Iterable[str]) -> QPainterPath:
    out = QPainterPath()
    for rid in region_ids:
        if rid in paths.regions:
            out.addPath(paths.regions[rid])
    return out


def paint_mark_outlines(
    painter: QPainter,
    view: str,
    marks: Mapping[str, PainMark],
    previous: Mapping[str, PainMark] | None = None,
    hover: str | None = None,
) -> None:
    """Outline the marks and dash the ghosts (``mid`` level); tint the hovered region."""
    paths = view_paths(view)
    if marks:
        painter.strokePath(_union(paths, marks), _pen(ms.MARK_STROKE, ms.MARK_WIDTH))
    if previous:
        painter.strokePath(
            _union(paths, previous), _pen(ms.GHOST_STROKE, ms.GHOST_WIDTH, dash=ms.GHOST_DASH)
        )
    if hover in paths.regions:
        painter.fillPath(paths.regions[hover], _translucent(ms.HOVER_FILL, ms.HOVER_ALPHA))


def paint_focus(
    painter: QPainter, view: str, *, hover: str | None = None, selected: str | None = None
) -> None:
    """Outline the hovered and the selected region (above everything)."""
    paths = view_paths(view)
    if hover in paths.regions and hover != selected:
        painter.strokePath(paths.regions[hover], _pen(ms.HOVER_FILL, 1.6))
    if selected in paths.regions:
        painter.strokePath(paths.regions[selected], _pen(ms.SELECTION_STROKE, ms.SELECTION_WIDTH))


def paint_swatch(
    painter: QPainter,
    entry: ms.LegendEntry,
    x: float,
    y: float,
    size: float,
    *,
    hatch_colour: str | None = None,
) -> None:
    """Paint one legend swatch (a ``size`` square at x, y) exactly as a region would look."""
    poly = ((x, y), (x + size, y), (x + size, y + size), (x, y + size))
    path = _polygon_path([poly])
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if entry.ghost:
        painter.fillPath(path, QColor(ms.SILHOUETTE_FILL))
        painter.fillPath(path, _translucent(entry.colour, ms.GHOST_ALPHA))
        painter.setPen(_pen(ms.GHOST_STROKE, 1.2, dash=(3.0, 2.0)))
    else:
        painter.fillPath(path, QColor(entry.colour))
        if entry.hatch is not None:
            colour = hatch_colour or ms.hatch_colour(ms.LEGEND_HATCH_INTENSITY)
            painter.setPen(_pen(colour, entry.hatch.line_width))
            for a, b in ms.hatch_segments(poly, entry.hatch):
                painter.drawLine(QPointF(*a), QPointF(*b))
        painter.setPen(_pen(ms.MARK_STROKE, 1.0))
    painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    painter.drawPath(path)
