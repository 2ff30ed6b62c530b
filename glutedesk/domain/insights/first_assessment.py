"""Figures at the first assessment: weak glutes, short hip flexors, Trendelenburg.

"First assessment" is each client's first visit in the period. A client counts in a figure's
base only when the test behind it was recorded at that visit (a missing test is not "normal").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_not

from glutedesk.domain.ids import ClientId, VisitId
from glutedesk.domain.insights.data import InsightsData, TestFacts
from glutedesk.domain.insights.figures import Figure, Section, share_figure
from glutedesk.domain.insights.rules import (
    ACTIVITY_LEVELS,
    activity_level,
    age_band,
    age_band_labels,
    any_true,
    grade_is_weak,
    hip_flexors_short,
    symmetry_is_weak,
    trendelenburg_positive,
)
from glutedesk.domain.insights.strength import GLUTE_TESTS, MuscleSummary, per_side

WEAK_DEFS = ("weak_grade", "weak_symmetry")
_UNTESTED: Mapping[str, MuscleSummary] = {}


@dataclass(frozen=True)
class Weakness:
    """What one visit's glute tests say: weak per muscle and per side (None = not tested)."""

    muscle: Mapping[str, bool | None]
    side: Mapping[str, bool | None]

    @property
    def any(self) -> bool | None:
        """Weak in either muscle (None when neither was tested)."""
        return any_true(self.muscle.values())


def glute_weakness(muscles: Mapping[str, MuscleSummary]) -> Weakness:
    """Weak glutes at one visit: a grade below 5, or a symmetry index below 90 % (weaker side)."""
    muscle: dict[str, bool | None] = {}
    side: dict[str, list[bool | None]] = {"left": [], "right": []}
    for test_id in GLUTE_TESTS:
        summary = muscles.get(test_id)
        if summary is None:
            muscle[test_id] = None
            continue
        flags: list[bool | None] = []
        for name in ("left", "right"):
            weak = grade_is_weak(summary.grades[name]) if name in summary.grades else None
            side[name].append(weak)
            flags.append(weak)
        lsi_weak = symmetry_is_weak(summary.lsi)
        flags.append(lsi_weak)
        if lsi_weak and summary.weaker:
            side[summary.weaker].append(True)
        muscle[test_id] = any_true(flags)
    return Weakness(muscle, {name: any_true(flags) for name, flags in side.items()})


def short_flexors(tests: tuple[TestFacts, ...]) -> bool | None:
    """Short hip flexors on either side by the Thomas test, None when not tested."""
    return any_true(hip_flexors_short(v) for v in per_side(tests, "thomas_test").values())


def trendelenburg(tests: tuple[TestFacts, ...]) -> bool | None:
    """A positive Trendelenburg on either stance side, None when not tested."""
    return any_true(trendelenburg_positive(v) for v in per_side(tests, "trendelenburg").values())


def _known(
    clients: Sequence[ClientId], flags: Iterable[bool | None]
) -> tuple[set[ClientId], set[ClientId]]:
    """The clients with a known flag (the base) and those whose flag is true (the hits)."""
    flags = list(flags)
    return set(compress(clients, map(is_not, flags, repeat(None)))), set(compress(clients, flags))


def first_assessment(
    data: InsightsData,
    muscles: Mapping[VisitId, Mapping[str, MuscleSummary]],
) -> Section:
    """The "At the first assessment" section."""
    clients = data.courses.client_ids
    weakness: list[Weakness] = []
    short: list[bool | None] = []
    trend: list[bool | None] = []
    shared: dict[int, Weakness] = {}  # visits sharing one summary (see summarise_all)
    judged: dict[int, tuple[bool | None, bool | None]] = {}  # and one tuple of tests
    for first in data.courses.first_ids():
        tests = data.tests.get(first, ())
        summary = muscles.get(first, _UNTESTED)
        found = shared.get(id(summary))
        if found is None:
            found = shared[id(summary)] = glute_weakness(summary)
        weakness.append(found)
        flexors = judged.get(id(tests))
        if flexors is None:
            flexors = judged[id(tests)] = (short_flexors(tests), trendelenburg(tests))
        short.append(flexors[0])
        trend.append(flexors[1])
    weak = [w.any for w in weakness]
    figures: list[Figure] = []
    base, hits = _known(clients, weak)
    figures.append(share_figure("weak_glutes", "Weak glutes (max or med)", base, hits, WEAK_DEFS))
    for test_id, name in GLUTE_TESTS.items():
        b, h = _known(clients, (w.muscle[test_id] for w in weakness))
        figures.append(share_figure(f"weak_{name.split()[1]}", f"Weak {name}", b, h, WEAK_DEFS))
    for name in ("left", "right"):
        b, h = _known(clients, (w.side[name] for w in weakness))
        label = f"Weak glutes on the client's {name.upper()}"
        figures.append(share_figure(f"weak_{name}", label, b, h, WEAK_DEFS))
    figures += _by_band(data, base, hits)
    sb, sh = _known(clients, short)
    figures.append(
        share_figure("short_flexors", "Short hip flexors", sb, sh, ("short_hip_flexors",))
    )
    both = (
        None if (w is None or s is None) else bool(w and s)
        for w, s in zip(weak, short, strict=True)
    )
    bb, bh = _known(clients, both)
    figures.append(
        share_figure(
            "weak_and_short",
            "Both weak glutes and short hip flexors",
            bb,
            bh,
            (*WEAK_DEFS, "short_hip_flexors"),
        )
    )
    tb, th = _known(clients, trend)
    figures.append(
        share_figure("trendelenburg", "Positive Trendelenburg", tb, th, ("trendelenburg",))
    )
    return Section(
        "first",
        "At the first assessment",
        tuple(figures),
        "Share of clients, at their first visit in the period, among those the test was "
        "recorded for. A finding is what was recorded; it is not a diagnosis.",
    )


def _by_band(data: InsightsData, base: set[ClientId], hits: set[ClientId]) -> list[Figure]:
    """Weak glutes by age band and by activity level."""
    bands: dict[str, set[ClientId]] = {}
    levels: dict[str, set[ClientId]] = {}
    courses = data.courses
    for client_id, first_date in zip(courses.client_ids, courses.first_dates, strict=True):
        if client_id not in base:
            continue
        facts = data.clients.get(client_id)
        born = facts.born if facts else None
        bands.setdefault(age_band(born, first_date), set()).add(client_id)
        level = activity_level(facts.sport_activity if facts else "")
        levels.setdefault(level, set()).add(client_id)
    figures: list[Figure] = []
    for band in (*age_band_labels(), "unknown"):
        if band == "unknown" and band not in bands:
            continue
        members = bands.get(band, set())
        figures.append(
            share_figure(
                f"weak_age_{_slug(band)}",
                f"Weak glutes, aged {band}",
                members,
                hits & members,
                (*WEAK_DEFS, "age_band"),
            )
        )
    for level in ACTIVITY_LEVELS:
        members = levels.get(level, set())
        figures.append(
            share_figure(
                f"weak_activity_{_slug(level)}",
                f"Weak glutes, {level}",
                members,
                hits & members,
                (*WEAK_DEFS, "activity_level"),
            )
        )
    return figures


def _slug(text: str) -> str:
    return text.replace("–", "_").replace("+", "_plus").replace(" ", "_")
