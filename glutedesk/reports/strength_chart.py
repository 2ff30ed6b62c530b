"""The strength chart: Oxford grades and dynamometer readings, one axis per unit.

Clinical reference, Decisions "Strength": a reading is charted on its own axis per unit, and
units never share an axis. Left and right lines that coincide stay visible: distinct markers
and dashes, and coinciding points sit a little apart on the date axis. A one-visit chart says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from glutedesk.domain.dates import format_date
from glutedesk.domain.grades import OXFORD_GRADES, oxford_to_chart
from glutedesk.domain.models import Visit
from glutedesk.domain.strength import unit_label
from glutedesk.reports.charts import (
    DYNAMOMETER_HEIGHT_IN,
    FONT_SIZE,
    GRID,
    MUTED,
    NO_STRENGTH,
    STRENGTH_HEIGHT_IN,
    WIDTH_IN,
    _date_axis,
    _empty,
    _figure,
    _line_style,
    _style_axes,
    _title,
)
from glutedesk.reports.series import StrengthPoint, StrengthSeries, strength_series

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D


def build_strength_figure(visits: Sequence[Visit], *, width: float = WIDTH_IN) -> Figure:
    """Return a figure of glute max and med strength, left and right, over the visits.

    The top panel is the Oxford scale 0–5 with all 11 grades as ticks (3- charts at 2.67, 4+ at
    4.33); the x axis is the visit date. Dynamometer readings follow, one panel per unit (units
    never share an axis; each axis names its unit, "unit not recorded" for an old reading that
    kept none). Where left and right coincide the two markers sit a little apart, so neither
    hides the other; with one visit the chart says so.
    """
    plan = _Plan(visits)
    heights = plan.heights
    fig = _figure(width, sum(heights) + (0.35 if not plan.show_grades else 0))
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights)
    axes = [fig.add_subplot(grid[0])]
    axes += [fig.add_subplot(grid[i], sharex=axes[0]) for i in range(1, len(heights))]
    single = plan.single
    if plan.show_grades:
        _grade_panel(axes[0], plan.graded, single)
    for ax, unit in zip(axes[1:] if plan.show_grades else axes, plan.units, strict=True):
        _reading_panel(ax, plan.series, unit)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    _date_axis(axes[-1], plan.dates)
    if single:
        axes[0].text(
            0.99,
            0.04,
            f"One visit so far ({format_date(plan.dates[0])}): change shows from the next visit",
            transform=axes[0].transAxes,
            ha="right",
            va="bottom",
            color=MUTED,
            fontsize=FONT_SIZE - 0.5,
            gid="single-visit",
        )
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="lower center",
            ncol=4,
            frameon=False,
            fontsize=FONT_SIZE,
            handlelength=3.2,
        )
    bottom = 0.55 / fig.get_figheight() + 0.05
    fig.subplots_adjust(left=0.1, right=0.98, top=1 - 0.25 / fig.get_figheight(), bottom=bottom)
    if len(heights) > 1:
        fig.subplots_adjust(hspace=0.45)
    fig._glutedesk_strength_shape = plan.shape  # type: ignore[attr-defined]
    return fig


def update_strength_figure(figures: Sequence[Figure], visits: Sequence[Visit]) -> Figure | None:
    """Chart ``visits`` in place on the first of ``figures`` (made by
    :func:`build_strength_figure`) whose panels, lines, legend and titles stay as they are
    (only the points, the dates and the readings' scale move): then it is the figure a new one
    would be, drawn with the same pixels. Return it; None (nothing changed) when none fits.

    Keeping the figure keeps its axes and ticks: building them is most of a new figure's cost.
    """
    plan = _Plan(visits)
    fitting = (f for f in figures if getattr(f, "_glutedesk_strength_shape", None) == plan.shape)
    fig = None if plan.single else next(fitting, None)
    if fig is None:
        return None
    lines = {str(line.get_gid()): line for ax in fig.axes for line in ax.get_lines()}
    if plan.show_grades:
        _plot_panel(fig.axes[0], [(s, s.graded_points) for s in plan.graded], _grade, s_gid, lines)
    for ax, unit in zip(fig.axes[1:] if plan.show_grades else fig.axes, plan.units, strict=True):
        _plot_panel(ax, _readings_in(plan.series, unit), _reading, _reading_gid(unit), lines)
        ax.set_ylim(0, _reading_top(plan.series, unit))
    for ax in fig.axes:
        ax.relim()  # the data limits a new figure would have (the view limits are set)
    _date_axis(fig.axes[-1], plan.dates)
    return fig


class _Plan:
    """What a strength figure of ``visits`` shows, and its ``shape``: everything about it but
    the points, the dates and the readings' scale (so also its size, at a given width)."""

    def __init__(self, visits: Sequence[Visit]) -> None:
        self.series = strength_series(visits)
        self.units = list(dict.fromkeys(u for s in self.series for u in s.reading_units))
        self.graded = [s for s in self.series if s.graded_points]
        self.show_grades = bool(self.graded) or not self.units
        self.heights = [STRENGTH_HEIGHT_IN] if self.show_grades else []
        self.heights += [DYNAMOMETER_HEIGHT_IN] * len(self.units)
        self.dates = sorted({p.date for s in self.series for p in s.points})
        self.single = len(self.dates) == 1
        self.shape = (
            self.show_grades,
            tuple(self.units),
            tuple(s_gid(s) for s in self.graded),
            tuple(
                tuple(_reading_gid(unit)(s) for s, _points in _readings_in(self.series, unit))
                for unit in self.units
            ),
            self.single,
        )


def _grade_panel(ax: Axes, graded: list[StrengthSeries], single: bool) -> None:
    ax.set_gid("strength")
    _style_axes(ax)
    ax.set_ylim(-0.15, 5.3)
    ax.set_yticks([oxford_to_chart(g) for g in OXFORD_GRADES], labels=list(OXFORD_GRADES))
    ax.set_ylabel("Oxford grade")
    ax.tick_params(axis="y", labelsize=FONT_SIZE - 1)
    for label in ax.get_yticklabels():
        if label.get_text()[-1:] in "+-":  # in-between grades: smaller, so whole grades stand out
            label.set_fontsize(FONT_SIZE - 2.5)
            label.set_color(MUTED)
    for value in range(6):
        ax.axhline(value, color=GRID, linewidth=0.9, zorder=0)
    ax.grid(False)
    if not graded:
        _empty(ax, NO_STRENGTH)
        ax.set_xticks([])
    _plot_panel(ax, [(s, s.graded_points) for s in graded], _grade, s_gid)
    title = "Glute strength (Oxford scale)" + (": one visit" if single else "")
    _title(ax, title, FONT_SIZE + 1.5)


def s_gid(series: StrengthSeries) -> str:
    """The gid of a series' Oxford line, e.g. "oxford_glute_med:right"."""
    return f"{series.test_id}:{series.side.value}"


def _reading_panel(ax: Axes, series: list[StrengthSeries], unit: str) -> None:
    _style_axes(ax)
    ax.set_gid(f"dynamometer:{unit or 'none'}")
    label = unit_label(unit)
    _plot_panel(ax, _readings_in(series, unit), _reading, _reading_gid(unit))
    ax.set_ylabel(f"Dynamometer ({label})" if unit else f"Dynamometer\n({label})")
    ax.set_ylim(0, _reading_top(series, unit))
    _title(ax, f"Hand-held dynamometer, {label} (best of 3–4 trials)", FONT_SIZE + 0.5)


def _readings_in(series: list[StrengthSeries], unit: str) -> Pairs:
    return [(s, s.readings_in(unit)) for s in series if s.readings_in(unit)]


def _reading_gid(unit: str) -> Callable[[StrengthSeries], str]:
    return lambda s: f"dynamometer:{s.test_id}:{s.side.value}:{unit or 'none'}"


def _reading_top(series: list[StrengthSeries], unit: str) -> float:
    highest = max((p.dynamometer or 0) for _s, points in _readings_in(series, unit) for p in points)
    return highest * 1.18 or 1  # room above the top marker


def _grade(point: StrengthPoint) -> float | None:
    return point.value


def _reading(point: StrengthPoint) -> float | None:
    return point.dynamometer


Key = tuple[dt.date, float]
Pairs = list[tuple[StrengthSeries, tuple[StrengthPoint, ...]]]
NUDGE_POINTS = 5.0  # the gap between coinciding markers, in points (1/72 inch)


def _coinciding(pairs: Pairs, value: Callable[[StrengthPoint], float | None]) -> set[Key]:
    """(date, value) held by two or more series of one panel: those are drawn a little apart."""
    seen: dict[Key, int] = {}
    for _s, points in pairs:
        for p in points:
            v = value(p)
            if v is not None:
                key = (p.date, round(v, 6))
                seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


def _plot_panel(
    ax: Axes,
    pairs: Pairs,
    value: Callable[[StrengthPoint], float | None],
    gid: Callable,
    lines: dict[str, Line2D] | None = None,
) -> None:
    """Plot each series of a panel. A series that shares a point with another is drawn a few
    points to its own side (its slot in the panel: max L, max R, med L, med R), so no marker or
    line hides another; the data is not moved (the x values stay the visit dates).

    With ``lines`` (by gid), the series' lines already there are given the points instead."""
    from matplotlib.transforms import ScaledTranslation

    shared = _coinciding(pairs, value)
    for slot, (series, points) in enumerate(pairs):
        xs = [p.date for p in points if value(p) is not None]
        ys = [v for p in points if (v := value(p)) is not None]
        transform = ax.transData
        if any((x, round(y, 6)) in shared for x, y in zip(xs, ys, strict=True)):
            shift = (slot - (len(pairs) - 1) / 2) * NUDGE_POINTS / 72
            transform = ax.transData + ScaledTranslation(shift, 0, ax.figure.dpi_scale_trans)
        if lines is not None:
            lines[gid(series)].set_data(xs, ys)  # type: ignore[arg-type]  # dates, as plot
            lines[gid(series)].set_transform(transform)
            continue
        ax.plot(
            xs,  # type: ignore[arg-type]  # matplotlib takes dates
            ys,
            gid=gid(series),
            label=_legend_label(series),
            transform=transform,
            **_line_style(series),
        )


def _legend_label(series: StrengthSeries) -> str:
    muscle = series.short_label.split()[0].lower()
    return f"Glute {muscle} {series.side_word}"
