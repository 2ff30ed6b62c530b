"""The body-map legend: intensity ramp, nerve-symptom hatches and the previous-visit ghost."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from glutedesk.reports import map_style as ms
from glutedesk.ui.body_diagram.painting import paint_swatch

SWATCH = 18.0
ROW = 24.0
ACCESSIBLE_NAME = "Legend: fill colour is intensity 0 to 10; hatching is nerve-type"


def entry_text(entry: ms.LegendEntry) -> str:
    """What a legend says beside ``entry``'s swatch."""
    return entry.label + (" (nerve-type)" if entry.hatch is not None else "")


class Legend(QWidget):
    """Painted from :func:`map_style.legend_entries`, like the PDF legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyDiagramLegend")
        self.setAccessibleName(ACCESSIBLE_NAME)
        self._entries = ms.legend_entries()
        self._ramp = [e for e in self._entries if e.hatch is None and not e.ghost]
        self._others = [e for e in self._entries if e.hatch is not None or e.ghost]
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "Fill colour = intensity 0–10. Hatching = nerve-type symptom. "
            "Dashed outline = previous visit."
        )

    def sizeHint(self) -> QSize:
        return QSize(260, int(16 + ROW + 14 + ROW * len(self._others) + 4))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # On the window, not on the diagram's paper: the palette's text pair (light or dark).
        text = self.palette().color(QPalette.ColorRole.WindowText)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        font = painter.font()
        painter.setPen(muted)
        painter.drawText(QRectF(0, 0, self.width(), 16), Qt.AlignmentFlag.AlignLeft, "Intensity")
        y = 18.0
        x = 0.0
        step = min(34.0, (self.width() - 4) / max(1, len(self._ramp)))
        for entry in self._ramp:
            paint_swatch(painter, entry, x, y, SWATCH)
            painter.setPen(text)
            painter.drawText(
                QRectF(x, y + SWATCH, SWATCH, 14), Qt.AlignmentFlag.AlignHCenter, entry.label
            )
            x += step
        y += SWATCH + 18
        painter.setFont(font)
        for entry in self._others:
            paint_swatch(painter, entry, 0, y, SWATCH)
            painter.setPen(text)
            painter.drawText(
                QRectF(SWATCH + 8, y, self.width() - SWATCH - 8, SWATCH),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                entry_text(entry),
            )
            y += ROW
        painter.end()
