"""The timeline table's columns sized to their widest text, as ``ResizeToContents`` sizes them,
for the cost of a few cells instead of every row's.

Qt's ``ResizeToContents`` asks the delegate for the size of every cell of a column (about eight
model roles each): for a 100-visit client with readings, ~22 ms of each opening. Every cell of
the table has the same font and no icon, so the widest cell of a column is the one whose
longest line is widest; only those few are measured by the delegate.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from glutedesk.ui.list_table_model import ListTableModel

# Cells whose longest line is within this many pixels of the widest are measured too: the
# delegate lays text out with the style's margins and may round differently from the metrics.
NEAR_PX = 3


def fit_columns(table: QTableView, columns: range | list[int]) -> None:
    """Give each of ``columns`` the width ``ResizeToContents`` would (the widest cell's size
    hint, or the header's if wider, within the header's minimum and maximum)."""
    model = table.model()
    header = table.horizontalHeader()
    if not isinstance(model, ListTableModel):
        raise TypeError("fit_columns sizes a ListTableModel's columns")
    metrics = table.fontMetrics()
    items = model.items()
    display = int(Qt.ItemDataRole.DisplayRole)
    grid = 1 if table.showGrid() else 0
    for column in columns:
        widths = []
        for row, item in enumerate(items):
            text = model.cell(item, column, display) or ""
            widths.append((max(metrics.horizontalAdvance(line) for line in text.split("\n")), row))
        widest = max((w for w, _row in widths), default=0)
        hint = max(
            (
                table.sizeHintForIndex(model.index(row, column)).width() + grid
                for w, row in widths
                if w >= widest - NEAR_PX
            ),
            default=0,
        )
        width = max(hint, header.sectionSizeHint(column))
        header.resizeSection(
            column, min(max(width, header.minimumSectionSize()), header.maximumSectionSize())
        )
