"""A matplotlib chart inside the timeline, built only when it is first shown.

matplotlib and its Qt canvas are imported the first time a chart panel becomes visible, so
the main window starts without them. The figure comes from :mod:`glutedesk.reports.charts`,
the same builder the PDF uses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from glutedesk.domain.models import Visit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FigureBuilder = Callable[[Sequence[Visit]], "Figure"]


class ChartPanel(QWidget):
    """Shows ``builder(visits)``; charted again when the visits change and the panel is visible.

    The last few canvases stay (hidden but the one shown) with their figures: a builder with an
    ``update_`` function charts the next client on one of them in place when it fits, which
    spares building the axes and their ticks, most of a new figure's cost.
    """

    def __init__(self, builder_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._builder_name = builder_name
        self._visits: tuple[Visit, ...] = ()
        self._stale = True
        self.canvas: Any = None  # the FigureCanvasQTAgg shown, once built
        self.canvases: list[Any] = []  # the shown one first, then the hidden ones kept
        self.placeholder = QLabel("Loading chart…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("role", "muted")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.placeholder)

    @property
    def figure(self) -> Figure | None:
        """The figure on screen (None until the panel has been shown)."""
        return None if self.canvas is None else self.canvas.figure

    def set_visits(self, visits: Sequence[Visit]) -> None:
        """Chart ``visits``: now if the panel is visible, else when it is next shown."""
        self._visits = tuple(visits)
        self._stale = True
        if self.isVisible():
            self.render()

    def render(self) -> None:
        """Chart the visits: in place on a kept figure when the builder can update one, else
        on a new figure and canvas (importing matplotlib on first use)."""
        if self.canvas is not None and self._update_in_place():
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        figure = self.build_figure(self._visits)
        params = figure.subplotpars
        figure._glutedesk_layout = {k: getattr(params, k) for k in SUBPLOT_PARAMS}  # type: ignore[attr-defined]
        # The PDF's size, before the canvas sets its own.
        figure._glutedesk_design = design = tuple(figure.get_size_inches())  # type: ignore[attr-defined]
        canvas = FigureCanvasQTAgg(figure)
        canvas.setMinimumHeight(150)
        canvas.mpl_connect("resize_event", lambda _event: fit_to_canvas(figure, design))
        if getattr(self.canvas, "renderer", None) is not None:
            # matplotlib caches text sizes per renderer: the last chart's renderer (cleared at
            # each draw) spares the next one measuring the same labels again when its size is
            # the same; at another size the canvas makes its own.
            canvas.renderer, canvas._lastKey = self.canvas.renderer, self.canvas._lastKey
        for old in self.canvases[KEEP_CANVASES - 1 :]:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.canvases = [canvas, *self.canvases[: KEEP_CANVASES - 1]]
        self.placeholder.hide()
        self._layout.addWidget(canvas)
        self._show(canvas)
        canvas.draw_idle()

    def build_figure(self, visits: Sequence[Visit]) -> Figure:
        """The figure for ``visits``: ``builder_name`` in :mod:`glutedesk.reports.charts`, or
        "module:function" for a builder in another reports module."""
        module, name = self._builder()
        return getattr(module, name)(visits)

    def update_figure(self, figures: Sequence[Figure], visits: Sequence[Visit]) -> Figure | None:
        """Chart ``visits`` in place on one of ``figures`` with the builder's ``update_``
        function, when it has one and one fits; return that figure (None: build a new one)."""
        module, name = self._builder()
        update = getattr(module, f"update_{name}", None)
        return None if update is None else update(figures, visits)

    def _builder(self) -> tuple[Any, str]:
        import importlib

        module_name, _, name = self._builder_name.rpartition(":")
        return importlib.import_module(module_name or "glutedesk.reports.charts"), name

    def _update_in_place(self) -> bool:
        """Chart the visits on a kept figure, laid out as a new figure on the canvas shown
        would be: fitted (:func:`fit_to_canvas`) from the builder's margins, or not at all."""
        size = tuple(self.canvas.figure.get_size_inches())  # each kept canvas gets this size
        kept = {id(c.figure): c for c in self.canvases if _may_keep(c.figure, size)}
        figure = self.update_figure([c.figure for c in kept.values()], self._visits)
        if figure is None:
            return False
        canvas = kept[id(figure)]
        figure.set_size_inches(*size, forward=False)  # as the canvas would when shown
        if needs_fit(figure, figure._glutedesk_design):  # type: ignore[attr-defined]
            figure.subplots_adjust(**figure._glutedesk_layout)  # type: ignore[attr-defined]
            for ax in figure.axes:  # every named tick back, as measured on a new figure
                named = getattr(ax, "_glutedesk_named_ticks", None)
                if named is not None:
                    show_named_ticks(ax, *named)
            figure._glutedesk_fitted = True  # type: ignore[attr-defined]
            fit_legends(figure)
        self.canvases.remove(canvas)
        self.canvases.insert(0, canvas)
        self._show(canvas)
        canvas.draw_idle()
        return True

    def _show(self, canvas: Any) -> None:
        if self.canvas is not None and self.canvas is not canvas:
            self.canvas.hide()
        canvas.show()  # a child added to a visible widget is not shown by itself
        self.canvas = canvas
        self._stale = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.render()


def _may_keep(figure: Figure, size: tuple[float, float]) -> bool:
    """Whether ``figure`` at ``size`` (inches) can be laid out as a new one: not once fitted
    to a canvas that a new one would not be fitted to (only a new figure has the PDF's legend
    and margins back)."""
    if not getattr(figure, "_glutedesk_fitted", False):
        return True
    return _too_small(size, figure._glutedesk_design)  # type: ignore[attr-defined]


SUBPLOT_PARAMS = ("left", "right", "top", "bottom", "wspace", "hspace")
KEEP_CANVASES = 3  # with and without readings, and one more (a second unit, one visit...)
PAD_PX = 4
# A canvas at least this share of the figure's own height (and as wide) keeps the PDF's layout:
# measuring the texts costs ~30 ms a chart, not worth a squeeze the layout absorbs.
KEEP_LAYOUT_SHARE = 0.9


def fit_to_canvas(figure: Figure, design: tuple[float, float]) -> None:
    """Lay ``figure`` out again (:func:`fit_legends`) once its canvas is smaller than the size
    it was built for, ``design`` (inches), and at every resize after that."""
    if not getattr(figure, "_glutedesk_fitted", False) and not needs_fit(figure, design):
        return
    figure._glutedesk_fitted = True  # type: ignore[attr-defined]
    fit_legends(figure)


def needs_fit(figure: Figure, design: tuple[float, float]) -> bool:
    """Whether ``figure``, built at ``design`` (inches), is now too small for that layout."""
    width, height = figure.get_size_inches()
    return _too_small((width, height), design)


def _too_small(size: tuple[float, float], design: tuple[float, float]) -> bool:
    return bool(size[0] < design[0] or size[1] < KEEP_LAYOUT_SHARE * design[1])


def fit_legends(figure: Figure) -> None:
    """Lay the figure out for the canvas: its legends (below the charts) wrapped onto as many
    rows as its width needs, and the charts' margins set in pixels from their titles, dates
    and axis labels.

    The figures are laid out for the PDF's page (:mod:`glutedesk.reports.charts`), their
    margins as fractions of its size; on a narrower screen a one-row legend was cut at both
    sides, and on a shorter one the charts ran into their titles and the legend into the
    dates. (matplotlib's constrained layout does much the same in ~55 ms CPU; this, ~35.)
    """
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    legend_top = 0.0
    for legend in list(figure.legends):
        legend_top = max(legend_top, _wrapped(figure, legend, renderer, width))
    axes = [ax for ax in figure.axes if ax.get_subplotspec() is not None]
    if not axes or height <= 0:
        return
    grid = axes[0].get_subplotspec().get_gridspec()
    rows = grid.nrows
    sides = [(ax.get_subplotspec(), *_overhang(ax, renderer)) for ax in axes]
    above = max((a for s, a, _b, _l, _r in sides if s.is_first_row()), default=0.0)
    below = max((b for s, _a, b, _l, _r in sides if s.is_last_row()), default=0.0)
    left = max((lf for s, _a, _b, lf, _r in sides if s.is_first_col()), default=0.0)
    right = max((r for s, _a, _b, _l, r in sides if s.is_last_col()), default=0.0)
    gap = max((a for s, a, _b, _l, _r in sides if not s.is_first_row()), default=0.0)
    gap += 2 * PAD_PX  # between stacked charts: the lower one's title
    wide = max((lf for s, _a, _b, lf, _r in sides if not s.is_first_col()), default=0.0)
    wide += max((r for s, _a, _b, _l, r in sides if not s.is_last_col()), default=0.0)
    wide += 4 * PAD_PX  # between charts side by side: the right one's y labels
    columns = grid.ncols
    top = 1 - (above + PAD_PX) / height
    bottom = (legend_top + below + PAD_PX) / height
    x0, x1 = min((left + PAD_PX) / width, 0.4), max(1 - (right + PAD_PX) / width, 0.6)
    room = (top - bottom) * height - (rows - 1) * gap
    room_x = (x1 - x0) * width - (columns - 1) * wide
    if room <= rows * 10 or room_x <= columns * 10:  # too small: leave it as it was drawn
        return
    figure.subplots_adjust(
        left=x0,
        right=x1,
        top=top,
        bottom=bottom,
        hspace=gap / (room / rows) if rows > 1 else None,
        wspace=wide / (room_x / columns) if columns > 1 else None,
    )
    for ax in axes:
        thin_named_ticks(ax, renderer)


def thin_named_ticks(ax: Any, renderer: Any) -> None:
    """On a chart too short for all its named y ticks (the Oxford scale's 11 grades need about
    130 px), show the whole grades only, and if even those overlap, as many as fit from the
    bottom with the top one kept; the full set comes back when there is room again."""
    from matplotlib.ticker import FixedLocator

    named = getattr(ax, "_glutedesk_named_ticks", None)
    if named is None:
        if not isinstance(ax.yaxis.get_major_locator(), FixedLocator):
            return  # numbers placed by matplotlib thin themselves
        texts = ax.get_yticklabels()
        named = (list(ax.get_yticks()), [t.get_text() for t in texts])
        ax._glutedesk_named_ticks = named
        # matplotlib hands the kept labels to the first tick objects, whose own size and colour
        # (the in-between grades are smaller) would then dress the wrong grade.
        ax._glutedesk_tick_styles = {t.get_text(): (t.get_fontsize(), t.get_color()) for t in texts}
    values, labels = named
    if len(values) < 2 or not any(labels):
        return
    height = max(t.get_window_extent(renderer).height for t in ax.get_yticklabels()) or 1.0
    at = [ax.transData.transform((0.0, value))[1] for value in values]

    def fits(keep: list[int]) -> bool:
        return all(at[b] - at[a] >= height for a, b in itertools.pairwise(keep))

    keep = list(range(len(values)))
    if not fits(keep):
        keep = [i for i in keep if labels[i].isdigit()] or keep
    if not fits(keep):
        top, kept = keep[-1], [keep[0]]
        for i in keep[1:-1]:
            if at[i] - at[kept[-1]] >= height and at[top] - at[i] >= height:
                kept.append(i)
        keep = [*kept, top] if at[top] - at[kept[-1]] >= height else kept
    show_named_ticks(ax, [values[i] for i in keep], [labels[i] for i in keep])


def show_named_ticks(ax: Any, values: list[float], labels: list[str]) -> None:
    """Put these named y ticks on ``ax``, each label with its own size and colour."""
    ax.set_yticks(values, labels=labels)
    styles = getattr(ax, "_glutedesk_tick_styles", {})
    for text in ax.get_yticklabels():
        size, color = styles.get(text.get_text(), (text.get_fontsize(), text.get_color()))
        text.set_fontsize(size)
        text.set_color(color)


def _overhang(ax: Any, renderer: Any) -> tuple[float, float, float, float]:
    """How far ``ax``'s title reaches above it, its dates below and to its right, and its y
    labels to its left (pixels)."""
    box = ax.get_window_extent(renderer)
    titles = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    title = titles[0].get_window_extent(renderer) if titles else None  # the reports use one
    x_axis = ax.xaxis.get_tightbbox(renderer)
    y_axis = ax.yaxis.get_tightbbox(renderer)
    return (
        max(title.y1 - box.y1, 0.0) if title is not None else 0.0,
        max(box.y0 - x_axis.y0, 0.0) if x_axis is not None else 0.0,
        max(box.x0 - y_axis.x0, 0.0) if y_axis is not None else 0.0,
        max(x_axis.x1 - box.x1, 0.0) if x_axis is not None else 0.0,
    )


def _wrapped(figure: Figure, legend: Any, renderer: Any, width: float) -> float:
    """Put ``legend`` again on as few rows as fit ``width``; return its top in pixels."""
    handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
    style = {
        "loc": "lower center",  # where the reports put every figure legend
        "frameon": legend.get_frame_on(),
        "fontsize": legend.get_texts()[0].get_fontsize() if labels else None,
        "handlelength": legend.handlelength,
        "columnspacing": legend.columnspacing,
    }
    legend.remove()
    for rows in range(1, len(labels) + 1):
        columns = -(-len(labels) // rows)  # balanced rows: 4 entries go 4, then 2 + 2
        legend = figure.legend(handles, labels, ncols=columns, **style)
        box = legend.get_window_extent(renderer)
        if box.width <= width or columns == 1:
            break
        legend.remove()
    return box.y1
