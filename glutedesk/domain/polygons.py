"""Plane geometry of simple polygons: bounds, area, centroid, hit tests and a well-inside point.

Points are ``(x, y)`` pairs in any units (the body diagrams use SVG user units, y downwards).
"""

from __future__ import annotations

import heapq
import math

Point = tuple[float, float]
Polygon = tuple[Point, ...]


def bounds(polygon: Polygon) -> tuple[float, float, float, float]:
    """Return ``(min_x, min_y, max_x, max_y)`` of a polygon (or any point sequence)."""
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    return min(xs), min(ys), max(xs), max(ys)


def area(polygon: Polygon) -> float:
    """Return the unsigned area of a simple polygon (shoelace formula)."""
    total = 0.0
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2.0


def centroid(polygon: Polygon) -> Point:
    """Return the area centroid of a simple polygon (may lie outside a concave shape)."""
    a = cx = cy = 0.0
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*polygon, strict=True)
        return sum(xs) / n, sum(ys) / n
    return cx / (3.0 * a), cy / (3.0 * a)


def point_in_polygon(pt: Point, poly: Polygon) -> bool:
    """Return True if ``pt`` lies inside ``poly`` (even-odd ray casting; the outline is closed
    implicitly)."""
    x, y = pt
    inside = False
    n = len(poly)
    j = n - 1
    for i in range(n):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _segment_distance_sq(px: float, py: float, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    if dx or dy:
        t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
        if t > 1:
            ax, ay = b
        elif t > 0:
            ax += dx * t
            ay += dy * t
    dx, dy = px - ax, py - ay
    return dx * dx + dy * dy


def distance_to_outline(pt: Point, poly: Polygon) -> float:
    """Return the signed distance from ``pt`` to the polygon's outline (positive inside)."""
    n = len(poly)
    best = min(_segment_distance_sq(pt[0], pt[1], poly[i - 1], poly[i]) for i in range(n))
    d = math.sqrt(best)
    return d if point_in_polygon(pt, poly) else -d


def interior_point(polygon: Polygon, precision: float = 0.25) -> Point:
    """Return a point well inside ``polygon``: its pole of inaccessibility.

    This is the interior point farthest from the outline (found to within ``precision`` units
    by quadtree search, after Mapbox's *polylabel*). Unlike the centroid it always lies inside,
    even for crescent or L-shaped regions, so it is where a region's label or marker belongs.
    """
    min_x, min_y, max_x, max_y = bounds(polygon)
    width, height = max_x - min_x, max_y - min_y
    cell = min(width, height)
    if cell <= 0:
        return min_x, min_y

    def entry(x: float, y: float, h: float) -> tuple[float, float, float, float, float]:
        d = distance_to_outline((x, y), polygon)
        best_possible = d + h * math.sqrt(2)
        return (-best_possible, d, x, y, h)

    heap: list[tuple[float, float, float, float, float]] = []
    h = cell / 2
    x = min_x
    while x < max_x:
        y = min_y
        while y < max_y:
            heapq.heappush(heap, entry(x + h, y + h, h))
            y += cell
        x += cell

    cx, cy = centroid(polygon)
    best = entry(cx, cy, 0)
    probe = entry(min_x + width / 2, min_y + height / 2, 0)
    if probe[1] > best[1]:
        best = probe

    while heap:
        neg_max, d, x, y, h = heapq.heappop(heap)
        if d > best[1]:
            best = (neg_max, d, x, y, h)
        if -neg_max - best[1] <= precision:
            continue
        h /= 2
        for sx in (-h, h):
            for sy in (-h, h):
                heapq.heappush(heap, entry(x + sx, y + sy, h))
    return best[2], best[3]
