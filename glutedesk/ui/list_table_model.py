"""A read-only Qt table model over a Python list: the shared part of GluteDesk's list models.

Subclasses name their column ``headers`` (and optional ``header_tips`` and per-column
``alignments``) and answer :meth:`cell` for one item, column and role.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
# Roles arrive as ints: comparing with a plain int is about 20 times quicker than with the enum
# member, and a view asks each visible cell for about eight roles at every paint.
ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Rows of ``T`` in the order given; one column per entry of ``headers``."""

    headers: ClassVar[tuple[str, ...]] = ()
    header_tips: ClassVar[tuple[str, ...]] = ()
    alignments: ClassVar[dict[int, Qt.AlignmentFlag]] = {}

    def __init__(self, items: Sequence[T] = (), parent=None) -> None:
        super().__init__(parent)
        self._items: list[T] = list(items)

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def replace(self, row: int, item: T) -> None:
        """Show ``item`` in ``row`` instead of what was there (the rows around it stay)."""
        self._items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def item(self, row: int) -> T:
        return self._items[row]

    def items(self) -> list[T]:
        return list(self._items)

    def cell(self, item: T, column: int, role: int) -> Any:
        """Return the data for ``item`` in ``column`` for ``role`` (None when there is none)."""
        raise NotImplementedError

    # Qt overrides -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._items):
            return None
        column = index.column()
        if role == ALIGNMENT_ROLE and column in self.alignments:
            return int(self.alignments[column] | Qt.AlignmentFlag.AlignVCenter)
        return self.cell(self._items[row], column, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tips):
            return self.header_tips[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.alignments:
            return int(self.alignments[section] | Qt.AlignmentFlag.AlignVCenter)
        return None
