"""The timeline table's columns sized to their widest text, as ``ResizeToContents`` sizes them,
for the cost of a few cells instead of every row's.

Qt's ``ResizeToContents`` asks the delegate for the size of every cell of a column (about eight
model roles each): for a 100-visit client with readings, ~22 ms of each opening. Every cell of
the table has the same font and no icon, so a cell's size depends on its text only, and the
widest cell of a column is the one whose longest line is widest: only a text of each width
within a pixel of that is measured by the delegate (two or three cells a column, not 100).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QTableView

from glutedesk.ui.list_table_model import ListTableModel

# Texts whose longest line is within this many pixels of the widest are measured too (one text
# per width: texts as wide lay out as wide): the delegate rounds its text layout on its own.
NEAR_PX = 1.0


def fit_columns(table: QTableView, columns: range | list[int]) -> None:
    """Give each of ``columns`` the width ``ResizeToContents`` would (the widest cell's size
    hint, or the header's if wider, within the header's minimum and maximum)."""
    model = table.model()
    header = table.horizontalHeader()
    if not isinstance(model, ListTableModel):
        raise TypeError("fit_columns sizes a ListTableModel's columns")
    metrics = QFontMetricsF(table.font())
    items = model.items()
    display = int(Qt.ItemDataRole.DisplayRole)
    grid = 1 if table.showGrid() else 0
    for column in columns:
        rows: dict[str, int] = {}  # each text once: a cell's size hint depends on its text only
        for row, item in enumerate(items):
            rows.setdefault(model.cell(item, column, display) or "", row)
        by_width: dict[float, str] = {}
        for text in rows:
            width = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
            by_width.setdefault(round(width, 3), text)
        widest = max(by_width, default=0.0)
        hint = max(
            (
                table.sizeHintForIndex(model.index(rows[text], column)).width() + grid
                for width, text in by_width.items()
                if width >= widest - NEAR_PX
            ),
            default=0,
        )
        width = max(hint, header.sectionSizeHint(column))
        header.resizeSection(
            column, min(max(width, header.minimumSectionSize()), header.maximumSectionSize())
        )
