"""The benchmark's Practice-view figure: ``insights_ms``, the time to work out every practice
figure over the whole clinic (read the facts, compute the figures: ``read_and_compute``), as
the Practice window's worker and ``glutedesk insights`` do before the figures appear. The
charts are drawn afterwards and not counted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def measure_insights(db_path: Path, repeat: int, say: Callable[[str], None]) -> dict[str, Any]:
    """Median over ``repeat`` warm runs (one more, first, warms the page cache; not counted)."""
    from glutedesk.domain.catalogue import load_catalogue
    from glutedesk.domain.insights.compute import read_and_compute
    from glutedesk.storage.clinic import Clinic

    runs = max(1, repeat)
    say(f"Timing the practice insights {runs} times…")
    catalogue = load_catalogue()
    times: list[float] = []
    clinic, _reason = Clinic.open_for_reading(db_path)
    try:
        for _ in range(runs + 1):
            started = time.perf_counter()
            insights = read_and_compute(clinic.insights_data, catalogue)
            times.append(time.perf_counter() - started)
    finally:
        clinic.close()
    return {
        "insights_ms": round(statistics.median(times[1:]) * 1000, 1),
        "insights_first_ms": round(times[0] * 1000, 1),
        "insights_clients": insights.clients,
    }
