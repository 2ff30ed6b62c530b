"""Progress charts as matplotlib ``Figure`` objects (no pyplot, no backend chosen here).

The same builders feed the on-screen timeline (``FigureCanvasQTAgg``) and the PDF reports (a
300 dpi PNG), so the screen and the paper never disagree. matplotlib is imported inside the
functions: importing this module costs nothing at start-up.

Every plotted line carries a ``gid`` naming what it shows (``"oxford_glute_med:right"``,
``"nprs"``, ``"psfs"``, ``"dynamometer:oxford_glute_max:left"``) so checks can read the data
back from the figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from glutedesk.domain.models import Instrument, Side, Visit
from glutedesk.domain.outcomes import MEANINGFUL_CHANGE
from glutedesk.reports.correction_chart import ring_corrected
from glutedesk.reports.series import (
    GLUTE_MAX,
    GLUTE_MED,
    StrengthSeries,
    nprs_points,
    psfs_points,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# The app's palette (glutedesk.ui.style), repeated here because reports cannot import ui.
INK = "#1f2a30"
MUTED = "#5b6770"
GRID = "#e3e7ea"
TEAL = "#1f6f78"
TEAL_TINT = "#dbecee"
AMBER = "#b8651b"
AMBER_TINT = "#f6e6d6"
BASELINE = "#8a949b"

MUSCLE_COLOURS = {GLUTE_MAX: TEAL, GLUTE_MED: AMBER}
SIDE_STYLES: dict[Side, dict[str, Any]] = {
    Side.LEFT: {"linestyle": "-", "marker": "o", "markerfacecolor": None},
    Side.RIGHT: {"linestyle": (0, (5, 2.5)), "marker": "s", "markerfacecolor": "white"},
    Side.BILATERAL: {"linestyle": ":", "marker": "^", "markerfacecolor": "white"},
    Side.NOT_APPLICABLE: {"linestyle": ":", "marker": "D", "markerfacecolor": "white"},
}

FONT_SIZE = 8.5
WIDTH_IN = 7.2
STRENGTH_HEIGHT_IN = 2.9
DYNAMOMETER_HEIGHT_IN = 1.4
PAIN_HEIGHT_IN = 2.9

NO_STRENGTH = "No glute strength grades recorded yet"
NO_NPRS = "No pain ratings recorded yet"
NO_PSFS = "No PSFS activities rated yet"


def strength_figure(visits: Sequence[Visit], *, width: float = WIDTH_IN) -> Figure:
    """Return the glute strength figure: Oxford grades, then one panel per reading unit.

    See :func:`glutedesk.reports.strength_chart.build_strength_figure`.
    """
    from glutedesk.reports.strength_chart import build_strength_figure

    fig = build_strength_figure(visits, width=width)
    ring_corrected(fig, visits)
    return fig


def update_strength_figure(figures: Sequence[Figure], visits: Sequence[Visit]) -> Figure | None:
    """Chart ``visits`` in place on the first of ``figures`` (each a :func:`strength_figure`)
    that then is what :func:`strength_figure` would build; return it (None: build a new one).

    See :func:`glutedesk.reports.strength_chart.update_strength_figure`. Corrected values are
    ringed on a new figure only: a ring or its note is never left on the next client's chart.
    """
    from glutedesk.reports.strength_chart import update_strength_figure as update

    if any(v.corrections for v in visits):
        return None
    return update([fig for fig in figures if not _ringed(fig)], visits)


def pain_function_figure(visits: Sequence[Visit], *, width: float = WIDTH_IN) -> Figure:
    """Return a figure of pain (NPRS, lower is better) and function (PSFS, higher is better).

    Each panel shows the first visit's value as a grey line and shades the zone a later score
    must reach to count as a meaningful improvement: NPRS 2 points or 30% below the first
    rating, PSFS 2 points above it (clinical reference, Decisions "Outcome measures").
    """
    fig = _figure(width, PAIN_HEIGHT_IN)
    nprs_ax = fig.add_subplot(1, 2, 1)
    psfs_ax = fig.add_subplot(1, 2, 2)
    nprs = nprs_points(visits)
    psfs = psfs_points(visits)
    _score_panel(
        nprs_ax,
        nprs,
        gid="nprs",
        title="Pain now (NPRS)",
        ylabel="0 none – 10 worst",
        colour=AMBER,
        tint=AMBER_TINT,
        threshold=nprs_meaningful_level(nprs[0][1]) if nprs else None,
        better_below=True,
        band_label="Meaningful fall in pain (2 points or 30%)",
        empty=NO_NPRS,
    )
    _score_panel(
        psfs_ax,
        psfs,
        gid="psfs",
        title="Everyday activities (PSFS)",
        ylabel="0 unable – 10 normal",
        colour=TEAL,
        tint=TEAL_TINT,
        threshold=psfs_meaningful_level(psfs[0][1]) if psfs else None,
        better_below=False,
        band_label="Meaningful gain in activities (2 points)",
        empty=NO_PSFS,
    )
    _shared_legend(fig, (nprs_ax, psfs_ax))
    fig.subplots_adjust(left=0.075, right=0.985, top=0.9, bottom=0.27, wspace=0.22)
    ring_corrected(fig, visits)
    return fig


def nprs_meaningful_level(baseline: float) -> float:
    """Return the NPRS at or below which a rating is a meaningful improvement on ``baseline``.

    A fall of 2 points or of 30% counts, whichever is easier to reach: for a baseline of 7
    that is 5 or less; for 3 it is 2.1 (3 to 2 is a 33% fall). Never below 0.
    """
    rule = MEANINGFUL_CHANGE["nprs"]
    by_points = baseline - rule.points
    by_percent = baseline * (1 - (rule.percent or 0) / 100)
    return max(0.0, by_points, by_percent)


def psfs_meaningful_level(baseline: float) -> float:
    """Return the PSFS at or above which a score is a meaningful improvement (baseline + 2)."""
    return baseline + MEANINGFUL_CHANGE[Instrument.PSFS].points


# Helpers -------------------------------------------------------------------------------------


def _ringed(fig: Figure) -> bool:
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    return bool(fig.texts) or any(str(ln.get_gid()).startswith("corrected:") for ln in lines)


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor="white")
    return fig


def _style_axes(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#b9c1c6")
    ax.tick_params(colors=MUTED, labelsize=FONT_SIZE, length=3)
    ax.yaxis.label.set_color(MUTED)
    ax.yaxis.label.set_fontsize(FONT_SIZE)
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _title(ax: Axes, text: str, size: float) -> None:
    # An explicit y keeps matplotlib from measuring every tick label at each draw to see
    # whether the title must move up; nothing is drawn above these axes, so it never must.
    ax.set_title(text, loc="left", fontsize=size, color=INK, y=1.0)


def _line_style(series: StrengthSeries) -> dict[str, Any]:
    colour = MUSCLE_COLOURS[series.test_id]
    style = dict(SIDE_STYLES[series.side])
    if style["markerfacecolor"] is None:
        style["markerfacecolor"] = colour
    return {
        "color": colour,
        "linewidth": 1.8,
        "markersize": 5.5,
        "markeredgewidth": 1.4,
        "markeredgecolor": colour,
        **style,
    }


def _date_axis(ax: Axes, dates: Sequence[dt.date], *, max_ticks: int = 8) -> None:
    """Date ticks: every visit when there are few, else an automatic month/day scale."""
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.ticker import FixedLocator

    if not dates:
        return
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    pad = dt.timedelta(days=max(3, round(span * 0.04)))
    ax.set_xlim(first - pad, last + pad)  # type: ignore[arg-type]  # matplotlib takes dates
    if len(dates) <= max_ticks:
        ax.set_xticks(list(dates))  # type: ignore[arg-type]  # matplotlib takes dates
        ax.xaxis.set_major_formatter(DateFormatter("%-d %b\n%Y" if span > 300 else "%-d %b"))
    else:
        locator = AutoDateLocator(minticks=3, maxticks=max_ticks)
        ax.xaxis.set_major_locator(locator)
        # The dates are fixed here (the limits above never change, and this locator looks at
        # nothing else), so place its ticks once: left to it, dateutil's rrule recomputed them
        # at every tick update of every shared axis, ~20 ms of each timeline chart's drawing.
        ax.xaxis.set_major_locator(FixedLocator(locator()))
        ax.xaxis.set_major_formatter(DateFormatter("%b\n%Y" if span > 120 else "%-d %b"))


def _empty(ax: Axes, text: str) -> None:
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=MUTED,
        fontsize=FONT_SIZE + 1,
    )


def draw_change_guides(
    ax: Axes,
    gid: str,
    *,
    colour: str,
    tint: str,
    band: tuple[float, float] | None,
    band_label: str,
    threshold: float | None,
    baseline: float,
    baseline_label: str,
) -> None:
    """Shade the meaningful-change ``band`` (when it is not empty) with its edge at
    ``threshold``, and draw the first score as a dashed ``baseline``."""
    if band is not None and threshold is not None and band[1] > band[0]:
        ax.axhspan(band[0], band[1], color=tint, zorder=0, linewidth=0, label=band_label)
        ax.axhline(
            threshold,
            color=colour,
            linewidth=0.8,
            linestyle=(0, (2, 2)),
            alpha=0.7,
            zorder=1,
            gid=f"{gid}:threshold",
        )
    ax.axhline(
        baseline,
        color=BASELINE,
        linewidth=1,
        linestyle=(0, (4, 3)),
        zorder=1,
        gid=f"{gid}:baseline",
        label=baseline_label,
    )


def _score_panel(
    ax: Axes,
    points: Sequence[tuple[dt.date, float]],
    *,
    gid: str,
    title: str,
    ylabel: str,
    colour: str,
    tint: str,
    threshold: float | None,
    better_below: bool,
    band_label: str,
    empty: str,
) -> None:
    _style_axes(ax)
    ax.set_gid(gid)
    ax.set_ylim(-0.35, 10.4)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(ylabel)
    _title(ax, title, FONT_SIZE + 1.5)
    if not points:
        _empty(ax, empty)
        ax.set_xticks([])
        return
    dates = [d for d, _ in points]
    values = [v for _, v in points]
    baseline = values[0]
    band = None
    if threshold is not None:
        band = (-0.35, threshold) if better_below else (min(threshold, 10.0), 10.4)
    draw_change_guides(
        ax,
        gid,
        colour=colour,
        tint=tint,
        band=band,
        band_label=band_label,
        threshold=threshold,
        baseline=baseline,
        baseline_label="First visit",
    )
    ax.plot(
        dates,  # type: ignore[arg-type]  # matplotlib takes dates (its stubs: numbers only)
        values,
        gid=gid,
        color=colour,
        linewidth=2,
        marker="o",
        markersize=5,
        markerfacecolor=colour,
        markeredgecolor="white",
        markeredgewidth=0.8,
        zorder=3,
        label=gid.upper(),
    )
    if len(points) == 1:  # one point is a starting value, not a trend
        ax.text(
            0.98,
            0.95,
            f"One score so far ({dates[0].day} {dates[0]:%b %Y})",
            transform=ax.transAxes,
            ha="right",
            va="top",
            color=MUTED,
            fontsize=FONT_SIZE - 0.5,
        )
    _date_axis(ax, dates, max_ticks=5)


def _shared_legend(fig: Figure, axes: Sequence[Axes]) -> None:
    entries: dict[str, Artist] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label.isupper():  # the data line itself needs no legend entry
                continue
            entries.setdefault(label, handle)
    if entries:
        fig.legend(
            list(entries.values()),
            list(entries),
            loc="lower center",
            ncol=len(entries),
            frameon=False,
            fontsize=FONT_SIZE - 0.5,
            handlelength=2.2,
            columnspacing=1.6,
        )
