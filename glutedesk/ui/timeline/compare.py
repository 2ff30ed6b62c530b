"""Two visits' body maps side by side, read-only, in their own window."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from glutedesk.domain.models import Visit
from glutedesk.domain.regions import RegionManifest
from glutedesk.reports import map_style as ms
from glutedesk.ui.body_diagram import BodyDiagram
from glutedesk.ui.body_diagram.legend import ACCESSIBLE_NAME, entry_text
from glutedesk.ui.body_diagram.painting import paint_swatch
from glutedesk.ui.formatting import format_date
from glutedesk.ui.window_fit import fit_window


def visit_caption(visit: Visit) -> str:
    """E.g. "4 Jan 2026 · pain 7/10 · 3 regions marked"."""
    parts = [format_date(visit.visit_date)]
    if visit.nprs.now is not None:
        parts.append(f"pain {visit.nprs.now}/10")
    count = len(visit.pain_marks)
    parts.append(
        "no pain marked" if count == 0 else f"{count} region{'s' if count != 1 else ''} marked"
    )
    return " · ".join(parts)


COMPACT_SIDE_WIDTH = 180
# Narrower than this, each visit's list of marked regions goes below its body map, the width
# of the column (beside it, it was 180 px and wrapped a region name onto four lines).
LISTS_BELOW_WIDTH = 1400
SWATCH = 16.0
GAP = 14.0


class LegendRow(QWidget):
    """The body maps' legend on one line, once for both maps (no previous visit is drawn)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareLegend")
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setToolTip("Fill colour = intensity 0–10. Hatching = nerve-type symptom.")
        self.entries = [e for e in ms.legend_entries() if not e.ghost]
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _texts(self) -> list[str]:
        return [entry_text(e) for e in self.entries]

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance("Intensity") + GAP
        width += sum(SWATCH + 4 + metrics.horizontalAdvance(t) + GAP for t in self._texts())
        return QSize(int(width), int(max(SWATCH, metrics.height()) + 6))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        metrics = self.fontMetrics()
        height = float(self.height())
        y = (height - SWATCH) / 2
        painter.setPen(muted)
        words = metrics.horizontalAdvance("Intensity")
        centre = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRectF(0, 0, words + 2, height), centre, "Intensity")
        x = words + GAP
        for entry, label in zip(self.entries, self._texts(), strict=True):
            paint_swatch(painter, entry, x, y, SWATCH)
            x += SWATCH + 4
            painter.setPen(text)
            painter.drawText(
                QRectF(x, 0, metrics.horizontalAdvance(label) + 2, height), centre, label
            )
            x += metrics.horizontalAdvance(label) + GAP
        painter.end()


def _body_layout(diagram: BodyDiagram) -> QBoxLayout | None:
    """The layout that holds ``diagram``'s map and, beside it, its list of marked regions."""
    outer = diagram.layout()
    for index in range(outer.count()):
        inner = outer.itemAt(index).layout()
        if isinstance(inner, QBoxLayout) and inner.indexOf(diagram.side_panel) >= 0:
            return inner
    return None


class CompareMapsWindow(QWidget):
    """The earlier visit's body map on the left, the later one's on the right."""

    def __init__(
        self,
        client_name: str,
        earlier: Visit,
        later: Visit,
        *,
        regions: RegionManifest | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(
            f"Body maps — {client_name}: {format_date(earlier.visit_date)} and "
            f"{format_date(later.visit_date)}"
        )
        fit_window(self, 1500, 820)
        self.visits = (earlier, later)
        self.diagrams: list[BodyDiagram] = []
        self.captions: list[QLabel] = []
        row = QHBoxLayout()
        row.setSpacing(24)
        for title, visit in (("Earlier visit", earlier), ("Later visit", later)):
            column = QVBoxLayout()
            heading = QLabel(title.upper())
            heading.setObjectName("cardTitle")
            caption = QLabel(visit_caption(visit))
            caption.setObjectName("clientSubtitle")
            diagram = BodyDiagram(regions)
            diagram.set_marks(visit.pain_marks)
            diagram.set_read_only(True)
            diagram.toolbar.setVisible(False)
            diagram.picker.setVisible(False)  # it finds a region to mark; nothing is marked here
            # Nothing is marked here, so the nerve banner cannot appear under the cursor: it
            # keeps no empty room while hidden.
            policy = diagram.banner.sizePolicy()
            policy.setRetainSizeWhenHidden(False)
            diagram.banner.setSizePolicy(policy)
            # Two diagrams side by side must fit a 1024-px-wide screen.
            diagram.side_panel.setMinimumWidth(COMPACT_SIDE_WIDTH)
            diagram.legend.setVisible(False)  # the same for both maps: shown once, below
            column.addWidget(heading)
            column.addWidget(caption)
            column.addWidget(diagram, 1)
            row.addLayout(column, 1)
            self.diagrams.append(diagram)
            self.captions.append(caption)
        self.legend = LegendRow()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(row, 1)
        layout.addWidget(self.legend)
        self.lists_below = False
        close_keys = [QKeySequence(Qt.Key.Key_Escape)]
        platform_close = QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
        close_keys += [k for k in platform_close if k not in close_keys]  # no ambiguous twins
        for keys in close_keys:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.close)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        below = self.width() < LISTS_BELOW_WIDTH
        if below == self.lists_below:
            return
        self.lists_below = below
        direction = QBoxLayout.Direction.TopToBottom if below else QBoxLayout.Direction.LeftToRight
        for diagram in self.diagrams:
            body = _body_layout(diagram)
            if body is not None:
                body.setDirection(direction)
