"""The client list as a Qt table model: a thin adapter over ``list[ClientListItem]``."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt

from glutedesk.storage.client_list import ClientListItem
from glutedesk.ui.client_name_delegate import NamePartsRole
from glutedesk.ui.formatting import format_date
from glutedesk.ui.list_table_model import ListTableModel

ClientIdRole = Qt.ItemDataRole.UserRole + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)  # ints: see list_table_model.ALIGNMENT_ROLE
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)

_HEADERS = ("Name", "Date of birth", "Visits", "Last visit")
NAME, DATE_OF_BIRTH, VISITS, LAST_VISIT = range(len(_HEADERS))


class ClientListModel(ListTableModel[ClientListItem]):
    """Rows of clients, in the order given (storage sorts them by last then first name)."""

    headers = _HEADERS
    alignments: ClassVar[dict[int, Qt.AlignmentFlag]] = {VISITS: Qt.AlignmentFlag.AlignRight}

    def row_of(self, client_id: str) -> int | None:
        """Return the row showing ``client_id``, or None if it is not in the list."""
        return next((i for i, c in enumerate(self._items) if c.id == client_id), None)

    def cell(self, item: ClientListItem, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return _display(item, column)
        if role == _TOOLTIP and column == NAME:
            return item.name
        if role == ClientIdRole:
            return item.id
        if role == NamePartsRole and column == NAME:
            return (item.last_name, item.first_name)
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
