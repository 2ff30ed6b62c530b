"""A matplotlib chart inside the timeline, built only when it is first shown.

matplotlib and its Qt canvas are imported the first time a chart panel becomes visible, so
the main window starts without them. The figure comes from :mod:`glutedesk.reports.charts`,
the same builder the PDF uses.
"""

from __future__ import annotations

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
    """Shows ``builder(visits)``; rebuilt when the visits change and the panel is visible."""

    def __init__(self, builder_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._builder_name = builder_name
        self._visits: tuple[Visit, ...] = ()
        self._stale = True
        self.canvas: Any = None  # FigureCanvasQTAgg once built
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
        """Build the figure and put it on a canvas (importing matplotlib on first use)."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        figure = self.build_figure(self._visits)
        canvas = FigureCanvasQTAgg(figure)
        canvas.setMinimumHeight(220)
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.hide()
            self.canvas.deleteLater()
        self.placeholder.hide()
        self._layout.addWidget(canvas)
        canvas.show()  # a child added to a visible widget is not shown by itself
        self.canvas = canvas
        self._stale = False
        canvas.draw_idle()

    def build_figure(self, visits: Sequence[Visit]) -> Figure:
        """The figure for ``visits``: ``builder_name`` in :mod:`glutedesk.reports.charts`, or
        "module:function" for a builder in another reports module."""
        import importlib

        module_name, _, name = self._builder_name.rpartition(":")
        module = importlib.import_module(module_name or "glutedesk.reports.charts")
        return getattr(module, name)(visits)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.render()
