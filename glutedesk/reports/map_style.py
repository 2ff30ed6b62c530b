"""How pain marks look on the body map, shared by the Qt widget and the PDF reports.

This module is deliberately light (standard library and ``glutedesk.domain`` only), because the
body-diagram widget imports it at start-up while reportlab and matplotlib must stay unloaded.
Everything visual about a mark is decided here, so a report shows exactly what the screen
showed:

* the fill colour, from :func:`intensity_colour` (light yellow -> orange -> deep red);
* a hatch for the nerve-type symptoms (:data:`NERVE_SYMPTOMS`), as line segments already clipped
  to the region (:func:`hatch_segments`), so both renderers draw the very same lines;
* the ghost of the previous visit's marks (translucent fill, dashed outline);
* the diagram's own palette (silhouette, guides, region outlines, labels) and the legend.

Coordinates are the SVG user units of the diagram (viewBox 400 x 900, y downwards).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

from glutedesk.domain.models import PainMark, SymptomType

Point = tuple[float, float]
Segment = tuple[Point, Point]

# ------------------------------------------------------------------------------------ palette

SILHOUETTE_FILL = "#eef0f2"
SILHOUETTE_STROKE = "#5b6573"
SILHOUETTE_WIDTH = 1.6
GUIDE_STROKE = "#aab3bf"
GUIDE_WIDTH = 1.0
REGION_STROKE = "#c5ccd6"
REGION_WIDTH = 0.9
MARK_STROKE = "#7b5a3c"  # outline of a marked region, a warm dark brown that reads on every fill
MARK_WIDTH = 1.1
LABEL_COLOUR = "#2f3742"
LABEL_MUTED = "#7a8494"
LABEL_BOLD_FROM = 18.0  # labels this size or larger (view title, big L / R) are bold
LABEL_MUTED_BELOW = 12.0  # labels smaller than this ("posterior view") are muted

SELECTION_STROKE = "#185a62"  # the app's dark accent
SELECTION_WIDTH = 3.2
HOVER_FILL = "#1f6f78"
HOVER_ALPHA = 0.16

GHOST_ALPHA = 0.35  # fill opacity of a previous-visit mark
GHOST_STROKE = "#4a5563"
GHOST_WIDTH = 1.4
GHOST_DASH = (4.0, 3.0)  # dash, gap (diagram units)

UNRATED_COLOUR = "#d8cfc2"  # a marked region with no 0-10 rating

# Intensity ramp: (intensity, colour) stops, interpolated in RGB for the whole numbers between.
RAMP_STOPS: tuple[tuple[int, str], ...] = (
    (0, "#fff4b8"),
    (3, "#fdd36a"),
    (6, "#f58a2b"),
    (8, "#d2442a"),
    (10, "#861313"),
)

SYMPTOM_LABELS: dict[SymptomType, str] = {
    SymptomType.ACHE: "Ache",
    SymptomType.SHARP: "Sharp",
    SymptomType.BURNING: "Burning",
    SymptomType.PINS_AND_NEEDLES: "Pins and needles",
    SymptomType.NUMBNESS: "Numbness",
}

# Keyboard letter for each symptom (the widget's shortcut and its button caption).
SYMPTOM_KEYS: dict[SymptomType, str] = {
    SymptomType.ACHE: "A",
    SymptomType.SHARP: "S",
    SymptomType.BURNING: "B",
    SymptomType.PINS_AND_NEEDLES: "P",
    SymptomType.NUMBNESS: "N",
}

NERVE_SYMPTOMS: frozenset[SymptomType] = frozenset(s for s in SymptomType if s.is_nerve_type)

NERVE_BANNER = "Nerve-type symptoms marked — the visit will ask for the advice given (refer to GP)"


# ------------------------------------------------------------------------------------ colour


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _ramp() -> tuple[str, ...]:
    colours = []
    for value in range(11):
        for (lo, lo_col), (hi, hi_col) in itertools.pairwise(RAMP_STOPS):
            if lo <= value <= hi:
                t = (value - lo) / (hi - lo)
                a, b = _rgb(lo_col), _rgb(hi_col)
                r, g, bl = (a[k] + (b[k] - a[k]) * t for k in range(3))
                colours.append(_hex((r, g, bl)))
                break
    return tuple(colours)


INTENSITY_COLOURS: tuple[str, ...] = _ramp()  # index = intensity 0..10


def intensity_colour(intensity: int | None) -> str:
    """Return the fill colour (``"#rrggbb"``) of a mark rated ``intensity`` (0-10).

    ``None`` (marked but not rated) gives :data:`UNRATED_COLOUR`. Out-of-range values raise
    :class:`ValueError` rather than silently showing a wrong colour.
    """
    if intensity is None:
        return UNRATED_COLOUR
    if isinstance(intensity, bool) or not isinstance(intensity, int) or not 0 <= intensity <= 10:
        raise ValueError(f"pain intensity must be a whole number 0-10, not {intensity!r}")
    return INTENSITY_COLOURS[intensity]


def is_dark(hex_colour: str) -> bool:
    """True when ``hex_colour`` is dark enough that text or lines on it should be light."""
    r, g, b = _rgb(hex_colour)
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def rgb_floats(hex_colour: str) -> tuple[float, float, float]:
    """Return ``hex_colour`` as three floats 0-1 (for renderers that want them)."""
    r, g, b = _rgb(hex_colour)
    return r / 255, g / 255, b / 255


# ------------------------------------------------------------------------------------ hatching


@dataclass(frozen=True)
class HatchPattern:
    """Parallel hatch lines laid over a mark's fill.

    ``angles`` are in degrees in diagram coordinates (y downwards): 45 runs from top-left to
    bottom-right ("\\"), -45 from bottom-left to top-right ("/"). Lines are anchored to the
    diagram origin, so the hatch of neighbouring regions lines up like one pattern.
    """

    angles: tuple[float, ...]
    spacing: float  # diagram units between lines
    line_width: float  # diagram units
    name: str  # e.g. "diagonal hatch"


HATCHES: dict[SymptomType, HatchPattern] = {
    SymptomType.PINS_AND_NEEDLES: HatchPattern((-45.0,), 5.5, 1.3, "diagonal hatch"),
    SymptomType.NUMBNESS: HatchPattern((-45.0, 45.0), 7.0, 1.2, "cross-hatch"),
}


def hatch_for(symptom: SymptomType) -> HatchPattern | None:
    """Return the hatch drawn over a mark of ``symptom`` (nerve types only), else None."""
    return HATCHES.get(SymptomType(symptom))


def hatch_colour(intensity: int | None) -> str:
    """Return the colour of hatch lines over a fill of ``intensity_colour(intensity)``."""
    return "#ffffff" if is_dark(intensity_colour(intensity)) else "#2c2f7a"


def _clip_lines(polygon: tuple[Point, ...], angle: float, spacing: float) -> list[Segment]:
    """Clip the family of lines at ``angle`` (spacing apart) to ``polygon`` (even-odd)."""
    theta = math.radians(angle)
    ux, uy = math.cos(theta), math.sin(theta)  # along the lines
    nx, ny = -uy, ux  # across the lines
    offsets = [x * nx + y * ny for x, y in polygon]
    first = math.floor(min(offsets) / spacing) + 1
    last = math.ceil(max(offsets) / spacing) - 1
    n = len(polygon)
    segments: list[Segment] = []
    for k in range(first, last + 1):
        c = k * spacing
        hits: list[float] = []
        for i in range(n):
            (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
            d1, d2 = offsets[i] - c, offsets[(i + 1) % n] - c
            if (d1 > 0) != (d2 > 0):
                t = d1 / (d1 - d2)
                px, py = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
                hits.append(px * ux + py * uy)
        hits.sort()
        for a, b in zip(hits[0::2], hits[1::2], strict=False):
            if b - a < 1e-6:
                continue
            segments.append(
                (
                    (c * nx + a * ux, c * ny + a * uy),
                    (c * nx + b * ux, c * ny + b * uy),
                )
            )
    return segments


@cache
def hatch_segments(polygon: tuple[Point, ...], pattern: HatchPattern) -> tuple[Segment, ...]:
    """Return the hatch lines of ``pattern`` clipped to ``polygon`` (diagram units).

    Each segment lies inside the polygon, so a renderer needs no clipping support.
    """
    out: list[Segment] = []
    for angle in pattern.angles:
        out.extend(_clip_lines(polygon, angle, pattern.spacing))
    return tuple(out)


# ------------------------------------------------------------------------------------ text


def symptom_label(symptom: SymptomType) -> str:
    """Return the display name of a symptom type ("Pins and needles")."""
    return SYMPTOM_LABELS[SymptomType(symptom)]


def intensity_text(intensity: int | None) -> str:
    """Return "5/10", or "not rated" for ``None``."""
    return "not rated" if intensity is None else f"{intensity}/10"


def mark_description(mark: PainMark) -> str:
    """Return a short description of a mark, e.g. "Pins and needles, 4/10"."""
    return f"{symptom_label(mark.symptom)}, {intensity_text(mark.intensity)}"


# ------------------------------------------------------------------------------------ legend


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of the legend: a fill colour, optionally hatched or drawn as a ghost."""

    label: str
    colour: str
    hatch: HatchPattern | None = None
    ghost: bool = False


RAMP_LEGEND_VALUES: tuple[int, ...] = (0, 2, 4, 6, 8, 10)
LEGEND_HATCH_INTENSITY = 4  # the fill under the legend's hatch samples
LEGEND_GHOST_INTENSITY = 6


def legend_entries() -> tuple[LegendEntry, ...]:
    """Return the legend of the body map: the intensity ramp, the nerve hatches, the ghost.

    Both the widget's legend and :func:`glutedesk.reports.body_map.legend_drawing` draw from
    this, in this order.
    """
    ramp = tuple(LegendEntry(str(v), intensity_colour(v)) for v in RAMP_LEGEND_VALUES)
    sample = intensity_colour(LEGEND_HATCH_INTENSITY)
    nerve = tuple(
        LegendEntry(symptom_label(s), sample, hatch=HATCHES[s])
        for s in (SymptomType.PINS_AND_NEEDLES, SymptomType.NUMBNESS)
    )
    ghost = LegendEntry("Previous visit", intensity_colour(LEGEND_GHOST_INTENSITY), ghost=True)
    return (*ramp, *nerve, ghost)
