"""The client list as a Qt table model: a thin adapter over ``list[ClientListItem]``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from glutedesk.storage.clients import ClientListItem
from glutedesk.ui.formatting import format_date

ClientIdRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = ("Name", "Date of birth", "Visits", "Last visit")
NAME, DATE_OF_BIRTH, VISITS, LAST_VISIT = range(len(_HEADERS))

_Index = QModelIndex | QPersistentModelIndex


class ClientListModel(QAbstractTableModel):
    """Rows of clients, in the order given (storage sorts them by last then first name)."""

    def __init__(self, items: Sequence[ClientListItem] = (), parent=None) -> None:
        super().__init__(parent)
        self._items: list[ClientListItem] = list(items)

    def set_items(self, items: Sequence[ClientListItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ClientListItem:
        return self._items[row]

    def items(self) -> list[ClientListItem]:
        return list(self._items)

    def row_of(self, client_id: str) -> int | None:
        """Return the row showing ``client_id``, or None if it is not in the list."""
        return next((i for i, c in enumerate(self._items) if c.id == client_id), None)

    # Qt overrides -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return item.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VISITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ClientIdRole:
            return item.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == VISITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _display(item: ClientListItem, column: int) -> str | None:
    if column == NAME:
        return f"{item.last_name}, {item.first_name}" if item.last_name else item.first_name
    if column == DATE_OF_BIRTH:
        return format_date(item.date_of_birth, missing="")
    if column == VISITS:
        return str(item.visit_count)
    if column == LAST_VISIT:
        return format_date(item.last_visit, missing="")
    return None
