"""A chart of any numeric catalogue field over visits (angles, seconds, repetitions, readings).

One panel per unit, so two units never share an axis; left and right keep distinct markers and
dashes so equal values stay visible. Lines carry ``gid`` "number:<test>.<field>:<side>:<unit>".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from glutedesk.domain.catalogue import Catalogue, load_catalogue
from glutedesk.domain.dates import format_date
from glutedesk.domain.models import Side, Visit
from glutedesk.reports.charts import (
    AMBER,
    FONT_SIZE,
    INK,
    MUTED,
    TEAL,
    WIDTH_IN,
    _date_axis,
    _empty,
    _figure,
    _style_axes,
    _title,
)
from glutedesk.reports.number_series import NumericMeasure, find_measure, number_series

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PANEL_HEIGHT_IN = 2.5
STYLES: dict[Side, dict[str, Any]] = {
    Side.LEFT: {"color": TEAL, "linestyle": "-", "marker": "o", "markerfacecolor": TEAL},
    Side.RIGHT: {
        "color": AMBER,
        "linestyle": (0, (5, 2.5)),
        "marker": "s",
        "markerfacecolor": "white",
    },
}
OTHER: dict[str, Any] = {"color": INK, "linestyle": "-", "marker": "D", "markerfacecolor": INK}


def number_figure(
    visits: Sequence[Visit],
    measure: NumericMeasure | str,
    *,
    catalogue: Catalogue | None = None,
    width: float = WIDTH_IN,
) -> Figure:
    """Return a figure of ``measure`` (a :class:`NumericMeasure` or "test_id.field_id").

    The y axis is labelled with the unit; a measure never recorded says so; a measure recorded
    at one visit says it is the only value so far.
    """
    if isinstance(measure, str):
        measure = find_measure(catalogue or load_catalogue(), measure)
    series = number_series(visits, measure)
    units = list(dict.fromkeys(s.unit for s in series)) or [measure.unit]
    fig = _figure(width, PANEL_HEIGHT_IN * max(1, len(units)) * (0.85 if len(units) > 1 else 1))
    axes = [fig.add_subplot(len(units), 1, i + 1) for i in range(len(units))]
    dates = sorted({p.date for s in series for p in s.points})
    for ax, unit in zip(axes, units, strict=True):
        _style_axes(ax)
        ax.set_gid(f"number:{measure.key}:{unit}")
        ax.set_ylabel(unit_label(measure, unit))
        in_unit = [s for s in series if s.unit == unit]
        for s in in_unit:
            style = STYLES.get(s.side, OTHER) if s.side is not None else OTHER
            ax.plot(
                [p.date for p in s.points],  # type: ignore[arg-type]  # matplotlib takes dates
                [p.value for p in s.points],
                gid=f"number:{measure.key}:{s.side.value if s.side else 'all'}:{unit}",
                label=s.label,
                linewidth=1.8,
                markersize=5.5,
                markeredgewidth=1.4,
                markeredgecolor=style["color"],
                **style,
            )
        if not in_unit:
            _empty(ax, "Not recorded for this client yet")
            ax.set_xticks([])
            ax.set_yticks([])
        else:
            _date_axis(ax, dates)
            ax.legend(loc="best", frameon=False, fontsize=FONT_SIZE - 0.5, handlelength=3)
    title = measure.title if len(units) == 1 else f"{measure.title} (one panel per unit)"
    _title(axes[0], title, FONT_SIZE + 1.5)
    if len(dates) == 1:
        axes[0].text(
            0.99,
            0.97,
            f"One visit so far ({format_date(dates[0])})",
            transform=axes[0].transAxes,
            ha="right",
            va="top",
            color=MUTED,
            fontsize=FONT_SIZE - 0.5,
        )
    fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.16, hspace=0.45)
    return fig


def unit_label(measure: NumericMeasure, unit: str) -> str:
    """The y-axis label: the field's label with its unit, e.g. "Hip angle (°)"."""
    label = measure.field_label.removesuffix(" °").removesuffix(" (°)")
    if not unit:
        return label
    return f"{label} ({unit})"
