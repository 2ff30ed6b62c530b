"""The body map in reports (reportlab, no Qt) and the shared map style.

renderPM (PNG) needs rlPyCairo or the _renderPM extension, which are not installed, so the
drawing is "rendered" here by walking its shapes in paint order and asking which filled shape
is on top at a point - exactly what a rasteriser would show there - and the PDF made by
renderPDF is checked for the mark's fill colour.
"""

from __future__ import annotations

import itertools
import re

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, String

from glutedesk.domain.diagram_geometry import load_view
from glutedesk.domain.models import PainMark, SymptomType
from glutedesk.domain.polygons import area, interior_point, point_in_polygon
from glutedesk.domain.regions import load_regions
from glutedesk.reports import map_style as ms
from glutedesk.reports.body_map import body_map_drawing, body_maps_drawing, legend_drawing

VERSION = load_regions().version
WIDTH = 240.0


def mark(region_id, symptom=SymptomType.ACHE, intensity=5) -> PainMark:
    return PainMark(region_id, symptom, intensity, VERSION)


# ------------------------------------------------------------------ a tiny point "rasteriser"


def _mul(a, b):
    return (
        a[0] * b[0] + a[2] * b[1],
        a[1] * b[0] + a[3] * b[1],
        a[0] * b[2] + a[2] * b[3],
        a[1] * b[2] + a[3] * b[3],
        a[0] * b[4] + a[2] * b[5] + a[4],
        a[1] * b[4] + a[3] * b[5] + a[5],
    )


def shapes_in_paint_order(node, transform=(1, 0, 0, 1, 0, 0)):
    """Yield (shape, transform) for every leaf shape, in the order a renderer paints them."""
    if isinstance(node, Drawing | Group):
        own = getattr(node, "transform", (1, 0, 0, 1, 0, 0))
        for child in node.contents:
            yield from shapes_in_paint_order(child, _mul(transform, own))
    else:
        yield node, transform


def _apply(t, x, y):
    return t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]


def polygon_points(shape: Polygon, t) -> tuple[tuple[float, float], ...]:
    pts = shape.points
    return tuple(_apply(t, pts[i], pts[i + 1]) for i in range(0, len(pts), 2))


def colour_at(drawing: Drawing, x: float, y: float):
    """The fill colour of the topmost filled polygon under (x, y), in drawing points."""
    top = None
    for shape, t in shapes_in_paint_order(drawing):
        filled = isinstance(shape, Polygon) and shape.fillColor is not None
        if filled and point_in_polygon((x, y), polygon_points(shape, t)):
            top = shape
    return None if top is None else top.fillColor


def to_drawing(view: str, x: float, y: float, width: float = WIDTH) -> tuple[float, float]:
    """Diagram units (y down, 400 x 900) -> drawing points (y up), uniform scale."""
    scale = width / 400
    return x * scale, (900 - y) * scale


def hexcolour(colour) -> str:
    return "#" + colour.hexval()[2:].lower()


def region_centre(region_id: str) -> tuple[str, float, float]:
    view = region_id.split(".")[0]
    x, y = interior_point(max(load_view(view).regions[region_id], key=area))
    return view, x, y


# ------------------------------------------------------------------ map style


def test_intensity_ramp_runs_light_yellow_to_deep_red():
    colours = [ms.intensity_colour(i) for i in range(11)]
    assert len(set(colours)) == 11
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)

    def lum(c):
        r, g, b = ms.rgb_floats(c)
        return 0.299 * r + 0.587 * g + 0.114 * b

    lums = [lum(c) for c in colours]
    assert lums == sorted(lums, reverse=True)  # every step darker
    r, g, b = ms.rgb_floats(colours[0])
    assert r > 0.95 and g > 0.9 and b < 0.8  # light yellow
    r, g, b = ms.rgb_floats(colours[10])
    assert r > 0.45 and g < 0.15 and b < 0.15  # deep red
    assert ms.intensity_colour(None) == ms.UNRATED_COLOUR
    for bad in (-1, 11, 5.5, True, "5"):
        with pytest.raises(ValueError, match="0-10"):
            ms.intensity_colour(bad)


def test_nerve_symptoms_get_distinct_hatches_others_none():
    assert {SymptomType.PINS_AND_NEEDLES, SymptomType.NUMBNESS} == ms.NERVE_SYMPTOMS
    pins = ms.hatch_for(SymptomType.PINS_AND_NEEDLES)
    numb = ms.hatch_for(SymptomType.NUMBNESS)
    assert pins is not None and numb is not None and pins != numb
    for symptom in (SymptomType.ACHE, SymptomType.SHARP, SymptomType.BURNING):
        assert ms.hatch_for(symptom) is None
    assert ms.hatch_colour(10) != ms.hatch_colour(0)  # light lines on dark fills


def test_hatch_segments_lie_inside_the_region():
    geom = load_view("back")
    pattern = ms.hatch_for(SymptomType.NUMBNESS)
    for region_id in ("back.glute_max.L", "back.hamstring.R", "back.sacrum.C"):
        poly = geom.regions[region_id][0]
        segments = ms.hatch_segments(poly, pattern)
        assert len(segments) >= 4
        for (ax, ay), (bx, by) in segments:
            assert point_in_polygon(((ax + bx) / 2, (ay + by) / 2), poly)
            for f in (0.1, 0.9):
                assert point_in_polygon((ax + (bx - ax) * f, ay + (by - ay) * f), poly)


def test_mark_description_and_legend_entries():
    assert ms.mark_description(mark("back.calf.L", SymptomType.PINS_AND_NEEDLES, 4)) == (
        "Pins and needles, 4/10"
    )
    assert ms.mark_description(mark("back.calf.L", intensity=None)) == "Ache, not rated"
    entries = ms.legend_entries()
    labels = [e.label for e in entries]
    assert labels[:6] == ["0", "2", "4", "6", "8", "10"]
    assert {"Pins and needles", "Numbness", "Previous visit"} <= set(labels)
    assert sum(e.hatch is not None for e in entries) == 2
    assert sum(e.ghost for e in entries) == 1


def test_map_style_imports_neither_qt_nor_reportlab():
    import subprocess
    import sys

    code = (
        "import sys, glutedesk.reports.map_style;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','reportlab','matplotlib')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------ the drawing


@pytest.mark.parametrize(
    ("region_id", "intensity"),
    [("back.glute_med.L", 7), ("back.sacrum.C", 2), ("front.hip_flexor.L", 10), ("front.itb.R", 0)],
)
def test_the_report_has_the_marks_colour_inside_the_marked_region(region_id, intensity):
    view, x, y = region_centre(region_id)
    marks = [mark(region_id, SymptomType.SHARP, intensity), mark("back.calf.R", intensity=9)]
    drawing = body_map_drawing(view, marks, WIDTH)
    assert (drawing.width, drawing.height) == pytest.approx((WIDTH, WIDTH * 900 / 400))
    assert hexcolour(colour_at(drawing, *to_drawing(view, x, y))) == ms.intensity_colour(intensity)
    # the filled shapes of that colour lie within the region's polygon
    region_polys = load_view(view).regions[region_id]
    filled = [
        polygon_points(s, t)
        for s, t in shapes_in_paint_order(drawing)
        if isinstance(s, Polygon)
        and s.fillColor is not None
        and hexcolour(s.fillColor) == ms.intensity_colour(intensity)
        and s.fillOpacity in (None, 1)
    ]
    assert filled
    scale = WIDTH / 400
    for pts in filled:
        for px, py in pts:
            dx, dy = px / scale, 900 - py / scale  # back to diagram units
            assert any(
                point_in_polygon((dx, dy), poly)
                or min(abs(dx - qx) + abs(dy - qy) for qx, qy in poly) < 1e-6
                for poly in region_polys
            )


def test_unmarked_regions_show_the_silhouette_and_other_views_marks_are_ignored():
    view, x, y = region_centre("back.glute_max.R")
    drawing = body_map_drawing("back", [mark("front.chest.R", intensity=9)], WIDTH)
    assert hexcolour(colour_at(drawing, *to_drawing(view, x, y))) == ms.SILHOUETTE_FILL
    assert all(
        hexcolour(s.fillColor) != ms.intensity_colour(9)
        for s, _ in shapes_in_paint_order(drawing)
        if isinstance(s, Polygon) and s.fillColor is not None
    )
    assert colour_at(drawing, 1, 1) is None  # outside the body: nothing painted


def test_nerve_type_marks_are_hatched_inside_their_region():
    region_id = "back.hamstring.L"
    drawing = body_map_drawing("back", [mark(region_id, SymptomType.PINS_AND_NEEDLES, 8)], WIDTH)
    poly = load_view("back").regions[region_id][0]
    hatch = ms.hatch_colour(8)
    lines = [
        s
        for s, _ in shapes_in_paint_order(drawing)
        if isinstance(s, Line) and hexcolour(s.strokeColor) == hatch
    ]
    assert len(lines) >= 5
    scale = WIDTH / 400
    for line in lines:
        mx, my = (line.x1 + line.x2) / 2 / scale, 900 - (line.y1 + line.y2) / 2 / scale
        assert point_in_polygon((mx, my), poly)
    plain = body_map_drawing("back", [mark(region_id, SymptomType.ACHE, 8)], WIDTH)
    assert not [s for s, _ in shapes_in_paint_order(plain) if isinstance(s, Line)]


def test_previous_visit_is_a_translucent_dashed_ghost():
    region_id = "back.lumbar.R"
    view, x, y = region_centre(region_id)
    drawing = body_map_drawing("back", [], WIDTH, previous=[mark(region_id, intensity=6)])
    top = colour_at(drawing, *to_drawing(view, x, y))
    assert hexcolour(top) == ms.intensity_colour(6)
    assert top.alpha == pytest.approx(ms.GHOST_ALPHA)
    dashed = [
        s for s, _ in shapes_in_paint_order(drawing) if isinstance(s, Polygon) and s.strokeDashArray
    ]
    assert len(dashed) == len(load_view("back").regions[region_id])


def test_labels_name_the_clients_sides_on_the_right_halves():
    for view in ("back", "front"):
        drawing = body_map_drawing(view, [], WIDTH)
        strings = {s.text: s for s, _ in shapes_in_paint_order(drawing) if isinstance(s, String)}
        assert {"client's LEFT", "client's RIGHT", view.upper()} <= set(strings)
        left_x, right_x = strings["client's LEFT"].x, strings["client's RIGHT"].x
        assert (left_x < right_x) == (view == "back")
        assert strings[view.upper()].textAnchor == "middle"


def test_both_views_side_by_side_and_bad_arguments():
    drawing = body_maps_drawing([mark("front.hip_flexor.L", intensity=4)], 500)
    scale = 500 / (2 * 400 + 40)
    _, x, y = region_centre("front.hip_flexor.L")
    px, py = (400 + 40 + x) * scale, (900 - y) * scale
    assert hexcolour(colour_at(drawing, px, py)) == ms.intensity_colour(4)
    with pytest.raises(ValueError, match="view"):
        body_map_drawing("side", [], WIDTH)
    with pytest.raises(ValueError, match="width"):
        body_map_drawing("back", [], 0)


def test_the_pdf_contains_the_marks_fill_colour(tmp_path):
    drawing = body_map_drawing("back", [mark("back.glute_med.R", intensity=8)], WIDTH)
    out = tmp_path / "map.pdf"
    renderPDF.drawToFile(drawing, str(out))
    from pypdf import PdfReader

    page = PdfReader(str(out)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    fills = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
    ]
    want = ms.rgb_floats(ms.intensity_colour(8))
    assert any(all(abs(a - b) < 0.005 for a, b in zip(f, want, strict=True)) for f in fills)


def test_legend_drawing_draws_every_entry():
    drawing = legend_drawing(300)
    assert drawing.width == 300 and drawing.height > 20
    texts = {s.text for s, _ in shapes_in_paint_order(drawing) if isinstance(s, String)}
    assert {"Intensity", "0", "10", "Pins and needles (nerve-type)", "Previous visit"} <= texts
    fills = {
        hexcolour(s.fillColor)
        for s, _ in shapes_in_paint_order(drawing)
        if isinstance(s, Polygon) and s.fillColor is not None
    }
    assert {ms.intensity_colour(v) for v in ms.RAMP_LEGEND_VALUES} <= fills
    narrow = legend_drawing(120)  # wraps instead of overflowing
    assert narrow.height > drawing.height
    for s, t in shapes_in_paint_order(narrow):
        if isinstance(s, Polygon):
            assert max(p[0] for p in polygon_points(s, t)) <= 120 + 1e-6


def test_printed_outlines_keep_a_subset_of_points_within_the_tolerance():
    from glutedesk.reports.body_map import PRINT_TOLERANCE, simplified

    silhouette = max(load_view("back").silhouette, key=len)
    points = [(x * 0.24, y * 0.24) for x, y in silhouette]  # about the progress report's scale
    kept = simplified(points, PRINT_TOLERANCE)
    assert kept[0] == points[0] and kept[-1] == points[-1]
    assert len(kept) < len(points) / 2
    assert set(kept) <= set(points)
    # every point left out lies within the tolerance of the segment of kept points around it
    positions, at = [], 0
    for point in kept:  # where each kept point is in the outline, in order
        at = points.index(point, at)
        positions.append(at)
    for start, end in itertools.pairwise(positions):
        (x0, y0), (x1, y1) = points[start], points[end]
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        for px, py in points[start + 1 : end]:
            if length:
                off = abs((y1 - y0) * (px - x0) - (x1 - x0) * (py - y0)) / length
            else:
                off = ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
            assert off <= PRINT_TOLERANCE
    # a line with a corner sharper than the tolerance keeps the corner
    assert simplified([(0, 0), (5, 1), (10, 0)], 0.5) == [(0, 0), (5, 1), (10, 0)]
    assert simplified([(0, 0), (5, 0.01), (10, 0)], 0.5) == [(0, 0), (10, 0)]
