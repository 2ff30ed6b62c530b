"""The list of marked regions beside the diagram, editable from the keyboard.

Arrow keys move between marks (the diagram selects the same region); digits, symptom letters
and Delete go to the same key handler as the canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from glutedesk.domain.models import PainMark, SymptomType
from glutedesk.domain.regions import RegionManifest
from glutedesk.reports import map_style as ms
from glutedesk.ui.body_diagram.painting import paint_swatch
from glutedesk.ui.style import themed

REGION_ROLE = Qt.ItemDataRole.UserRole
WRAP = Qt.TextFlag.TextWordWrap
WRAP_MARGIN = 12  # the item's padding and the text margins either side

STYLE = """
QTreeWidget {
    background: #ffffff;
    alternate-background-color: #f8f9fa;
    border: 1px solid #d9dee2;
    border-radius: 6px;
    selection-background-color: #dbecee;
    selection-color: #1f2a30;
    outline: 0;
}
QTreeWidget:focus { border-color: #1f6f78; selection-background-color: #1f6f78;
    selection-color: white; }
QTreeWidget::item { padding: 3px 2px; }
QHeaderView::section { background: #ffffff; color: #5b6770; font-weight: 600; border: none;
    border-bottom: 1px solid #d9dee2; padding: 4px 6px; }
"""


def _swatch(intensity: int | None, symptom: SymptomType) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    entry = ms.LegendEntry("", ms.intensity_colour(intensity), ms.hatch_for(symptom))
    paint_swatch(painter, entry, 0.5, 0.5, 13.0, hatch_colour=ms.hatch_colour(intensity))
    painter.end()
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pixmap, mode)
    return icon


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column's width (the view does not say it)."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        text = index.data()
        if not isinstance(text, str) or not text:
            return hint
        width = self.parent().header().sectionSize(index.column()) - WRAP_MARGIN
        metrics = option.fontMetrics
        wrapped = metrics.boundingRect(QRect(0, 0, max(width, 20), 10_000), WRAP, text)
        return QSize(
            hint.width(), max(hint.height(), hint.height() - metrics.height() + wrapped.height())
        )


class MarksList(QTreeWidget):
    """Region | Symptom | Intensity, one row per mark, in manifest order."""

    region_selected = Signal(object)  # RegionId or None

    def __init__(self, regions: RegionManifest, key_handler: Callable[[QKeyEvent], bool]) -> None:
        super().__init__()
        self.setObjectName("bodyDiagramMarks")
        self.setStyleSheet(themed(STYLE))
        self._regions = regions
        self._key_handler = key_handler
        self._updating = False
        self._icons: dict[tuple[int | None, SymptomType], QIcon] = {}
        self.setColumnCount(3)
        self.setHeaderLabels(["Region", "Symptom", "Intensity"])
        self.setRootIsDecorated(False)
        # A long region name wraps onto a second line instead of being cut off.
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setIconSize(QSize(14, 14))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Rows are measured again when the region column's width changes (wrapping needs it).
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())
        self.setAccessibleName("Marked regions")
        self.currentItemChanged.connect(self._on_current_changed)

    def show_marks(self, marks: Iterable[PainMark], selected: str | None) -> None:
        """Show ``marks`` (in display order) and select ``selected``.

        Rows are updated in place (rebuilding a QTreeWidget costs ~10 ms, far too slow for a
        click), so only added, removed or changed marks touch the view.
        """
        self._updating = True
        try:
            marks = list(marks)
            wanted = [m.region_id for m in marks]
            for index in reversed(range(self.topLevelItemCount())):
                if self.topLevelItem(index).data(0, REGION_ROLE) not in wanted:
                    self.takeTopLevelItem(index)
            current = None
            for index, mark in enumerate(marks):
                item = self.topLevelItem(index)
                if item is None or item.data(0, REGION_ROLE) != mark.region_id:
                    item = QTreeWidgetItem()
                    item.setData(0, REGION_ROLE, mark.region_id)
                    label = (
                        self._regions.get(mark.region_id).label
                        if mark.region_id in self._regions
                        else f"{mark.region_id} (diagram version {mark.diagram_version})"
                    )
                    item.setText(0, label)
                    item.setToolTip(0, label)
                    self.insertTopLevelItem(index, item)
                symptom = ms.symptom_label(mark.symptom)
                intensity = ms.intensity_text(mark.intensity)
                if item.text(1) != symptom or item.text(2) != intensity:
                    item.setText(1, symptom)
                    item.setText(2, intensity)
                    key = (mark.intensity, mark.symptom)
                    if key not in self._icons:
                        self._icons[key] = _swatch(*key)
                    item.setIcon(2, self._icons[key])
                spoken = f"{item.text(0)}: {symptom}, {intensity}"
                if item.data(0, Qt.ItemDataRole.AccessibleTextRole) != spoken:
                    item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spoken)
                if mark.region_id == selected:
                    current = item
            self.setCurrentItem(current)
            if current is None:
                self.clearSelection()
            else:
                self.scrollToItem(current)
        finally:
            self._updating = False
        self._share_columns()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._share_columns()

    def _share_columns(self) -> None:
        """Intensity as wide as it needs; symptom at most 30 % (it wraps); region the rest.

        Sized to their contents the two short columns left a narrow list (the compare window,
        a 1024-px screen) a region column of a few letters.
        """
        width = self.viewport().width()
        header = self.header()
        wants = [max(header.sectionSizeHint(c), self.sizeHintForColumn(c)) for c in (1, 2)]
        intensity = min(wants[1], width // 3)
        symptom = min(wants[0], int(width * 0.3))
        header.resizeSection(2, intensity)
        header.resizeSection(1, symptom)

    def region_ids(self) -> tuple[str, ...]:
        """The region ids of the rows, top to bottom."""
        return tuple(
            self.topLevelItem(i).data(0, REGION_ROLE) for i in range(self.topLevelItemCount())
        )

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if self._updating:
            return
        self.region_selected.emit(None if current is None else current.data(0, REGION_ROLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key_handler(event):
            super().keyPressEvent(event)
