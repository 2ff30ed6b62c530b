"""Charts of the practice insights (matplotlib), shared by the PDF report and the Practice view.

Bars show shares of clients; a figure resting on too few clients is drawn as an empty slot
labelled "too few", never as a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from glutedesk.domain.insights.definitions import MILESTONE_VISITS
from glutedesk.domain.insights.figures import Figure as InsightFigure
from glutedesk.domain.insights.figures import PracticeInsights
from glutedesk.reports.charts import AMBER, BASELINE, GRID, INK, MUTED, TEAL, TEAL_TINT

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT_SIZE = 8.5
WIDTH_IN = 7.2
MEASURE_COLOURS = {"nprs": TEAL, "odi": AMBER, "rmdq": "#7a5c99", "psfs": "#4f7d3a"}
MEASURE_NAMES = {"nprs": "NPRS", "odi": "ODI", "rmdq": "RMDQ", "psfs": "PSFS"}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, facecolor="white")


def _style(ax: Axes, *, axis: Literal["x", "y"] = "x") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#b9c1c6")
    ax.tick_params(colors=MUTED, labelsize=FONT_SIZE, length=3)
    ax.grid(axis=axis, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def share_bars(figures: Sequence[InsightFigure], title: str, *, width: float = WIDTH_IN) -> Figure:
    """Horizontal bars, one per figure: its share (%) and "n of N", or "too few"."""
    fig = _figure(width, 0.42 + 0.27 * len(figures))
    ax = fig.add_axes((0.36, 0.12, 0.56, 0.78))
    labels = [f.label for f in figures][::-1]
    shares = [f.share or 0.0 for f in figures][::-1]
    ax.barh(range(len(figures)), shares, color=TEAL, height=0.62)
    for y, f in enumerate(reversed(figures)):
        text = "too few to say" if f.too_few else f"{f.share:.0f} %  ({len(f.hits)}/{f.n})"
        ax.text(
            (f.share or 0.0) + 1.5,
            y,
            text,
            va="center",
            fontsize=FONT_SIZE - 0.5,
            color=MUTED if f.too_few else INK,
            style="italic" if f.too_few else "normal",
        )
    ax.set_yticks(range(len(figures)), labels, fontsize=FONT_SIZE)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100 %"])
    _style(ax)
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 1.5, color=INK, y=1.0)
    return fig


def milestone_bars(insights: PracticeInsights, *, width: float = WIDTH_IN) -> Figure:
    """Grouped bars: share of clients with a meaningful change by visit 3, 6 and at discharge."""
    fig = _figure(width, 2.8)
    ax = fig.add_axes((0.08, 0.14, 0.9, 0.64))
    stages = [f"v{k}" for k in MILESTONE_VISITS] + ["discharge"]
    names = [f"By visit {k}" for k in MILESTONE_VISITS] + ["At discharge"]
    step = 0.2
    for i, (measure, colour) in enumerate(MEASURE_COLOURS.items()):
        for j, stage in enumerate(stages):
            figure = insights.figure(f"{measure}_meaningful_{stage}")
            x = j + (i - 1.5) * step
            if figure.too_few:
                ax.bar(
                    x,
                    100,
                    width=step * 0.9,
                    color="white",
                    edgecolor=GRID,
                    hatch="///",
                    linewidth=0.6,
                )
                ax.text(
                    x,
                    3,
                    "too few",
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontsize=FONT_SIZE - 2,
                    color=MUTED,
                )
                continue
            ax.bar(
                x,
                figure.share or 0.0,
                width=step * 0.9,
                color=colour,
                label=MEASURE_NAMES[measure] if j == 0 else None,
            )
            ax.text(
                x,
                (figure.share or 0.0) + 2,
                f"{figure.share:.0f}",
                ha="center",
                fontsize=FONT_SIZE - 1.5,
                color=INK,
            )
    ax.set_xticks(range(len(stages)), names, fontsize=FONT_SIZE)
    ax.set_ylim(0, 112)
    ax.set_yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100 %"])
    _style(ax, axis="y")
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=MEASURE_NAMES[m]) for m, c in MEASURE_COLOURS.items()]
    ax.legend(
        handles=handles,
        loc="lower left",
        ncols=4,
        fontsize=FONT_SIZE - 0.5,
        frameon=False,
        bbox_to_anchor=(0, 1.0),
    )
    fig.text(
        0.08,
        0.93,
        "Clients with a meaningful improvement (share of those measured)",
        fontsize=FONT_SIZE + 1.5,
        color=INK,
    )
    return fig


def course_length_bars(lengths: Sequence[int], *, width: float = WIDTH_IN) -> Figure:
    """How many courses of care had 1, 2, … visits (over 12 grouped as "13+")."""
    fig = _figure(width, 2.0)
    ax = fig.add_axes((0.08, 0.2, 0.9, 0.66))
    counts = Counter(min(n, 13) for n in lengths)
    xs = list(range(1, 14))
    ax.bar(xs, [counts.get(x, 0) for x in xs], color=TEAL_TINT, edgecolor=TEAL, linewidth=0.8)
    ax.set_xticks(xs, [str(x) if x < 13 else "13+" for x in xs], fontsize=FONT_SIZE)
    ax.set_xlabel("visits in the course of care", fontsize=FONT_SIZE, color=MUTED)
    ax.set_ylabel("courses", fontsize=FONT_SIZE, color=MUTED)
    _style(ax, axis="y")
    ax.axhline(0, color=BASELINE, linewidth=0.6)
    ax.set_title(
        "Visits per course of care", loc="left", fontsize=FONT_SIZE + 1.5, color=INK, y=1.0
    )
    return fig


def chart_pngs(insights: PracticeInsights, *, dpi: int = 110) -> list[bytes]:
    """The report's charts as PNG images (for the Practice view), in report order."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    first = insights.sections[0].figures
    bands = ("weak_age", "weak_activity")
    figures = [
        share_bars(
            [f for f in first if not f.key.startswith(bands)],
            "At the first assessment (share of clients tested)",
        ),
        share_bars(
            [f for f in first if f.key.startswith(bands)],
            "Weak glutes by age band and by activity level",
        ),
        milestone_bars(insights),
        share_bars(insights.sections[2].figures, "How clients present"),
        course_length_bars(insights.course_lengths),
    ]
    images: list[bytes] = []
    for fig in figures:
        buffer = io.BytesIO()
        fig.set_dpi(dpi)
        FigureCanvasAgg(fig).print_png(buffer)
        images.append(buffer.getvalue())
    return images
