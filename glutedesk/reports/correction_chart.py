"""Corrected values on the charts: a ring around each plotted point that was corrected.

The charts already plot the corrected values (they read visits as they now stand); this marks
them, after the figure is drawn, by each line's ``gid`` (``oxford_glute_max:left``,
``dynamometer:oxford_glute_max:left``, ``nprs``, ``psfs``, an outcome measure's id …), so the
plotting code needs no knowledge of corrections. A note under the figure says what a ring means.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from glutedesk.domain.corrections import marks_under
from glutedesk.domain.models import Instrument, Visit

RING = "#8a5a12"
NOTE = "○ corrected after the visit was signed"
_INSTRUMENTS = {str(i) for i in Instrument}


def prefix_for(gid: str) -> str | None:
    """Return the correction path prefix a chart line's ``gid`` plots (None: not a value)."""
    parts = gid.split(":")
    if gid == "nprs":
        return "nprs/now"
    if gid in _INSTRUMENTS:
        return f"outcomes/{gid}"
    if len(parts) == 2 and parts[1] in ("left", "right"):
        return f"tests/{parts[0]}/{parts[1]}/values/grade"
    if len(parts) in (3, 4) and parts[0] == "dynamometer":  # ":unit" ends a reading's line
        return f"tests/{parts[1]}/{parts[2]}/values/dynamometer"
    return None


def ring_corrected(fig: Figure, visits: Sequence[Visit]) -> int:
    """Ring every plotted point of ``fig`` whose value was corrected; return how many.

    When any is ringed, a short note is added at the top right of the figure.
    """
    corrected = [v for v in visits if v.corrections]
    if not corrected:
        return 0
    count = 0
    for ax in fig.axes:
        for line in list(ax.get_lines()):
            prefix = prefix_for(str(line.get_gid() or ""))
            if prefix is None:
                continue
            points = dict(zip(_dates(line.get_xdata()), _values(line.get_ydata()), strict=False))
            for visit in corrected:
                if visit.visit_date in points and marks_under(visit, prefix):
                    ax.plot(
                        [visit.visit_date],  # type: ignore[arg-type]  # matplotlib takes dates
                        [points[visit.visit_date]],
                        marker="o",
                        markersize=12,
                        markerfacecolor="none",
                        markeredgecolor=RING,
                        markeredgewidth=1.3,
                        linestyle="none",
                        gid=f"corrected:{line.get_gid()}",
                        zorder=5,
                    )
                    count += 1
    if count:  # room above the panels' titles for the note
        fig.subplots_adjust(top=fig.subplotpars.top - 0.06)
        fig.text(0.985, 0.995, NOTE, ha="right", va="top", fontsize=7.5, color=RING)
    return count


def _dates(values: Any) -> list[object]:
    return [v.date() if isinstance(v, dt.datetime) else v for v in values]


def _values(values: Any) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]  # None: a gap in the line


__all__ = ["NOTE", "prefix_for", "ring_corrected"]
