"""The client list's name cells: a name too long for its column wraps after the surname.

Eliding "Kowalska-Wiśniewska, Katarzyna" at the end of one line left two clients reading
"Kowalska-Wiśnie…" on a 1024-px laptop. A name that does not fit is drawn on two lines,
"Surname," over the first name, each cut short only if it alone is wider than the column; the
whole name is also the cell's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

NamePartsRole = Qt.ItemDataRole.UserRole + 2
"""(last name, first name) of the client in a name cell."""


class ClientNameDelegate(QStyledItemDelegate):
    """Draws a name cell on one line if it fits, else as "Surname," over the first name."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        parts = index.data(NamePartsRole)
        if not parts or not parts[0]:
            return
        last, first = parts
        style = option.widget.style() if option.widget is not None else None
        if style is None:
            return
        text_rect = style.subElementRect(
            QStyle.SubElement.SE_ItemViewItemText, option, option.widget
        )
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        room = text_rect.width() - 2 * margin
        metrics = option.fontMetrics
        if metrics.horizontalAdvance(option.text) <= room:
            return
        elide = Qt.TextElideMode.ElideRight
        lines = [
            metrics.elidedText(f"{last},", elide, room),
            metrics.elidedText(first, elide, room),
        ]
        option.text = "\n".join(lines)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText  # draws the line break
