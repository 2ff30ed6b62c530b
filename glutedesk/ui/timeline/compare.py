"""Two visits' body maps side by side, read-only, in their own window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from glutedesk.domain.models import Visit
from glutedesk.domain.regions import RegionManifest
from glutedesk.ui.body_diagram import BodyDiagram
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
            column.addWidget(heading)
            column.addWidget(caption)
            column.addWidget(diagram, 1)
            row.addLayout(column, 1)
            self.diagrams.append(diagram)
            self.captions.append(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(row)
        close_keys = [QKeySequence(Qt.Key.Key_Escape)]
        platform_close = QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
        close_keys += [k for k in platform_close if k not in close_keys]  # no ambiguous twins
        for keys in close_keys:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.close)
