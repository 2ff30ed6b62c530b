"""One app session's timings turned into the benchmark's figures (search, editor, timeline,
report, memory): what each figure takes from the repetitions the probe timed."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any


def session_figures(raw: dict[str, Any]) -> dict[str, Any]:
    """The figures of one session from its raw timings (:func:`runner.session_timings`)."""
    search = [s * 1000 for s in raw["search_s"]]
    query = [s * 1000 for s in raw["search_query_s"]]
    timeline = [s * 1000 for s in raw["timeline_s"]]
    editor = [s * 1000 for s in raw["editor_open_s"]]
    report, baseline = raw["report_s"], raw["baseline_s"]
    report_s = _warm(report)
    baseline_s = _warm(baseline)
    return {
        "search_p50_ms": round(percentile(search, 50), 2),
        "search_p95_ms": round(percentile(search, 95), 2),
        "search_max_ms": round(max(search), 2),
        "search_query_p50_ms": round(percentile(query, 50), 2),
        "search_query_p95_ms": round(percentile(query, 95), 2),
        "searches": len(search),
        "editor_open_ms": round(_warm(editor), 1),
        "editor_open_first_ms": round(editor[0], 1),
        "editor_openings": len(editor),
        "timeline_ms": round(_warm(timeline), 1),
        "timeline_first_ms": round(timeline[0], 1),
        "timeline_visits": raw["timeline_visits"],
        "report_s": round(report_s, 3),
        "report_first_s": round(report[0], 3),
        "report_pages": raw["report_pages"],
        "report_baseline_s": round(baseline_s, 3),
        "report_ratio": round(report_s / baseline_s, 2),
        "peak_rss_mb": round(raw["peak_rss_mb"], 1),
    }


def _warm(times: Sequence[float]) -> float:
    """The median of the repetitions after the first (which also pays for imports)."""
    return statistics.median(times[1:] if len(times) > 1 else times)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile of ``values`` (linear interpolation between ranks)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
