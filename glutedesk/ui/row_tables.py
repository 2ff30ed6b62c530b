"""The house look of a read-only table of records, one record per row (clients, visits)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def set_up_row_table(
    table: QTableView, name: str, *, several: bool = False, row_height: int | None = None
) -> QTableView:
    """Give ``table`` the object name ``name`` (for the style sheet) and the house behaviour:
    whole rows selected (one, or ``several`` with Ctrl/Shift), never edited in place,
    alternating rows without a grid or wrapping, no row numbers, headers that do not light up;
    rows ``row_height`` px high when given."""
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if several else mode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    if row_height is not None:
        table.verticalHeader().setDefaultSectionSize(row_height)
    table.horizontalHeader().setHighlightSections(False)
    return table
