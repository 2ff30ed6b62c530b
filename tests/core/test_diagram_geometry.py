"""Body-diagram geometry: SVG parsing, hit-testing, laterality and tiling of the regions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from glutedesk.domain.diagram_geometry import (
    VIEWS,
    ViewGeometry,
    load_view,
    parse_path,
    parse_view,
    region_at,
)
from glutedesk.domain.polygons import (
    area,
    bounds,
    centroid,
    distance_to_outline,
    interior_point,
    point_in_polygon,
)
from glutedesk.domain.regions import load_regions
from glutedesk.paths import diagram

SQUARE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
# A "C" shape whose centroid falls in the notch, outside the polygon.
C_SHAPE = (
    (0.0, 0.0),
    (30.0, 0.0),
    (30.0, 8.0),
    (8.0, 8.0),
    (8.0, 22.0),
    (30.0, 22.0),
    (30.0, 30.0),
    (0.0, 30.0),
)


@pytest.fixture(scope="module", params=VIEWS)
def geom(request) -> ViewGeometry:
    return load_view(request.param)


# ------------------------------------------------------------------------------ pure geometry


def test_point_in_polygon_square_and_concave():
    assert point_in_polygon((5, 5), SQUARE)
    assert not point_in_polygon((15, 5), SQUARE)
    assert not point_in_polygon((-0.1, 5), SQUARE)
    assert point_in_polygon((4, 15), C_SHAPE)
    assert not point_in_polygon((20, 15), C_SHAPE)  # in the notch


def test_bounds_area_centroid():
    assert bounds(SQUARE) == (0, 0, 10, 10)
    assert area(SQUARE) == pytest.approx(100)
    assert centroid(SQUARE) == pytest.approx((5, 5))


def test_interior_point_is_inside_even_when_the_centroid_is_not():
    assert not point_in_polygon(centroid(C_SHAPE), C_SHAPE)
    pt = interior_point(C_SHAPE)
    assert point_in_polygon(pt, C_SHAPE)
    assert distance_to_outline(pt, C_SHAPE) >= 3.5
    assert interior_point(SQUARE) == pytest.approx((5, 5), abs=0.3)


def test_parse_path_flattens_curves_and_rejects_relative_commands():
    ((pts, closed),) = parse_path("M 0 0 L 10 0 C 10 5 5 10 0 10 Z")
    assert closed
    assert pts[0] == (0, 0)
    assert pts[1] == (10, 0)
    assert len(pts) == 2 + 12  # M, L, then 12 segments of the cubic (Z closes implicitly)
    assert pts[-1] == pytest.approx((0, 10))
    ((qpts, _),) = parse_path("M 0 0 Q 5 10 10 0")
    assert len(qpts) == 13
    assert qpts[6] == pytest.approx((5, 5))
    with pytest.raises(ValueError, match="unsupported"):
        parse_path("M 0 0 l 10 0")
    with pytest.raises(ValueError, match="unsupported"):
        parse_path("M 0 0 A 5 5 0 0 1 10 0")


def test_parse_view_handles_a_minimal_svg(tmp_path):
    svg = tmp_path / "mini.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" data-diagram-version="7">'
        '<g id="silhouette"><path d="M 0 0 L 100 0 L 100 50 L 0 50 Z"/></g>'
        '<g id="regions"><polygon id="back.a.L" points="0,0 50,0 50,50 0,50"/>'
        '<path id="back.a.R" d="M 50 0 L 100 0 L 100 50 L 50 50 Z"/></g>'
        '<g id="labels" font-size="9"><text x="5" y="10">client\'s LEFT</text>'
        '<text x="95" y="10" text-anchor="end" font-size="11px">client\'s RIGHT</text></g>'
        "</svg>",
        encoding="utf-8",
    )
    g = parse_view(svg, "back")
    assert (g.width, g.height, g.version) == (100, 50, "7")
    assert list(g.regions) == ["back.a.L", "back.a.R"]
    assert g.guides == ()
    assert region_at(g, 25, 25) == "back.a.L"
    assert region_at(g, 75, 25) == "back.a.R"
    assert region_at(g, 150, 25) is None
    left, right = g.labels
    assert (left.anchor, left.font_size) == ("start", 9)
    assert (right.anchor, right.font_size, right.x) == ("end", 11, 95)


# ----------------------------------------------------------------------------- the artwork


def test_load_view_is_cached_and_validates_the_view():
    assert load_view("back") is load_view("back")
    with pytest.raises(ValueError, match="side"):
        load_view("side")


def test_views_share_size_and_version(geom):
    manifest = load_regions()
    assert (geom.width, geom.height) == (400, 900)
    assert geom.version == manifest.version
    assert len(geom.silhouette) == 1
    assert geom.guides


def test_svg_region_ids_match_the_manifest(geom):
    manifest_ids = {r.id for r in load_regions().for_view(geom.view)}
    assert set(geom.regions) == manifest_ids
    # same order as the manifest, so a PDF legend and the widget list agree
    assert list(geom.regions) == [r.id for r in load_regions().for_view(geom.view)]


def test_regions_use_only_parseable_elements(geom):
    root = ET.parse(diagram(f"body_{geom.view}.svg")).getroot()
    assert root.get("data-diagram-version") == geom.version
    regions = next(el for el in root.iter() if el.get("id") == "regions")
    for el in regions:
        assert el.tag.rsplit("}", 1)[-1] in {"polygon", "path"}
        assert el.get("id") in geom.regions


def test_interior_point_of_each_region_hits_that_region(geom):
    for region_id, polygons in geom.regions.items():
        for poly in polygons:
            x, y = interior_point(poly)
            assert region_at(geom, x, y) == region_id


def test_regions_are_big_enough_to_click(geom):
    for region_id, polygons in geom.regions.items():
        poly = max(polygons, key=area)
        min_x, min_y, max_x, max_y = bounds(poly)
        assert max_x - min_x >= 14 and max_y - min_y >= 14, region_id
        # a 14-unit disc fits inside every region
        assert distance_to_outline(interior_point(poly), poly) >= 7, region_id


def test_regions_do_not_overlap(geom):
    probes: list[tuple[str, tuple[float, float]]] = []
    for region_id, polygons in geom.regions.items():
        for poly in polygons:
            probes.append((region_id, interior_point(poly)))
            probes.append((region_id, centroid(poly)))
            min_x, min_y, max_x, max_y = bounds(poly)
            for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
                for fy in (0.2, 0.35, 0.5, 0.65, 0.8):
                    probes.append(
                        (region_id, (min_x + fx * (max_x - min_x), min_y + fy * (max_y - min_y)))
                    )
    for region_id, pt in probes:
        if not point_in_polygon(pt, max(geom.regions[region_id], key=area)):
            continue
        owners = [
            other
            for other, polys in geom.regions.items()
            if any(point_in_polygon(pt, p) for p in polys)
        ]
        assert owners == [region_id], (pt, owners)


def test_regions_cover_the_silhouette(geom):
    (body,) = geom.silhouette
    body_area = area(body)
    region_area = sum(area(p) for polys in geom.regions.values() for p in polys)
    assert region_area == pytest.approx(body_area, rel=0.01)
    # and every sampled point of the body lies in some region
    min_x, min_y, max_x, max_y = bounds(body)
    missed = inside = 0
    y = min_y + 1.5
    while y < max_y:
        x = min_x + 1.5
        while x < max_x:
            if point_in_polygon((x, y), body):
                inside += 1
                if region_at(geom, x, y) is None:
                    missed += 1
            x += 7
        y += 7
    assert inside > 500
    assert missed <= inside * 0.002


def test_laterality_of_regions(geom):
    midline = geom.width / 2
    # Back view: the client's left is on the viewer's left. Front view: on the viewer's right.
    left_is_low_x = geom.view == "back"
    for region_id, polygons in geom.regions.items():
        cx, _ = centroid(max(polygons, key=area))
        if region_id.endswith(".L"):
            assert (cx < midline) == left_is_low_x, region_id
        elif region_id.endswith(".R"):
            assert (cx > midline) == left_is_low_x, region_id
        else:
            assert abs(cx - midline) < 2, region_id


def test_lateral_regions_are_mirror_images(geom):
    for region_id, polygons in geom.regions.items():
        if not region_id.endswith(".L"):
            continue
        lx, ly = centroid(polygons[0])
        rx, ry = centroid(geom.regions[region_id[:-1] + "R"][0])
        assert lx + rx == pytest.approx(geom.width, abs=1.0), region_id
        assert ly == pytest.approx(ry, abs=1.0), region_id


def test_labels_name_the_clients_sides_on_the_correct_halves(geom):
    texts = {label.text: label for label in geom.labels}
    assert {"client's LEFT", "client's RIGHT", geom.view.upper()} <= set(texts)
    midline = geom.width / 2
    left, right = texts["client's LEFT"], texts["client's RIGHT"]
    if geom.view == "back":
        assert left.x < midline < right.x
    else:
        assert right.x < midline < left.x
    assert texts[geom.view.upper()].anchor == "middle"


def test_glute_regions_sit_where_the_anatomy_is():
    back = load_view("back")
    manifest = load_regions()

    def centre(region_id):
        return centroid(back.regions[region_id][0])

    # glute med above-and-outside glute max; SIJ beside the sacrum; lumbar above the pelvis
    for side, outward in (("L", -1), ("R", 1)):
        med_x, med_y = centre(f"back.glute_med.{side}")
        max_x, max_y = centre(f"back.glute_max.{side}")
        assert med_y < max_y
        assert (med_x - max_x) * outward > 0
        assert centre(f"back.lumbar.{side}")[1] < centre(f"back.sij.{side}")[1]
        assert manifest.get(f"back.glute_med.{side}").mbm_code == "buttocks"
    assert abs(centre("back.sacrum.C")[0] - back.width / 2) < 1
    front = load_view("front")
    # on the front view the client's left hip is drawn on the viewer's right
    assert centroid(front.regions["front.lateral_hip.L"][0])[0] > front.width / 2
