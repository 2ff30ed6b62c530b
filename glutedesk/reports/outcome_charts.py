"""The disability chart: ODI and RMDQ over visits, against their meaningful-change lines.

Built like :mod:`glutedesk.reports.charts` (a matplotlib ``Figure``, no pyplot) so the timeline
and the progress report show the same picture. Each panel draws the first score as a grey
line and shades where a later score counts as a meaningful improvement: ODI 10 points, RMDQ 5
points below the first (clinical reference, Decisions "Outcome measures"). A total scored on
paper is drawn as an open marker. Lines carry a ``gid`` ("odi", "rmdq", "odi:threshold", …).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Visit
from glutedesk.domain.outcomes import MEANINGFUL_CHANGE
from glutedesk.reports.charts import (
    AMBER,
    AMBER_TINT,
    FONT_SIZE,
    MUTED,
    TEAL,
    TEAL_TINT,
    WIDTH_IN,
    _date_axis,
    _empty,
    _figure,
    _shared_legend,
    _style_axes,
    _title,
    draw_change_guides,
)
from glutedesk.reports.outcome_series import OutcomePoint, outcome_points, startback_points

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DISABILITY_HEIGHT_IN = 2.9
NO_ODI = "No ODI recorded yet"
NO_RMDQ = "No RMDQ recorded yet"


@dataclass(frozen=True)
class _Panel:
    key: str
    title: str
    ylabel: str
    top: float
    ticks: Sequence[float]
    colour: str
    tint: str
    empty: str


PANELS = (
    _Panel(
        "odi",
        "Disability (ODI)",
        "0 none – 100% most",
        100,
        range(0, 101, 20),
        TEAL,
        TEAL_TINT,
        NO_ODI,
    ),
    _Panel(
        "rmdq",
        "Disability (RMDQ)",
        "0 none – 24 most",
        24,
        range(0, 25, 4),
        AMBER,
        AMBER_TINT,
        NO_RMDQ,
    ),
)


def meaningful_level(key: str, baseline: float) -> float:
    """The score at or below which a later ODI/RMDQ is a meaningful improvement (never < 0).

    ODI: 10 points below the first score; RMDQ: 5 points below.
    """
    return max(0.0, baseline - MEANINGFUL_CHANGE[key].points)


def disability_figure(visits: Sequence[Visit], *, width: float = WIDTH_IN) -> Figure:
    """Return a figure of ODI (left panel) and RMDQ (right) over the visits, lower is better.

    Only the questionnaires scored get a panel (both when neither was); the latest STarT Back
    risk group is written above them. A panel with nothing recorded says so; a panel with a
    single score says it is the only one so far, so one point is never read as a trend.
    """
    fig = _figure(width, DISABILITY_HEIGHT_IN)
    scored = {p.key: outcome_points(visits, p.key) for p in PANELS}
    panels = [p for p in PANELS if scored[p.key]] or list(PANELS)  # ODI or RMDQ, usually
    axes = [fig.add_subplot(1, len(panels), i + 1) for i in range(len(panels))]
    for ax, panel in zip(axes, panels, strict=True):
        _panel(ax, panel, scored[panel.key])
    _shared_legend(fig, axes)
    startback = startback_points(visits)
    if startback:
        date, result = startback[-1]
        fig.text(
            0.985,
            0.965,
            f"STarT Back {format_date(date)}: {result.risk} risk ({result.total}/9, "
            f"distress {result.distress}/5)",
            ha="right",
            va="top",
            color=MUTED,
            fontsize=FONT_SIZE - 0.5,
            gid="startback",
        )
    fig.subplots_adjust(left=0.075, right=0.985, top=0.84, bottom=0.27, wspace=0.22)
    return fig


def _panel(ax: Axes, panel: _Panel, points: Sequence[OutcomePoint]) -> None:
    _style_axes(ax)
    ax.set_gid(panel.key)
    pad = panel.top * 0.04
    ax.set_ylim(-pad, panel.top + pad)
    ax.set_yticks(list(panel.ticks))
    ax.set_ylabel(panel.ylabel)
    _title(ax, panel.title, FONT_SIZE + 1.5)
    if not points:
        _empty(ax, panel.empty)
        ax.set_xticks([])
        return
    dates = [p.date for p in points]
    values = [p.value for p in points]
    baseline = values[0]
    level = meaningful_level(panel.key, baseline)
    rule = MEANINGFUL_CHANGE[panel.key].points
    draw_change_guides(
        ax,
        panel.key,
        colour=panel.colour,
        tint=panel.tint,
        band=(-pad, level) if level > 0 else None,
        band_label=f"Meaningful fall in {panel.key.upper()} ({rule:g} points)",
        threshold=level,
        baseline=baseline,
        baseline_label="First score",
    )
    ax.plot(
        dates,  # type: ignore[arg-type]  # matplotlib takes dates
        values,
        gid=panel.key,
        color=panel.colour,
        linewidth=2,
        marker="o",
        markersize=5,
        markerfacecolor=panel.colour,
        markeredgecolor="white",
        markeredgewidth=0.8,
        zorder=3,
        label=panel.key.upper(),
    )
    paper = [p for p in points if p.total_only]
    if paper:
        ax.plot(
            [p.date for p in paper],  # type: ignore[arg-type]  # matplotlib takes dates
            [p.value for p in paper],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=panel.colour,
            markeredgewidth=1.6,
            zorder=4,
            gid=f"{panel.key}:total_only",
            label="Total scored on paper",
        )
    if len(points) == 1:
        ax.text(
            0.98,
            0.95,
            f"One score so far ({format_date(points[0].date)})",
            transform=ax.transAxes,
            ha="right",
            va="top",
            color=MUTED,
            fontsize=FONT_SIZE - 0.5,
        )
    _date_axis(ax, dates, max_ticks=5)
