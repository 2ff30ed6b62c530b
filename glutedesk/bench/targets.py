"""The speed targets GluteDesk must meet on a large clinic (10,000 clients, 200,000 visits)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One figure of the benchmark: its key, a plain label, its unit and the limit it must not
    exceed."""

    key: str
    label: str
    unit: str
    limit: float

    def met(self, value: float | None) -> bool:
        return value is not None and value <= self.limit


TARGETS: tuple[Target, ...] = (
    Target("startup_ratio", "Start-up, relative to an empty Qt window", "×", 2.5),
    Target("editor_open_ms", "Open the visit editor (new visit, 100-visit client)", "ms", 150),
    Target("editor_open_first_ms", "Open the visit editor, first time in a session", "ms", 400),
    Target("search_p95_ms", "Client search as you type (95th percentile)", "ms", 15),
    Target("timeline_ms", "Open a 100-visit timeline with its chart", "ms", 200),
    Target("timeline_first_ms", "Open the first timeline in a session", "ms", 700),
    Target("save_ms", "Save one visit durably", "ms", 30),
    Target("report_s", "Progress report PDF, 100 visits", "s", 1.5),
    Target("report_ratio", "Progress report, relative to a one-chart PDF", "×", 3),
    Target("peak_rss_mb", "Peak memory of the app", "MB", 350),
    Target("insights_ms", "Practice insights over the whole clinic", "ms", 1000),
)


def check(figures: dict[str, object]) -> dict[str, dict[str, object]]:
    """Return ``{key: {"target": limit, "met": bool}}`` for every target."""
    result: dict[str, dict[str, object]] = {}
    for target in TARGETS:
        value = figures.get(target.key)
        number = float(value) if isinstance(value, int | float) else None
        result[target.key] = {"target": target.limit, "met": target.met(number)}
    return result
