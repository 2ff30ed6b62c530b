"""The client list panel: a search box over a table of clients.

``ClientListView`` only lays out widgets; ``ClientList`` is the finished panel. It searches as
you type (debounced), keeps the selected client across searches and reloads, and tells the
window which client is selected through :attr:`ClientList.client_selected`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from glutedesk.storage.client_list import ClientListItem
from glutedesk.ui.busy import busy_cursor
from glutedesk.ui.client_list_model import (
    DATE_OF_BIRTH,
    LAST_VISIT,
    NAME,
    VISITS,
    ClientIdRole,
    ClientListModel,
)
from glutedesk.ui.client_name_delegate import ClientNameDelegate
from glutedesk.ui.row_tables import set_up_row_table
from glutedesk.ui.warm_up import holding_warm_up

SEARCH_DELAY_MS = 120
SEARCH_PLACEHOLDER = "Search clients by name…"

Search = Callable[[str], list[ClientListItem]]
RowsOf = Callable[[list[str]], list[ClientListItem]]


class ClientTable(QTableView):
    """The clients' table: its columns sized to their contents are measured once per change.

    Qt measures a column sized to its contents (``ResizeToContents``) again at every resize,
    show and style change of the table, each time from 50 rows and about eight roles a cell:
    three times before the first paint, about a tenth of the window's start-up (issue #14).
    The width can only change with the rows, their data, the font or the style, or with the
    first row shown (where Qt starts measuring), so it is kept until one of them changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widths: dict[tuple[int, int], int] = {}

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._forget_widths()
        if model is None:
            return
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.dataChanged,
        ):
            signal.connect(self._forget_widths)

    def _forget_widths(self, *_args: object) -> None:
        self._widths.clear()

    def sizeHintForColumn(self, column: int) -> int:
        key = (column, self.rowAt(0))
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = super().sizeHintForColumn(column)
        return width

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget_widths()
        super().changeEvent(event)


class ClientListView(QWidget):
    """Layout only: title, search box, and the table (or a note when it is empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientListPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel("Clients")
        self.title.setObjectName("panelTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search clients")

        self.table = ClientTable()
        set_up_row_table(self.table, "clientTable", row_height=34)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setAccessibleName("Clients")

        self.empty_label = QLabel()
        self.empty_label.setObjectName("noMatches")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 18, 16, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.stack, 1)


class ClientList(QWidget):
    """Search box and client table; emits the selected client's id (or None)."""

    client_selected = Signal(object)
    """The selected client changed: carries its id, or None when nothing is selected."""

    def __init__(
        self,
        search: Search,
        *,
        rows_of: RowsOf | None = None,
        view: ClientListView | None = None,
        parent: QWidget | None = None,
        load: bool = True,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._rows_of = rows_of
        self._selected_id: str | None = None
        self._restoring = False
        self.view = view or ClientListView()
        self.model = ClientListModel(parent=self)
        self.view.table.setModel(self.model)
        self.name_delegate = ClientNameDelegate(self.view.table)
        self.view.table.setItemDelegateForColumn(NAME, self.name_delegate)
        header = self.view.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (DATE_OF_BIRTH, VISITS, LAST_VISIT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # size columns from 50 rows, not 10,000
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._connect_callbacks()
        if load:
            self.reload()

    @property
    def selected_id(self) -> str | None:
        return self._selected_id

    @property
    def search_text(self) -> str:
        return self.view.search_edit.text()

    @holding_warm_up(quiet_s=0.0)  # a keystroke's search does not share Python with it
    def reload(self) -> bool:
        """Run the current search again, keeping the selection if the client is still listed.

        Returns True when the selected client changed (and ``client_selected`` was emitted).
        The whole list (no search text) of a large clinic takes a few hundred ms, the record
        shown again included: the wait cursor shows meanwhile.
        """
        with busy_cursor() if not self.search_text.strip() else contextlib.nullcontext():
            return self._reload()

    def _reload(self) -> bool:
        self.search_timer.stop()
        text = self.search_text.strip()
        items = self._search(text)
        before = self._selected_id
        self._restoring = True
        try:
            self.model.set_items(items)
            row = self.model.row_of(before) if before else None
            if row is not None:
                self._select_row(row)
        finally:
            self._restoring = False
        self._update_empty_note(text)
        return self._sync_selection()

    def refresh_clients(self, client_ids: Collection[str] | None) -> bool:
        """Show what a save changed; return True when the selected client changed.

        The rows of ``client_ids`` are replaced in place when each is listed and keeps its
        place (a visit saved, details other than the name edited): on a large clinic the
        whole list takes a few hundred ms to read again. Otherwise (a new, renamed or erased
        client, a search shown, or None: anything may have changed) :meth:`reload` runs.
        """
        if client_ids and self._replace_rows(client_ids):
            return False
        return self.reload()

    def _replace_rows(self, client_ids: Collection[str]) -> bool:
        if self._rows_of is None or self.search_text.strip():  # a search is quick to run again
            return False
        rows: dict[str, int] = {}
        for client_id in client_ids:
            row = self.model.row_of(client_id)
            if row is None:  # not listed yet: nothing to read
                return False
            rows[client_id] = row
        fresh = {item.id: item for item in self._rows_of(list(rows))}
        replacements: list[tuple[int, ClientListItem]] = []
        for client_id, row in rows.items():
            new = fresh.get(client_id)
            if new is None:  # erased
                return False
            old = self.model.item(row)
            if (old.last_name, old.first_name) != (new.last_name, new.first_name):
                return False  # its place in the name order may change: read the list again
            replacements.append((row, new))
        for row, new in replacements:
            self.model.replace(row, new)
        return True

    def select_client(self, client_id: str | None) -> bool:
        """Select ``client_id`` if it is listed (None clears the selection)."""
        row = self.model.row_of(client_id) if client_id else None
        if row is None:
            self.view.table.selectionModel().clearSelection()
            return client_id is None
        self._select_row(row)
        return True

    def focus_search(self) -> None:
        self.view.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.search_edit.selectAll()

    def focus_list(self) -> None:
        """Move the keyboard into the table, selecting the first client if none is."""
        if self.model.rowCount() == 0:
            return
        if self._selected_id is None:
            self._select_row(0)
        self.view.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # Wiring ---------------------------------------------------------------------------------

    def _connect_callbacks(self) -> None:
        self.view.search_edit.textChanged.connect(self.search_timer.start)
        self.view.search_edit.returnPressed.connect(self._leave_search)
        self.view.search_edit.installEventFilter(self)
        self.search_timer.timeout.connect(self.reload)
        self.view.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._leave_search()
            return True
        return super().eventFilter(watched, event)

    def _leave_search(self) -> None:
        """Down or Enter in the search box: finish any pending search, then go to the list."""
        if self.search_timer.isActive():
            self.reload()
        self.focus_list()

    def _on_selection_changed(self, *_args) -> None:
        if not self._restoring:
            self._sync_selection()

    def _sync_selection(self) -> bool:
        rows = self.view.table.selectionModel().selectedRows()
        current = rows[0].data(ClientIdRole) if rows else None
        if current == self._selected_id:
            return False
        self._selected_id = current
        self.client_selected.emit(current)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.table.scrollTo(index)

    def _update_empty_note(self, text: str) -> None:
        if self.model.rowCount():
            self.view.stack.setCurrentWidget(self.view.table)
            return
        if text:
            self.view.empty_label.setText(f"No clients match “{text}”.")
        else:
            self.view.empty_label.setText("No clients yet.")
        self.view.stack.setCurrentWidget(self.view.empty_label)
