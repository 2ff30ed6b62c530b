"""Finding body-chart regions without a mouse: by name, and by direction from another region.

:func:`search_regions` matches what a therapist types ("glute med left", "L calf", "sacrum")
against each region's label, muscles, Michigan Body Map area, view and side. :func:`neighbour`
gives the region next to another in an arrow key's direction, on the picture as it is shown:
the back view on the left, the front view on its right.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from glutedesk.domain.diagram_geometry import ViewGeometry
from glutedesk.domain.ids import RegionId
from glutedesk.domain.polygons import area, interior_point
from glutedesk.domain.regions import Region, RegionManifest

DIRECTIONS = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "up": (0.0, -1.0), "down": (0.0, 1.0)}
MAX_ANGLE = math.radians(65)  # a neighbour lies within this of the arrow's direction

# Words therapists type for the words in the manifest (prefixes match too: "glute", "med").
_SYNONYMS = {
    "l": "left",
    "r": "right",
    "lt": "left",
    "rt": "right",
    "glute": "gluteus",
    "glutes": "gluteus",
    "buttock": "buttock",
    "bum": "buttock",
    "qls": "quadratus",
    "ql": "quadratus",
    "it": "iliotibial",
    "itb": "iliotibial",
    "shin": "tibialis",
    "hammy": "hamstring",
    "hammies": "hamstring",
    "quads": "quadriceps",
    "quad": "quadriceps",
    "sij": "sacroiliac",
    "si": "sacroiliac",
    "mid": "middle",
    "centre": "centre",
    "center": "centre",
}
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class RegionCentre:
    """Where a region sits on the shown picture (both views side by side, diagram units)."""

    region_id: RegionId
    x: float
    y: float


def region_centres(
    views: dict[str, ViewGeometry], order: tuple[str, ...], gap: float
) -> dict[RegionId, RegionCentre]:
    """Each region's inner point on the picture: views left to right in ``order``, ``gap`` apart."""
    centres: dict[RegionId, RegionCentre] = {}
    offset = 0.0
    for view in order:
        geom = views[view]
        for region_id, polygons in geom.regions.items():
            x, y = interior_point(max(polygons, key=area))
            centres[region_id] = RegionCentre(region_id, offset + x, y)
        offset += geom.width + gap
    return centres


def neighbour(
    centres: dict[RegionId, RegionCentre], current: str, direction: str
) -> RegionId | None:
    """The region next to ``current`` towards ``direction`` ("left", "right", "up", "down").

    The nearest region within :data:`MAX_ANGLE` of the direction wins, with regions straight
    ahead preferred over ones off to the side. None when there is none that way.
    """
    dx, dy = DIRECTIONS[direction]
    here = centres[RegionId(current)]
    best: tuple[float, RegionId] | None = None
    for centre in centres.values():
        if centre.region_id == here.region_id:
            continue
        vx, vy = centre.x - here.x, centre.y - here.y
        distance = math.hypot(vx, vy)
        if distance == 0:
            continue
        cosine = (vx * dx + vy * dy) / distance
        if cosine < math.cos(MAX_ANGLE):
            continue
        score = distance * (1 + 2.5 * (1 - cosine))
        if best is None or score < best[0]:
            best = (score, centre.region_id)
    return None if best is None else best[1]


_OPPOSITE = {"left": "right", "right": "left", "up": "down", "down": "up"}


class ArrowWalk:
    """Arrow-key moves over the regions; an arrow back undoes the last move exactly."""

    def __init__(self, centres: dict[RegionId, RegionCentre]) -> None:
        self.centres = centres
        self._last: tuple[str, str, str] | None = None  # (from, direction, to)

    def step(self, current: str, direction: str) -> RegionId | None:
        """The region an arrow in ``direction`` moves to from ``current`` (None: none)."""
        if self._last is not None:
            origin, went, arrived = self._last
            if arrived == current and _OPPOSITE[went] == direction:
                self._last = (current, direction, origin)
                return RegionId(origin)
        found = neighbour(self.centres, current, direction)
        if found is not None:
            self._last = (current, direction, found)
        return found


def search_text(region: Region) -> str:
    """Everything a region can be found by: label, muscles, body-map area, view and side."""
    view = "back" if region.view == "back" else "front"
    return " ".join((region.label, *region.muscles, region.mbm_code, view, region.side))


def search_regions(manifest: RegionManifest, query: str) -> list[Region]:
    """The regions every typed word matches (a word, its synonym or a prefix), best first.

    Regions whose label holds the words come before those matched only by a muscle.
    """
    words = [_SYNONYMS.get(w, w) for w in _words(query)]
    if not words:
        return []
    ranked: list[tuple[int, int, Region]] = []
    for index, region in enumerate(manifest):
        haystack = _words(search_text(region))
        label = _words(f"{region.label} {region.side}")
        if not all(any(h.startswith(w) for h in haystack) for w in words):
            continue
        in_label = sum(any(h.startswith(w) for h in label) for w in words)
        ranked.append((-in_label, index, region))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [region for _, _, region in ranked]


def accessible_region_name(region: Region) -> str:
    """A region as a screen reader says it: its label, the client's side and the view."""
    side = {"left": "client's left", "right": "client's right"}.get(region.side, "centre")
    return f"{region.label}; {side}; {region.view} view"
